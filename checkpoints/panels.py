"""The pathway on the case page: the checkpoints, and what the client is ready for next."""

import datetime
from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.http import AuthenticatedRequest
from cases.models import Case
from checkpoints.models import Assessment
from checkpoints.readiness import LatestAssessments, latest_assessments, readiness_for_case
from core.panels import panel_shared
from core.scales import INTEGRATION_LANGUAGES, Checkpoint
from core.templatetags.polku import language_names

RECORD_URL_NAMES: dict[str, str] = {
    Checkpoint.MENTAL_STATE: "checkpoints:mental_state_assess",
    Checkpoint.LITERACY: "checkpoints:literacy_assess",
    Checkpoint.LANGUAGE: "checkpoints:language_assess",
}


@dataclass(frozen=True)
class CheckpointRow:
    """One line of the pathway table: a checkpoint (or language) and its latest assessment."""

    checkpoint: str
    label: str
    assessment: Assessment | None
    record_url: str
    overdue: bool
    # The language of a language row (ISO 639-3), empty for the other checkpoints.
    language: str = ""


def record_url(case: Case, checkpoint: str, language: str = "") -> str:
    """The page recording a new assessment at ``checkpoint`` (preselecting ``language``)."""
    url = reverse(RECORD_URL_NAMES[checkpoint], kwargs={"case_id": case.pk})
    return f"{url}?language={language}" if language else url


def checkpoint_rows(case: Case, latest: LatestAssessments) -> list[CheckpointRow]:
    """Mental state, literacy, then Finnish, Swedish and any other language assessed."""
    on = latest.on

    def row(checkpoint: str, label: str, assessment: Assessment | None, language: str = "") -> Any:
        return CheckpointRow(
            checkpoint=checkpoint,
            label=label,
            assessment=assessment,
            record_url=record_url(case, checkpoint, language),
            overdue=assessment is not None and assessment.is_overdue(on),
            language=language,
        )

    rows = [
        row(Checkpoint.MENTAL_STATE, _("Mental state"), latest.mental_state),
        row(Checkpoint.LITERACY, _("Literacy"), latest.literacy),
    ]
    others = sorted(set(latest.languages) - set(INTEGRATION_LANGUAGES))
    for code in [*INTEGRATION_LANGUAGES, *others]:
        label = _("Language: %(language)s") % {"language": language_names(code)}
        rows.append(row(Checkpoint.LANGUAGE, label, latest.languages.get(code), code))
    return rows


def page_latest_assessments(
    request: AuthenticatedRequest, case: Case, *, on: datetime.date
) -> LatestAssessments:
    """The case's latest assessments on ``on``, read once for all the panels of the page.

    The pathway panel shows them; the next steps name what blocks a measure from them.
    """
    return panel_shared(
        request, ("checkpoints.latest", case.pk, on), lambda: latest_assessments(case, on=on)
    )


def pathway_panel_context(request: AuthenticatedRequest, case: Case) -> dict[str, Any]:
    """Context of ``checkpoints/_pathway_panel.html`` (the case is already access-checked)."""
    today = timezone.localdate()
    readiness = readiness_for_case(
        case, on=today, latest=page_latest_assessments(request, case, on=today)
    )
    return {
        "readiness": readiness,
        "rows": checkpoint_rows(case, readiness.latest),
        "without_prerequisites": len(readiness.ready) - len(readiness.ready_next),
        "today": today,
    }
