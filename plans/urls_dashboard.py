"""URLs of the dashboard and of recording outcome assessments (namespace ``dashboard``)."""

from django.urls import path

from plans import dashboard_views

app_name = "dashboard"

urlpatterns = [
    path("dashboard/", dashboard_views.dashboard_page, name="index"),
    path("dashboard/cases/<str:key>/", dashboard_views.dashboard_cases, name="cases"),
    path(
        "cases/<uuid:case_id>/outcomes/new/",
        dashboard_views.outcome_record,
        name="outcome_record",
    ),
]
