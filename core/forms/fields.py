"""Form fields and widgets shared by Polku's forms."""

import re
from typing import Any

from django import forms


class DateInput(forms.DateInput):
    """A native date picker: the browser shows it in the user's own format."""

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class CodeListField(forms.CharField):
    """A list of ISO codes typed as text: "ER, ET" or "tir amh".

    The model field's validators judge the codes, so the message names the
    ones that are wrong; what the user typed is kept in the form.
    """

    def __init__(self, *, upper: bool = False, **kwargs: Any) -> None:
        self.upper = upper
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, list):
            return ", ".join(str(code) for code in value)
        return value

    def to_python(self, value: Any) -> list[str]:  # type: ignore[override]
        text = super().to_python(value) or ""
        codes = [code for code in re.split(r"[\s,;]+", text) if code]
        return [code.upper() if self.upper else code.lower() for code in codes]


class LanguageCodeField(forms.CharField):
    """One ISO 639-3 language code, lower-cased ("TIR" becomes "tir")."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 3)
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> str:
        return (super().to_python(value) or "").strip().lower()
