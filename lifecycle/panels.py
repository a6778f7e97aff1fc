"""The case page's panel on the client's data: retention, legal hold, and the client's report."""

from typing import Any

from cases.http import AuthenticatedRequest
from cases.models import Case
from cases.models.access import case_is_read_only, may_see_client_logs
from lifecycle.models import LegalHold
from lifecycle.retention import case_retention, in_birthday_sample


def retention_panel_context(request: AuthenticatedRequest, case: Case) -> dict[str, Any]:
    """Context of ``lifecycle/_case_panel.html`` (the case is already access-checked).

    Two or three queries: the rules (for a closed case), the client's active hold.
    """
    return {
        "retention": case_retention(case),
        "hold": LegalHold.objects.active().filter(client_id=case.client_id).first(),
        "sampled": in_birthday_sample(case.client.date_of_birth),
        "may_hold": not case_is_read_only(request.user, case),
        "may_report": may_see_client_logs(request.user, case),
    }
