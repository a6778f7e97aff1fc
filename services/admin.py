"""Administration of the services app's reference data, with its change history.

Entitlements, consents, referrals, costs and claims are deliberately not
registered: they are case content, and administrators never read case content.
"""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from services.models import EntitlementType, Provider, SupportServiceType


@admin.register(EntitlementType)
class EntitlementTypeAdmin(SimpleHistoryAdmin):  # type: ignore[misc]  # simple-history is untyped
    list_display = ("ordering", "number", "name_fi", "name_sv", "name_en", "applies_to")
    list_display_links = ("name_fi",)
    list_filter = ("applies_to",)
    search_fields = ("code", "name_fi", "name_sv", "name_en")


@admin.register(Provider)
class ProviderAdmin(SimpleHistoryAdmin):  # type: ignore[misc]  # simple-history is untyped
    list_display = ("name_fi", "name_sv", "name_en", "kind", "is_clients_own_county")
    list_filter = ("kind",)
    search_fields = ("code", "name_fi", "name_sv", "name_en", "aliases", "description")


@admin.register(SupportServiceType)
class SupportServiceTypeAdmin(SimpleHistoryAdmin):  # type: ignore[misc]  # simple-history is untyped
    list_display = ("ordering", "name_fi", "name_sv", "name_en")
    list_display_links = ("name_fi",)
    search_fields = ("code", "name_fi", "name_sv", "name_en")
    filter_horizontal = ("default_providers",)
