"""Form fields shared by the services app's forms."""

import datetime
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone

from services.models import Provider


class ProviderChoiceField(forms.ModelChoiceField[Provider]):
    """A provider by today's name, with the older names people still use."""

    def label_from_instance(self, obj: Provider) -> str:
        return obj.display_name


class ProviderMultipleChoiceField(forms.ModelMultipleChoiceField[Provider]):
    """Providers by today's name in the reader's language, with the older names."""

    def label_from_instance(self, obj: Provider) -> str:
        return obj.display_name


class NamedChoiceField(forms.ModelChoiceField[Any]):
    """An entitlement or support service by its name in the active language."""

    def label_from_instance(self, obj: Any) -> str:
        return str(obj)


class EuroField(forms.DecimalField):
    """Euros to the cent as a ``Decimal``: "1 234,56" and "1234.56" both read as 1234.56.

    Spaces are dropped first, because Finns group thousands with a space.
    """

    def to_python(self, value: Any) -> Any:
        if isinstance(value, str):
            value = "".join(value.split())
        return super().to_python(value)


def providers() -> QuerySet[Provider]:
    """Providers in their list order, fresh for each form."""
    return Provider.objects.order_by("ordering", "name_fi")


def today() -> datetime.date:
    """Today, as the initial value of a date field (evaluated when the form is shown)."""
    return timezone.localdate()
