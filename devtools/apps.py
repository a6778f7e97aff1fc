from django.apps import AppConfig


class DevtoolsConfig(AppConfig):
    """Demo data and benchmarks, for development, CI and the benchmark machine only."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "devtools"
    verbose_name = "Development tools"
