"""URLs of the plans of a case and of the team lead's feed of plan changes (namespace ``plans``).

Case pages take ``case_id`` (and ``plan_id``), so the access test covers them;
the feed is the lead's own and is tested in ``tests/plans``.
"""

from django.urls import path

from plans.views import changes, copies, edit, history, plans, translations

app_name = "plans"

urlpatterns = [
    path("cases/<uuid:case_id>/plans/", plans.plan_list, name="plan_list"),
    path("cases/<uuid:case_id>/plans/new/<str:kind>/", edit.plan_create, name="plan_create"),
    path("cases/<uuid:case_id>/plans/<uuid:plan_id>/", plans.plan_detail, name="plan_detail"),
    path("cases/<uuid:case_id>/plans/<uuid:plan_id>/edit/", edit.plan_edit, name="plan_edit"),
    path(
        "cases/<uuid:case_id>/plans/<uuid:plan_id>/activate/",
        plans.plan_activate,
        name="plan_activate",
    ),
    path("cases/<uuid:case_id>/plans/<uuid:plan_id>/close/", plans.plan_close, name="plan_close"),
    path(
        "cases/<uuid:case_id>/plans/<uuid:plan_id>/history/",
        history.plan_history,
        name="plan_history",
    ),
    path(
        "cases/<uuid:case_id>/plans/<uuid:plan_id>/translations/",
        translations.plan_translations,
        name="plan_translations",
    ),
    path(
        "cases/<uuid:case_id>/plans/<uuid:plan_id>/copies/new/",
        copies.plan_copy_new,
        name="plan_copy_new",
    ),
    path(
        "cases/<uuid:case_id>/plans/<uuid:plan_id>/copies/<uuid:copy_id>/",
        copies.plan_copy_download,
        name="plan_copy_download",
    ),
    path(
        "cases/<uuid:case_id>/plans/<uuid:plan_id>/reviews/<uuid:review_id>/reply/",
        changes.plan_change_reply,
        name="plan_change_reply",
    ),
    path(
        "cases/<uuid:case_id>/plans/<uuid:plan_id>/measures/<uuid:measure_id>/progress/",
        plans.measure_progress,
        name="measure_progress",
    ),
    path("plans/changes/", changes.plan_changes, name="plan_changes"),
    path(
        "plans/changes/<uuid:plan_id>/<int:version>/review/",
        changes.plan_change_review,
        name="plan_change_review",
    ),
]
