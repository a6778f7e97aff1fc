"""The mental-state scales in the admin (the administrator's reference data).

Assessments are deliberately not registered: they are case content, and
administrators do not read case content.
"""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from checkpoints.models import MentalStateLevel


@admin.register(MentalStateLevel)
class MentalStateLevelAdmin(SimpleHistoryAdmin):  # type: ignore[misc]  # simple-history is untyped
    list_display = ("name_fi", "team", "rank", "counts_as", "is_active")
    list_filter = ("is_active", "counts_as", "team")
    list_select_related = ("team",)
    ordering = ("team__name", "rank")
    fields = (
        "team",
        "code",
        "rank",
        "counts_as",
        "is_active",
        "name_fi",
        "name_sv",
        "name_en",
        "description_fi",
        "description_sv",
        "description_en",
    )
