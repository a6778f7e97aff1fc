"""The secondary buttons of the plan pages carry one button style, not two that clash.

crispy's ``Submit`` adds ``btn-primary`` to whatever ``css_class`` it is given,
which drew "Compare" and "Filter" as blue text on blue.
"""

import pytest

from cases.models import User
from plans.forms.changes import PlanChangeFilterForm
from plans.forms.plans import PlanVersionsForm


@pytest.mark.django_db
def test_compare_and_filter_buttons_are_outline_only(leena: User) -> None:
    helpers = [PlanVersionsForm(versions=[]).helper, PlanChangeFilterForm(user=leena).helper]
    for helper in helpers:
        (button,) = helper.inputs
        classes = button.field_classes.split()
        assert "btn-outline-primary" in classes
        assert "btn-primary" not in classes
