from django.apps import AppConfig
from django.db.models.signals import post_save
from django.utils.translation import gettext_lazy as _


class ServicesConfig(AppConfig):
    """The nine statutory services, providers, referrals and compensation claims."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "services"
    verbose_name = _("Statutory services")

    @property
    def role_permissions(self) -> dict[str, list[str]]:
        """What each role may do with this app's models (see core.roles)."""
        from services.roles import SERVICES_ROLE_PERMISSIONS

        return SERVICES_ROLE_PERMISSIONS

    def ready(self) -> None:
        from cases.models import Case
        from core.panels import CasePanel, case_panel_register
        from services.panels import services_panel_context
        from services.receivers import case_opened

        case_panel_register(
            CasePanel(
                key="services.summary",
                template="services/_case_panel.html",
                context=services_panel_context,
                order=100,
            )
        )

        # A signal, although STYLE.md keeps business rules out of signals: a
        # case must get its entitlement board the moment it opens, but cases
        # may not import services (the dependencies point one way, cases ←
        # services). The receiver only calls the action, where the rule lives.
        post_save.connect(case_opened, sender=Case, dispatch_uid="services.case_opened")
