"""URLs of the dashboard and of recording outcome assessments (namespace ``dashboard``)."""

from django.urls import path

from dashboard import views

app_name = "dashboard"

urlpatterns = [
    path("dashboard/", views.dashboard_page, name="index"),
    path("dashboard/cases/<str:key>/", views.dashboard_cases, name="cases"),
    path(
        "cases/<uuid:case_id>/outcomes/new/",
        views.outcome_record,
        name="outcome_record",
    ),
]
