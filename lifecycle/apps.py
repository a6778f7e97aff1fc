from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LifecycleConfig(AppConfig):
    """The client's data report, retention rules, legal holds and destruction."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "lifecycle"
    verbose_name = _("Retention and the client's data")

    @property
    def role_permissions(self) -> dict[str, list[str]]:
        """What each role may do with this app's models (see core.roles).

        Administrators keep the retention rules and see destruction records,
        which carry no personal data.
        """
        from core.roles import Role

        return {
            Role.ADMINISTRATOR: [
                "lifecycle.view_retentionrule",
                "lifecycle.change_retentionrule",
                "lifecycle.view_destructionrecord",
            ],
            Role.TEAM_LEAD: ["lifecycle.view_retentionrule"],
        }

    def ready(self) -> None:
        from core.panels import CasePanel, case_panel_register
        from lifecycle.panels import retention_panel_context

        case_panel_register(
            CasePanel(
                key="lifecycle.retention",
                template="lifecycle/_case_panel.html",
                context=retention_panel_context,
                order=900,
            )
        )
