"""URLs of the dashboard, outcome assessments and the statistics (namespace ``dashboard``)."""

from django.urls import path

from dashboard import views

app_name = "dashboard"

urlpatterns = [
    path("dashboard/", views.dashboard_page, name="index"),
    path("dashboard/cases/<str:key>/", views.dashboard_cases, name="cases"),
    path("statistics/", views.statistics_page, name="statistics"),
    path("statistics.csv", views.statistics_csv, name="statistics_csv"),
    path(
        "cases/<uuid:case_id>/outcomes/new/",
        views.outcome_record,
        name="outcome_record",
    ),
]
