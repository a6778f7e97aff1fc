from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """Shared parts of Polku: PDF, history, concurrency, roles, scales, the base UI."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "core"
    verbose_name = _("Polku")

    def ready(self) -> None:
        from django.db.models import ForeignKey, UUIDField

        from core.lookups import AnyOf
        from core.printlanguages import print_languages
        from core.roles import roles_sync

        # A broken print-languages file stops Polku at start-up, not at the first print.
        print_languages()

        UUIDField.register_lookup(AnyOf)
        ForeignKey.register_lookup(AnyOf)

        post_migrate.connect(roles_sync, sender=self, dispatch_uid="core.roles_sync")
