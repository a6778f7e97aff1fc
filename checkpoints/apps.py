from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CheckpointsConfig(AppConfig):
    """Readiness checkpoints: mental state, literacy and language."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "checkpoints"
    verbose_name = _("Readiness checkpoints")

    @property
    def role_permissions(self) -> dict[str, list[str]]:
        """What each role may do with this app's models (see core.roles).

        Assessments are evidence: nobody changes or deletes them, so workers
        and leads get add and view only. Administrators keep the mental-state
        scales and never read assessments (case content).
        """
        from core.roles import Role

        casework = [
            f"checkpoints.{verb}_{model}"
            for model in ("mentalstateassessment", "literacyassessment", "languageassessment")
            for verb in ("add", "view")
        ]
        return {
            Role.SOCIAL_WORKER: [*casework, "checkpoints.view_mentalstatelevel"],
            Role.TEAM_LEAD: [*casework, "checkpoints.view_mentalstatelevel"],
            Role.ADMINISTRATOR: [
                f"checkpoints.{verb}_mentalstatelevel" for verb in ("add", "change", "view")
            ],
        }

    def ready(self) -> None:
        from checkpoints.panels import pathway_panel_context
        from core.panels import CasePanel, case_panel_register

        case_panel_register(
            CasePanel(
                key="checkpoints.pathway",
                template="checkpoints/_pathway_panel.html",
                context=pathway_panel_context,
                order=200,
            )
        )
