"""Administration of users and teams (the administrator role's work), and the access log.

Clients, cases, journals and representatives are deliberately not registered:
administrators manage users and reference data and never read case content.
"""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from cases.models import AccessLog, Team, TeamMembership, User


class TeamMembershipInline(admin.TabularInline):
    model = TeamMembership
    extra = 1
    autocomplete_fields = ["user"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    fieldsets = (
        *DjangoUserAdmin.fieldsets,
        (_("Work"), {"fields": ("job_title", "work_phone", "language")}),
    )
    list_display = ("username", "first_name", "last_name", "is_active", "is_staff")
    inlines = [TeamMembershipInline]


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ("name",)
    search_fields = ("name",)
    inlines = [TeamMembershipInline]


@admin.register(AccessLog)
class AccessLogAdmin(admin.ModelAdmin):
    """The access log, read-only for everyone, superusers included.

    Clients show as their pseudonymous case code (``Client.__str__``), never by name.
    """

    list_display = ("at", "user", "action", "client", "object_type", "object_id")
    list_filter = ("action",)
    date_hierarchy = "at"
    # A select of every client or user would load them all; the log shows codes only.
    list_select_related = ("user", "client")
    readonly_fields = [f.name for f in AccessLog._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: AccessLog | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: AccessLog | None = None) -> bool:
        return False
