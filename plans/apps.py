from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# Casework on plans: workers and leads write plans and their parts. Nobody
# deletes a plan; parts are removed through plan_update, and history keeps them.
CASEWORK_PERMISSIONS = [
    f"plans.{verb}_{model}"
    for model in ("plan", "goal", "measure", "participant")
    for verb in ("add", "change", "view")
]
# Progress notes and replies to reviews are kept as written: added and read.
PROGRESS_PERMISSIONS = [
    f"plans.{verb}_{model}"
    for model in ("measureprogress", "planchangereply")
    for verb in ("add", "view")
]
REVIEW_PERMISSIONS = ["plans.add_planchangereview", "plans.view_planchangereview"]
# Issued copies of a plan are records of what was handed to the client: issued
# and read, never changed.
COPY_PERMISSIONS = ["plans.add_issuedcopy", "plans.view_issuedcopy"]


class PlansConfig(AppConfig):
    """Client plans and integration plans, their history and the team-lead views."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "plans"
    verbose_name = _("Plans")

    @property
    def role_permissions(self) -> dict[str, list[str]]:
        """What each role may do with this app's models (see core.roles).

        Administrators get nothing: plans are case content.
        """
        from core.roles import Role

        return {
            Role.SOCIAL_WORKER: [*CASEWORK_PERMISSIONS, *PROGRESS_PERMISSIONS, *COPY_PERMISSIONS],
            Role.TEAM_LEAD: [
                *CASEWORK_PERMISSIONS,
                *PROGRESS_PERMISSIONS,
                *REVIEW_PERMISSIONS,
                *COPY_PERMISSIONS,
            ],
        }

    def ready(self) -> None:
        from core.panels import CasePanel, case_panel_register
        from plans.panels import plans_panel_context

        case_panel_register(
            CasePanel(
                key="plans.plans",
                template="plans/_case_panel.html",
                context=plans_panel_context,
                order=300,
            )
        )
