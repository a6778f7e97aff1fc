"""Panels of the case page: the next steps, and the trend toward the desired state over time."""

from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.http import AuthenticatedRequest
from cases.models import Case
from checkpoints.panels import page_latest_assessments
from dashboard.charts import TrendChart, trend_chart
from dashboard.models import OutcomeAssessment
from dashboard.models.outcomes import EMPOWERMENT_MAX, EMPOWERMENT_MIN, SupportNetwork, WorkingLife
from dashboard.next_steps import next_steps

# The panel draws the latest assessments; a case followed for years has more
# than a chart can show legibly, and the newest say where the client is going.
OUTCOME_TREND_SIZE = 12


@dataclass(frozen=True)
class OutcomeTrend:
    """One part of the desired state over time: its chart and what it is called."""

    key: str
    label: str
    chart: TrendChart


def outcome_trends(assessments: list[OutcomeAssessment]) -> list[OutcomeTrend]:
    """Working life, empowerment and support network, each on its own scale, oldest first."""
    working_life = list(WorkingLife)
    networks = list(SupportNetwork)
    ratings = [str(n) for n in range(EMPOWERMENT_MIN, EMPOWERMENT_MAX + 1)]
    return [
        OutcomeTrend(
            "working_life",
            _("Working life"),
            trend_chart(
                [
                    (
                        a.assessed_on,
                        working_life.index(WorkingLife(a.working_life)),
                        a.get_working_life_display(),
                    )
                    for a in assessments
                ],
                levels=[str(choice.label) for choice in working_life],
            ),
        ),
        OutcomeTrend(
            "empowerment",
            _("Empowerment (the client's own rating 1–5)"),
            trend_chart(
                [
                    (a.assessed_on, a.empowerment - EMPOWERMENT_MIN, str(a.empowerment))
                    for a in assessments
                ],
                levels=ratings,
            ),
        ),
        OutcomeTrend(
            "support_network",
            _("Support network"),
            trend_chart(
                [
                    (
                        a.assessed_on,
                        networks.index(SupportNetwork(a.support_network)),
                        a.get_support_network_display(),
                    )
                    for a in assessments
                ],
                levels=[str(choice.label) for choice in networks],
            ),
        ),
    ]


def outcome_panel_context(request: AuthenticatedRequest, case: Case) -> dict[str, Any]:
    """Context of ``dashboard/_outcome_panel.html``; one query (the case is access-checked)."""
    newest_first = list(
        OutcomeAssessment.objects.filter(case=case).select_related("recorded_by")[
            : OUTCOME_TREND_SIZE + 1
        ]
    )
    shown = newest_first[:OUTCOME_TREND_SIZE]
    assessments = list(reversed(shown))
    return {
        "assessments": assessments,
        "current": shown[0] if shown else None,
        "more": len(newest_first) > OUTCOME_TREND_SIZE,
        "trends": outcome_trends(assessments) if assessments else [],
        "record_url": reverse("dashboard:outcome_record", kwargs={"case_id": case.pk}),
    }


# The case page leads with this many steps; the others are a click away.
TOP_STEPS = 3


def next_steps_panel_context(request: AuthenticatedRequest, case: Case) -> dict[str, Any]:
    """Context of ``dashboard/_next_steps_panel.html``: the case's next steps, most urgent first."""
    today = timezone.localdate()
    steps = next_steps(
        case, today=today, latest=lambda: page_latest_assessments(request, case, on=today)
    )
    return {"top": steps[:TOP_STEPS], "more": steps[TOP_STEPS:]}
