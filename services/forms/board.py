"""The entitlement board's forms: every row on one page, and one entitlement with all its dates."""

from typing import Any, cast

from crispy_forms.layout import Div, Fieldset, Layout
from django import forms
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from core.concurrency import VersionedFormMixin
from core.forms import form_helper, literal_legend
from core.forms.fields import DateInput
from services.actions import BoardChange
from services.forms.fields import ProviderChoiceField, providers
from services.models import Entitlement, Provider
from services.selectors import BoardRow


class EntitlementForm(VersionedFormMixin, forms.Form):
    """Where the case stands with one entitlement.

    A plain form, not a ModelForm: ``entitlement_update`` fills in the date of
    the status reached, so the model's own validation must run after it.
    """

    status = forms.ChoiceField(label=_("Status"), choices=Entitlement.Status.choices)
    provider = ProviderChoiceField(label=_("Provider"), queryset=providers(), required=False)
    assessed_on = forms.DateField(
        label=_("Assessed on"),
        required=False,
        widget=DateInput(),
        help_text=_("Today if left empty."),
    )
    applied_on = forms.DateField(label=_("Applied for on"), required=False, widget=DateInput())
    decided_on = forms.DateField(label=_("Decided on"), required=False, widget=DateInput())
    started_on = forms.DateField(label=_("In use from"), required=False, widget=DateInput())
    ended_on = forms.DateField(label=_("Ended on"), required=False, widget=DateInput())
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, version: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.version_field_add(version)
        cast(forms.ModelChoiceField[Any], self.fields["provider"]).queryset = providers()
        self.helper = form_helper(submit=_("Save"))
        self.helper.layout = Layout(
            "version",
            Fieldset(
                _("Entitlement"),
                Div(
                    Div("status", css_class="col-md-6"),
                    Div("provider", css_class="col-md-6"),
                    css_class="row",
                ),
                Div(
                    *(Div(name, css_class="col-sm-6 col-lg") for name in Entitlement.DATE_FIELDS),
                    css_class="row",
                ),
                "note",
            ),
        )

    @classmethod
    def initial_for(cls, entitlement: Entitlement) -> dict[str, Any]:
        """The form's initial values: the entitlement as it stands."""
        return {
            "status": entitlement.status,
            "provider": str(entitlement.provider_id or ""),
            **{name: getattr(entitlement, name) for name in Entitlement.DATE_FIELDS},
            "note": entitlement.note,
        }


class BoardRowForm(VersionedFormMixin, forms.Form):
    """One row of the board on its page: status, provider, the status's date and a note.

    Each row carries the version it was shown at, so that a row someone else
    saved meanwhile is a conflict of that row alone. Its ``initial`` is what
    the worker saw (:func:`board_row_forms`), so :meth:`row_changed` tells the
    rows the worker changed from the rest, which are not saved at all.
    """

    status = forms.ChoiceField(label=_("Status"), choices=Entitlement.Status.choices)
    # A plain choice whose options the board reads once for all its rows.
    provider = forms.ChoiceField(label=_("Provider"), required=False)
    status_date = forms.DateField(
        label=_("Date of the status"),
        required=False,
        widget=DateInput(),
        help_text=_("Today if left empty."),
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 1})
    )

    def __init__(
        self, *args: Any, row: BoardRow, providers_by_id: dict[str, Provider], **kwargs: Any
    ) -> None:
        entitlement = row.entitlement
        kwargs.setdefault("initial", board_row_values(entitlement))
        super().__init__(*args, prefix=f"row-{entitlement.type.code}", **kwargs)  # type: ignore[misc]  # prefix is never passed positionally
        self.row = row
        self.version_field_add(row.version)
        self.providers_by_id = providers_by_id
        cast(forms.ChoiceField, self.fields["provider"]).choices = [
            ("", "---------"),
            *((pk, provider.display_name) for pk, provider in providers_by_id.items()),
        ]
        type_ = entitlement.type
        legend = str(type_) if not type_.number else f"{type_.number}) {type_.name}"
        self.helper = form_helper(form_tag=False)
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            "version",
            Fieldset(
                literal_legend(legend),
                Div(
                    Div("status", css_class="col-sm-6 col-lg-3"),
                    Div("provider", css_class="col-sm-6 col-lg-3"),
                    Div("status_date", css_class="col-sm-6 col-lg-2"),
                    Div("note", css_class="col-sm-6 col-lg-4"),
                    css_class="row",
                ),
            ),
        )

    def row_changed(self) -> bool:
        """Whether the worker changed anything in this row (its version is not a change)."""
        return any(name != "version" for name in self.changed_data)

    def board_change(self) -> BoardChange:
        """The row's change as ``entitlements_update`` takes it."""
        data = self.cleaned_data
        return BoardChange(
            entitlement=self.row.entitlement,
            expected_version=self.expected_version(),
            status=data["status"],
            provider=self.providers_by_id.get(data["provider"]),
            status_date=data["status_date"],
            note=data["note"],
        )


def board_row_values(entitlement: Any) -> dict[str, Any]:
    """A row's values as the board shows them, from an entitlement or one of its history rows."""
    field = Entitlement.STATUS_DATE.get(entitlement.status)
    return {
        "status": entitlement.status,
        "provider": str(entitlement.provider_id or ""),
        "status_date": getattr(entitlement, field) if field else None,
        "note": entitlement.note,
    }


def board_row_forms(rows: list[BoardRow], data: QueryDict | None = None) -> list[BoardRowForm]:
    """A form for every row of the board; bound to ``data`` if given.

    A posted row whose version is no longer current is compared with the row
    as it was at that version (its history row), not as it is now: a row the
    worker did not touch then counts as unchanged, whatever others saved.
    """
    shared = {str(provider.pk): provider for provider in providers()}
    seen: dict[str, Any] = {}
    if data is not None:
        posted = {data.get(f"row-{row.entitlement.type.code}-version", "") for row in rows} - {
            row.version for row in rows
        }
        # A tampered version is no history id (and may be too long for one).
        numeric = [version for version in posted if version.isdigit() and len(version) < 19]
        seen = {
            str(history.history_id): history
            for history in Entitlement.history.filter(history_id__in=numeric)
        }
    forms_ = []
    for row in rows:
        kwargs: dict[str, Any] = {"row": row, "providers_by_id": shared}
        if data is not None:
            version = data.get(f"row-{row.entitlement.type.code}-version", "")
            history = seen.get(version)
            if history is not None and history.id == row.entitlement.pk:
                kwargs["initial"] = board_row_values(history)
            forms_.append(BoardRowForm(data, **kwargs))
        else:
            forms_.append(BoardRowForm(**kwargs))
    return forms_
