from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# Outcome assessments are evidence, like the checkpoints' assessments: added
# and read, never changed or deleted.
OUTCOME_PERMISSIONS = ["dashboard.add_outcomeassessment", "dashboard.view_outcomeassessment"]


class DashboardConfig(AppConfig):
    """Outcomes toward the desired state, the pathway state and the team-lead dashboard."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "dashboard"
    verbose_name = _("Dashboard")

    @property
    def role_permissions(self) -> dict[str, list[str]]:
        """What each role may do with this app's models (see core.roles).

        Administrators get nothing: outcomes are case content.
        """
        from core.roles import Role

        return {Role.SOCIAL_WORKER: OUTCOME_PERMISSIONS, Role.TEAM_LEAD: OUTCOME_PERMISSIONS}

    def ready(self) -> None:
        from core.caseload import next_step_source_register
        from core.panels import CasePanel, case_panel_register
        from dashboard import next_steps
        from dashboard.panels import next_steps_panel_context, outcome_panel_context
        from dashboard.pathway import connect_receivers

        connect_receivers()
        next_step_source_register(next_steps)
        case_panel_register(
            CasePanel(
                key="dashboard.next_steps",
                template="dashboard/_next_steps_panel.html",
                context=next_steps_panel_context,
                order=0,
                leads=True,
            )
        )
        case_panel_register(
            CasePanel(
                key="dashboard.outcomes",
                template="dashboard/_outcome_panel.html",
                context=outcome_panel_context,
                order=400,
            )
        )
