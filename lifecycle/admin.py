"""Administration of retention rules, and the destruction records (read-only).

Legal holds are not here: they are placed on the case page by the client's
workers and lead, and administrators never read case content.
"""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from cases.admin import ReadOnlyLogAdmin
from lifecycle.models import DestructionRecord, RetentionRule


@admin.register(RetentionRule)
class RetentionRuleAdmin(SimpleHistoryAdmin):  # type: ignore[misc]  # simple-history is untyped
    """One rule per kind of case: editable, never added or removed (the kinds are fixed)."""

    list_display = ("applies_to", "years", "counted_from", "source", "source_checked")
    readonly_fields = ("applies_to",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(DestructionRecord)
class DestructionRecordAdmin(ReadOnlyLogAdmin):
    """What was destroyed, when and why: no personal data, nothing to change."""

    list_display = ("destroyed_at", "kind", "rule", "retention_ended_on", "by")
    list_filter = ("kind",)
    date_hierarchy = "destroyed_at"
