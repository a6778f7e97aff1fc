"""URLs of the cases app: the caseload, clients, cases, the journal and need-to-know access."""

from django.urls import path

from cases.views import access, caseload, journal, records, second_factor

urlpatterns = [
    path("", caseload.caseload, name="home"),
    path("accounts/second-factor/", second_factor.second_factor, name="second_factor"),
    path(
        "accounts/second-factor/setup/",
        second_factor.second_factor_setup,
        name="second_factor_setup",
    ),
    path(
        "accounts/second-factor/verify/",
        second_factor.second_factor_verify,
        name="second_factor_verify",
    ),
    path(
        "accounts/second-factor/recovery-codes/",
        second_factor.second_factor_recovery_codes,
        name="second_factor_recovery_codes",
    ),
    path("clients/new/", records.client_create, name="client_create"),
    path("clients/<uuid:client_id>/access-log/", access.client_access_log, name="access_log"),
    path(
        "clients/<uuid:client_id>/access-log.pdf",
        access.client_access_log_pdf,
        name="access_log_pdf",
    ),
    path("cases/<uuid:case_id>/", records.case_detail, name="case_detail"),
    path("cases/<uuid:case_id>/reveal/", records.case_reveal, name="case_reveal"),
    path("cases/<uuid:case_id>/edit/", records.case_edit, name="case_edit"),
    path("cases/<uuid:case_id>/client/", records.client_edit, name="client_edit"),
    path("cases/<uuid:case_id>/close/", records.case_close, name="case_close"),
    path(
        "cases/<uuid:case_id>/representative/",
        records.representative_edit,
        name="representative_edit",
    ),
    path("cases/<uuid:case_id>/journal/", journal.journal, name="journal"),
    path(
        "cases/<uuid:case_id>/journal/<uuid:entry_id>/correct/",
        journal.journal_correct,
        name="journal_correct",
    ),
    path("cases/<uuid:case_id>/break-glass/", access.break_glass, name="break_glass"),
    path("break-glass/", access.break_glass_reviews, name="break_glass_reviews"),
    path(
        "break-glass/<uuid:access_id>/review/",
        access.break_glass_review,
        name="break_glass_review",
    ),
]
