"""Helpers of the plans view tests (no tests here): URLs, and a form posted back as shown."""

import datetime
import uuid

from django import forms
from django.http import HttpResponse
from django.urls import reverse

from plans.models import Plan


def plan_url(name: str, plan: Plan) -> str:
    return reverse(f"plans:{name}", kwargs={"case_id": plan.case_id, "plan_id": plan.pk})


def form_data(response: HttpResponse) -> dict[str, str]:
    """Every field of the edit page as the browser would send it back (input kept, as shown)."""
    context = response.context
    forms_shown: list[forms.Form] = [context["plan_form"]]
    for formset in context["parts"].formsets:
        forms_shown.append(formset.management_form)
        forms_shown.extend(formset.forms)
    data: dict[str, str] = {}
    for form in forms_shown:
        for field in form:
            value = field.value()
            if isinstance(field.field.widget, forms.CheckboxInput):
                if value:
                    data[field.html_name] = "on"
                continue
            if value in (None, "") and isinstance(field.field.widget, forms.Select):
                # A browser sends the first option of a select that has none selected.
                choices = list(field.field.choices)
                value = choices[0][0] if choices else ""
            if value is None:
                value = ""
            if isinstance(value, datetime.date):
                value = value.isoformat()
            if isinstance(value, uuid.UUID):
                value = str(value)
            data[field.html_name] = str(value)
    return data
