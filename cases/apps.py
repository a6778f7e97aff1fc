from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    """Users, teams, clients and cases: the base of the pathway."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "cases"
    verbose_name = _("Clients and cases")
