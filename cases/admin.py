"""Administration of users and teams (the administrator role's work), and the two logs.

Clients, cases, journals and representatives are deliberately not registered:
administrators manage users and reference data and never read case content.
Nobody widens their own access here: an administrator's own roles, flags and
team memberships are read-only to them, and a team's memberships cannot name
the person editing them. Every change of roles and memberships goes into the
access-grant log (``cases.receivers``), which the teams' leads see.
"""

from typing import Any, cast

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db.models import QuerySet
from django.forms.models import BaseInlineFormSet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_otp.plugins.otp_totp.models import TOTPDevice

from cases import actions
from cases.models import (
    AccessGrant,
    AccessLog,
    DisclosureLog,
    JobTitle,
    Team,
    TeamMembership,
    User,
)

# What decides a user's access: read-only when the user edits themselves.
OWN_ACCESS_FIELDS = ("groups", "user_permissions", "is_superuser", "is_staff", "is_active")


def _refusing_own_membership(request: HttpRequest) -> type[BaseInlineFormSet[Any, Any, Any]]:
    class OwnMembershipRefusingFormSet(BaseInlineFormSet[Any, Any, Any]):
        """Memberships that may not add or promote the person editing them."""

        def clean(self) -> None:
            super().clean()
            for form in self.forms:
                if not form.has_changed() or self._should_delete_form(form):  # type: ignore[attr-defined]  # Django's own test, unstubbed
                    continue
                user = form.cleaned_data.get("user")
                if user is not None and user.pk == request.user.pk:
                    form.add_error(
                        "user" if "user" in form.fields else None,
                        forms.ValidationError(
                            _("Nobody can widen their own access: ask another administrator."),
                            code="own_access",
                        ),
                    )

    return OwnMembershipRefusingFormSet


class TeamMembershipInline(admin.TabularInline[TeamMembership, Any]):
    model = TeamMembership
    extra = 1
    autocomplete_fields = ["user"]

    def get_formset(self, request: HttpRequest, obj: Any = None, **kwargs: Any) -> Any:
        kwargs["formset"] = _refusing_own_membership(request)
        return super().get_formset(request, obj, **kwargs)

    def _own(self, request: HttpRequest, obj: Any) -> bool:
        return isinstance(obj, User) and obj.pk == request.user.pk

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not self._own(request, obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not self._own(request, obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not self._own(request, obj) and super().has_delete_permission(request, obj)


@admin.register(User)
class UserAdmin(DjangoUserAdmin[User]):
    fieldsets = (
        *(DjangoUserAdmin.fieldsets or ()),
        (_("Work"), {"fields": ("job_title", "work_phone", "language")}),
        (_("Second factor"), {"fields": ("second_factor_set_up",)}),
    )
    list_display = ("username", "first_name", "last_name", "is_active", "is_staff")
    inlines = [TeamMembershipInline]
    actions = ["second_factor_reset"]

    @admin.action(permissions=["change"], description=_("Reset the second factor"))
    def second_factor_reset(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        """Make the chosen users set up their second factor again; never one's own."""
        done = 0
        for user in queryset:
            try:
                actions.second_factor_reset(user=user, by=cast(User, request.user))
            except actions.CaseActionError as error:
                self.message_user(request, f"{user.username}: {error}", messages.ERROR)
            else:
                done += 1
        if done:
            self.message_user(
                request,
                ngettext(
                    "The second factor of %(count)d user was reset: they set it up again.",
                    "The second factors of %(count)d users were reset: they set them up again.",
                    done,
                )
                % {"count": done},
                messages.SUCCESS,
            )

    @admin.display(description=_("Authenticator app set up"), boolean=True)
    def second_factor_set_up(self, obj: User) -> bool:
        return bool(TOTPDevice.objects.filter(user=obj, confirmed=True).exists())

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        fields = [*super().get_readonly_fields(request, obj), "second_factor_set_up"]
        if obj is not None and obj.pk == request.user.pk:
            fields += [name for name in OWN_ACCESS_FIELDS if name not in fields]
        return fields


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin[Team]):
    list_display = ("name",)
    search_fields = ("name",)
    inlines = [TeamMembershipInline]


@admin.register(JobTitle)
class JobTitleAdmin(admin.ModelAdmin[JobTitle]):
    """Job titles as reference data: a worker's title prints in the client's copy's language."""

    list_display = ("name_fi", "name_sv", "name_en")
    search_fields = ("code", "name_fi", "name_sv", "name_en")


class ReadOnlyLogAdmin(admin.ModelAdmin[Any]):
    """A log, read-only for everyone, superusers included."""

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return [f.name for f in self.model._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(AccessLog)
class AccessLogAdmin(ReadOnlyLogAdmin):
    """The access log. Clients show as their pseudonymous case code, never by name."""

    list_display = ("at", "user", "action", "client", "object_type", "object_id")
    list_filter = ("action",)
    date_hierarchy = "at"
    # A select of every client or user would load them all; the log shows codes only.
    list_select_related = ("user", "client")


@admin.register(AccessGrant)
class AccessGrantAdmin(ReadOnlyLogAdmin):
    """The access-grant log: who changed whose roles, teams and cases."""

    list_display = ("at", "actor", "subject", "kind", "team", "detail")
    list_filter = ("kind",)
    date_hierarchy = "at"
    list_select_related = ("actor", "subject", "team")


@admin.register(DisclosureLog)
class DisclosureLogAdmin(ReadOnlyLogAdmin):
    """The disclosure log: to whom clients' data went. Clients show as case codes."""

    list_display = ("at", "user", "client", "recipient", "legal_basis", "data_kind")
    list_filter = ("data_kind", "legal_basis", "recipient_kind")
    date_hierarchy = "at"
    list_select_related = ("user", "client")
