from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    """Users, teams, clients and cases: the base of the pathway."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "cases"
    verbose_name = _("Clients and cases")

    @property
    def role_permissions(self) -> dict[str, list[str]]:
        """What each role may do with this app's models (see core.roles)."""
        from core.roles import Role

        casework = [
            f"cases.{verb}_{model}"
            for model in ("client", "case", "journalentry", "representative")
            for verb in ("add", "change", "view")
        ]
        return {
            Role.SOCIAL_WORKER: ["cases.view_team", *casework],
            # The lead answers the client's question "who has looked at my data".
            Role.TEAM_LEAD: [
                "cases.view_team",
                *casework,
                "cases.view_accesslog",
                "cases.view_disclosurelog",
                "cases.view_accessgrant",
            ],
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
                "cases.view_accessgrant",
            ],
        }

    def ready(self) -> None:
        from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save

        from cases import receivers
        from cases.models import TeamMembership, User

        m2m_changed.connect(
            receivers.user_groups_changed,
            sender=User.groups.through,
            dispatch_uid="cases.grants.groups",
        )
        pre_save.connect(receivers.user_saving, sender=User, dispatch_uid="cases.grants.user")
        post_save.connect(receivers.user_saved, sender=User, dispatch_uid="cases.grants.user")
        pre_save.connect(
            receivers.membership_saving, sender=TeamMembership, dispatch_uid="cases.grants.team"
        )
        post_save.connect(
            receivers.membership_saved, sender=TeamMembership, dispatch_uid="cases.grants.team"
        )
        post_delete.connect(
            receivers.membership_deleted, sender=TeamMembership, dispatch_uid="cases.grants.team"
        )
