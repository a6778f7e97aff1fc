"""Polku's URLs: each app owns its own; admin for user and reference data."""

from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

admin.site.site_header = _("Polku administration")
admin.site.site_title = _("Polku administration")
admin.site.index_title = _("Users and reference data")

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("core.urls")),
    path("", include("cases.urls")),
    path("", include("services.urls")),
    path("", include("checkpoints.urls")),
    path("", include("plans.urls")),
    path("", include("dashboard.urls")),
    path("", include("lifecycle.urls")),
]
