from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServicesConfig(AppConfig):
    """The nine statutory services, providers, referrals and compensation claims."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "services"
    verbose_name = _("Statutory services")
