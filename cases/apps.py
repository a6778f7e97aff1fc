from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    """Users, teams, clients and cases: the base of the pathway."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "cases"
    verbose_name = _("Clients and cases")

    @property
    def role_permissions(self) -> dict:
        """What each role may do with this app's models (see cases.roles)."""
        from cases.models import Role

        casework = [
            f"cases.{verb}_{model}"
            for model in ("client", "case", "journalentry", "representative")
            for verb in ("add", "change", "view")
        ]
        return {
            Role.SOCIAL_WORKER: ["cases.view_team", *casework],
            # The lead answers the client's question "who has looked at my data".
            Role.TEAM_LEAD: ["cases.view_team", *casework, "cases.view_accesslog"],
            # Users are deactivated, never deleted, so every record keeps its author.
            Role.ADMINISTRATOR: [
                "cases.add_user",
                "cases.change_user",
                "cases.view_user",
                "cases.add_team",
                "cases.change_team",
                "cases.delete_team",
                "cases.view_team",
                "cases.add_teammembership",
                "cases.change_teammembership",
                "cases.delete_teammembership",
                "cases.view_teammembership",
                "auth.view_group",
            ],
        }

    def ready(self) -> None:
        from cases.roles import roles_sync

        post_migrate.connect(roles_sync, sender=self, dispatch_uid="cases.roles_sync")
