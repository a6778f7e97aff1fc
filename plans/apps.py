from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# Casework on plans: workers and leads write plans and their parts. Nobody
# deletes a plan; parts are removed through plan_update, and history keeps them.
CASEWORK_PERMISSIONS = [
    f"plans.{verb}_{model}"
    for model in ("plan", "goal", "measure", "participant")
    for verb in ("add", "change", "view")
]
REVIEW_PERMISSIONS = ["plans.add_planchangereview", "plans.view_planchangereview"]


class PlansConfig(AppConfig):
    """Client plans and integration plans, their history and the team-lead views."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "plans"
    verbose_name = _("Plans")

    @property
    def role_permissions(self) -> dict:
        """What each role may do with this app's models (see cases.roles).

        Administrators get nothing: plans are case content.
        """
        from cases.models import Role

        return {
            Role.SOCIAL_WORKER: CASEWORK_PERMISSIONS,
            Role.TEAM_LEAD: [*CASEWORK_PERMISSIONS, *REVIEW_PERMISSIONS],
        }
