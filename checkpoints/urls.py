"""URLs of the checkpoints app; each takes the case, so the access test covers them."""

from django.urls import path

from checkpoints import views
from core.scales import Checkpoint

app_name = "checkpoints"

urlpatterns = [
    path(
        "cases/<uuid:case_id>/assessments/",
        views.assessment_history,
        name="assessment_history",
    ),
    path(
        "cases/<uuid:case_id>/assessments/mental-state/new/",
        views.assessment_record,
        {"checkpoint": Checkpoint.MENTAL_STATE},
        name="mental_state_assess",
    ),
    path(
        "cases/<uuid:case_id>/assessments/literacy/new/",
        views.assessment_record,
        {"checkpoint": Checkpoint.LITERACY},
        name="literacy_assess",
    ),
    path(
        "cases/<uuid:case_id>/assessments/language/new/",
        views.assessment_record,
        {"checkpoint": Checkpoint.LANGUAGE},
        name="language_assess",
    ),
]
