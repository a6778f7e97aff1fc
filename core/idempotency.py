"""A create form submitted twice creates one record: the submission token.

A create form carries a fresh random token (:class:`SubmissionTokenField`).
The view makes the record inside :func:`submitted_once`, which records the
token in the same transaction; a second submission with the same token (a
double click, a browser's resend) finds it and is sent where the first one
went, with nothing created again. Two simultaneous submissions meet at the
token's primary key: the second waits for the first and then finds it.
"""

import contextlib
import datetime
import uuid
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib import messages
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponseRedirect
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _

from core.models import SubmissionToken

# Long enough for any resend of a form; the rows hold no client data anyway.
KEEP_TOKENS_FOR = datetime.timedelta(days=1)

# The mixin below is mixed into forms: mypy reads it as one, at run time it stays a plain class.
if TYPE_CHECKING:
    _FormBase = forms.BaseForm
else:
    _FormBase = object


class DuplicateSubmission(Exception):
    """The form was already submitted with this token; ``url`` is where the first one went."""

    def __init__(self, url: str) -> None:
        self.url = url
        super().__init__(url)


class SubmissionTokenField(forms.UUIDField):
    """A hidden field holding the form's submission token; a fresh one each time it is shown."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("widget", forms.HiddenInput)
        kwargs.setdefault("required", False)
        kwargs.setdefault("initial", uuid.uuid4)
        super().__init__(**kwargs)

    def clean(self, value: Any) -> uuid.UUID | None:
        # A lost or tampered token only turns the protection off for this submit.
        try:
            token: uuid.UUID | None = super().clean(value)
            return token
        except forms.ValidationError:
            return None


class Submission:
    """The token being used; :meth:`done` records where the created record is shown."""

    def __init__(self, token: SubmissionToken | None) -> None:
        self.token = token

    def done(self, url: str) -> None:
        """Remember ``url`` for a repeated submission of the same form."""
        if self.token is not None:
            self.token.result_url = url
            self.token.save(update_fields=["result_url"])


@contextlib.contextmanager
def submitted_once(token: uuid.UUID | None, *, user: Any) -> Iterator[Submission]:
    """Run the block (the create) once per ``token``, in one transaction with the token.

    Raises :class:`DuplicateSubmission` before the block when the token was
    used already. ``None`` (no token) runs the block unprotected.
    """
    with transaction.atomic():
        if token is None:
            yield Submission(None)
            return
        SubmissionToken.objects.filter(
            user=user, created_at__lt=timezone.now() - KEEP_TOKENS_FOR
        ).delete()
        try:
            with transaction.atomic():
                row = SubmissionToken.objects.create(token=token, user=user)
        except IntegrityError:
            first = SubmissionToken.objects.filter(token=token, user=user).first()
            raise DuplicateSubmission(first.result_url if first else "") from None
        yield Submission(row)


class SubmittedOnceFormMixin(_FormBase):
    """A create form that carries a submission token; call :meth:`submission_field_add`.

    Add it at the end of ``__init__``, after the crispy layout is built: the
    hidden field goes last in the layout, so that subclasses may still address
    the layout's first parts by position.
    """

    def submission_field_add(self) -> None:
        """Add the hidden ``submission`` field (and to the layout, if the form has one)."""
        self.fields["submission"] = SubmissionTokenField()
        layout = getattr(getattr(self, "helper", None), "layout", None)
        if layout is not None:
            layout.append("submission")

    def submission_token(self) -> uuid.UUID | None:
        """The token as posted (``None`` when missing or tampered with)."""
        return self.cleaned_data.get("submission")

    def cleaned_without_token(self) -> dict[str, Any]:
        """The cleaned data without the token: the action's arguments."""
        return {k: v for k, v in self.cleaned_data.items() if k != "submission"}


def earlier_submission(token: Any, *, user: Any) -> DuplicateSubmission | None:
    """The first submission of ``token`` by ``user``, if the form was already carried out.

    For a view that asks something of the user before creating (a warning to
    confirm): a resubmission goes where the first went without asking again.
    """
    try:
        token = uuid.UUID(str(token))
    except ValueError:
        return None
    first = SubmissionToken.objects.filter(token=token, user=user).first()
    return DuplicateSubmission(first.result_url) if first is not None else None


def duplicate_redirect(
    request: HttpRequest, duplicate: DuplicateSubmission, fallback: str
) -> HttpResponseRedirect:
    """Send a repeated submission where the first one went, saying nothing was made twice."""
    messages.info(request, _("This had already been saved; it was not saved twice."))
    return redirect(duplicate.url or fallback)
