"""URLs of the lifecycle app (namespace ``lifecycle``): the client's report, holds, erasure."""

from django.urls import path

from lifecycle import views

app_name = "lifecycle"

urlpatterns = [
    path("clients/<uuid:client_id>/report/", views.client_report, name="client_report"),
    path("cases/<uuid:case_id>/legal-hold/", views.legal_hold, name="legal_hold"),
    path("data-destruction/", views.data_destruction, name="data_destruction"),
]
