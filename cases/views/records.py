"""The client record and the case: create, read, edit, close, reveal.

The rules of who may see and change what are in :mod:`cases.models.access`;
these views ask them. A turvakielto client's protected details are masked in
every page and form for anyone the reveal rule refuses, and shown to the
client's own workers only after a reveal, which is logged.
"""

import uuid

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cases import actions
from cases.duplicates import possible_duplicates
from cases.forms.duplicates import DuplicateCheckForm
from cases.forms.records import (
    CaseCloseForm,
    CaseForm,
    ClientForm,
    RepresentativeForm,
)
from cases.http import AuthenticatedRequest
from cases.models import AccessLog, Case, Representative
from cases.models.access import (
    PROTECTED_CLIENT_FIELDS,
    case_is_read_only,
    is_case_lead,
    is_case_worker,
    may_reveal_protected,
    protected_details_hidden,
)
from cases.periods import PERIOD_WARNING_DAYS, days_left
from cases.views.common import case_for, case_for_change
from core.concurrency import VersionConflict
from core.errors import refusal_show
from core.forms import ActionButtonForm
from core.idempotency import (
    DuplicateSubmission,
    duplicate_redirect,
    earlier_submission,
    submitted_once,
)
from core.panels import case_panels_render_data


def client_create(request: AuthenticatedRequest) -> HttpResponse:
    """A new client and their case, in one form; lands on the case page.

    Before saving, the form shows the clients this person may already be
    (:func:`cases.duplicates.possible_duplicates`); the worker opens one, or
    confirms "a different person" and the client is created. Showing the
    matches is a search: each client shown is logged.
    """
    client_form = ClientForm(request.POST or None, prefix="client", form_tag=False)
    case_form = CaseForm(request.POST or None, prefix="case", user=request.user, form_tag=False)
    duplicates = None
    taken = False
    if request.method == "POST":
        earlier = earlier_submission(
            request.POST.get(client_form.add_prefix("submission")), user=request.user
        )
        if earlier is not None:
            return duplicate_redirect(request, earlier, reverse("home"))
        valid = client_form.is_valid() & case_form.is_valid()  # both, for every message
        taken = client_form.henkilotunnus_taken()
        if client_form.is_valid() or taken:
            duplicates = possible_duplicates(request.user, client_form.person())
        if valid and (not duplicates or DuplicateCheckForm(request.POST).confirms(duplicates)):
            response = _client_and_case_create(request, client_form, case_form)
            if response is not None:
                return response
            duplicates = None
        if duplicates:
            actions.access_log_write_many(
                user=request.user, clients=duplicates.clients, action=AccessLog.Action.SEARCH
            )
    return render(
        request,
        "cases/client_form.html",
        {
            "client_form": client_form,
            "case_form": case_form,
            "duplicates": duplicates,
            # Nobody confirms "a different person" with the same henkilötunnus.
            "duplicate_form": (
                DuplicateCheckForm(shown=duplicates) if duplicates and not taken else None
            ),
        },
    )


def _client_and_case_create(
    request: AuthenticatedRequest, client_form: ClientForm, case_form: CaseForm
) -> HttpResponse | None:
    """Create the client and the case once; the redirect, or ``None`` with the refusal shown."""
    try:
        with submitted_once(client_form.submission_token(), user=request.user) as once:
            case = actions.client_and_case_create(
                by=request.user,
                client_fields=client_form.record_fields(),
                case_fields=case_form.record_fields(),
                other_workers=case_form.cleaned_data["other_workers"],
            )
            once.done(reverse("case_detail", args=[case.pk]))
    except DuplicateSubmission as duplicate:
        return duplicate_redirect(request, duplicate, reverse("home"))
    except ValidationError as error:
        client_form.add_error(None, error)
        return None
    messages.success(request, _("The client and the case were created."))
    return redirect("case_detail", case_id=case.pk)


def _case_page(
    request: AuthenticatedRequest, case: Case, *, revealed: bool = False
) -> HttpResponse:
    today = timezone.localdate()
    client = case.client
    actions.access_log_write(
        user=request.user, client=client, action=AccessLog.Action.VIEW_CASE, obj=case
    )
    responsible = is_case_worker(request.user, case)
    return render(
        request,
        "cases/case_detail.html",
        {
            "case": case,
            "client": client,
            "today": today,
            "age": client.age_on(today),
            "is_minor": client.is_minor_on(today),
            "representative": getattr(client, "representative", None),
            "representative_missing": client.representative_missing_on(today),
            "other_workers": case.other_workers.all(),
            "responsible": responsible,
            "is_lead": is_case_lead(request.user, case),
            "read_only": case_is_read_only(request.user, case),
            "show_protected": not protected_details_hidden(request.user, case, revealed=revealed),
            "revealed": revealed,
            "reveal_form": ActionButtonForm(
                action=reverse("case_reveal", args=[case.pk]),
                label=_("Reveal the protected details"),
                css_class="btn-warning",
            ),
            "recovery_days_left": case.recovery_period_days_left(today),
            "reflection_days_left": case.reflection_period_days_left(today),
            "period_ending": case.period_ends_within(today, PERIOD_WARNING_DAYS),
            "next_period_end": case.next_period_end(today),
            "next_period_days_left": days_left(case.next_period_end(today), today),
            "lead_panels": case_panels_render_data(request, case, leads=True),
            "panels": case_panels_render_data(request, case),
        },
    )


def case_detail(request: AuthenticatedRequest, case_id: uuid.UUID) -> HttpResponse:
    """The case page: the client, the case, the Assistance System's periods."""
    return _case_page(request, case_for(request, case_id))


def case_reveal(request: AuthenticatedRequest, case_id: uuid.UUID) -> HttpResponse:
    """Show a turvakielto client's protected details, once, and log that they were shown."""
    # Revealing changes nothing: a break-glass reader is refused by the rule below.
    case = case_for(request, case_id, break_glass_may_post=True)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if not may_reveal_protected(request.user, case):
        messages.error(request, _("Only the client's own workers can reveal protected details."))
        return redirect("case_detail", case_id=case.pk)
    actions.access_log_write(
        user=request.user,
        client=case.client,
        action=AccessLog.Action.REVEAL_PROTECTED,
        obj=case.client,
    )
    return _case_page(request, case, revealed=True)


def client_edit(request: AuthenticatedRequest, case_id: uuid.UUID) -> HttpResponse:
    """Edit the client record; a concurrent save is shown, not overwritten.

    For a turvakielto client the protected fields are left out of the form
    unless the user, one of the client's own workers, reveals them with the
    page's button (a POST, logged). The reveal lasts while the form is being
    edited (``revealed`` in the form), and each page that shows them logs it.
    """
    case = case_for_change(request, case_id)
    client = case.client
    posted = request.POST if request.method == "POST" else None
    wants_reveal = posted is not None and ("reveal" in posted or posted.get("revealed") == "1")
    if wants_reveal and not may_reveal_protected(request.user, case):
        raise PermissionDenied(_("Only the client's own workers can reveal protected details."))
    hidden = protected_details_hidden(request.user, case, revealed=wants_reveal)
    saving = posted is not None and "reveal" not in posted
    form = ClientForm(
        posted if saving else None,
        instance=client,
        hide_protected=hidden,
        revealed=client.turvakielto and not hidden,
    )
    if saving and form.is_valid():
        try:
            actions.client_update(
                client=client,
                by=request.user,
                fields=form.record_fields(),
                expected_version=form.expected_version(),
            )
        except VersionConflict as conflict:
            form.conflict_show(conflict, masked_fields=PROTECTED_CLIENT_FIELDS if hidden else ())
        except ValidationError as error:
            refusal_show(form, error)
        else:
            messages.success(request, _("The client's details were saved."))
            return redirect("case_detail", case_id=case.pk)
    # The form shows the client's record: a read, and with the protected
    # details shown, a reveal.
    action = AccessLog.Action.VIEW_CLIENT
    if client.turvakielto and not hidden:
        action = AccessLog.Action.REVEAL_PROTECTED
    actions.access_log_write(user=request.user, client=client, action=action, obj=client)
    return render(
        request,
        "cases/record_form.html",
        {
            "case": case,
            "form": form,
            "kind": "client",
            "protected_hidden": client.turvakielto and hidden,
            "reveal_form": (
                ActionButtonForm(
                    action=reverse("client_edit", args=[case.pk]),
                    label=_("Reveal the protected details to edit them"),
                    css_class="btn-warning",
                    name="reveal",
                )
                if may_reveal_protected(request.user, case)
                else None
            ),
        },
    )


def case_edit(request: AuthenticatedRequest, case_id: uuid.UUID) -> HttpResponse:
    """Edit the case and its Assistance System dates; its workers as the access rules allow."""
    case = case_for_change(request, case_id)
    form = CaseForm(request.POST or None, instance=case, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            actions.case_update(
                case=case,
                by=request.user,
                fields=form.record_fields(),
                other_workers=form.cleaned_data["other_workers"],
                expected_version=form.expected_version(),
            )
        except VersionConflict as conflict:
            form.conflict_show(conflict)
        except (ValidationError, actions.CaseActionError) as error:
            refusal_show(form, error)
        else:
            messages.success(request, _("The case was saved."))
            return redirect("case_detail", case_id=case.pk)
    actions.access_log_write(
        user=request.user, client=case.client, action=AccessLog.Action.VIEW_CASE, obj=case
    )
    return render(request, "cases/record_form.html", {"case": case, "form": form, "kind": "case"})


def case_close(request: AuthenticatedRequest, case_id: uuid.UUID) -> HttpResponse:
    """Close the case with a reason."""
    case = case_for_change(request, case_id)
    form = CaseCloseForm(request.POST or None, initial={"closed_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            actions.case_close(
                case=case,
                by=request.user,
                reason=form.cleaned_data["reason"],
                closed_on=form.cleaned_data["closed_on"],
            )
        except (ValidationError, actions.CaseActionError) as error:
            refusal_show(form, error)
        else:
            messages.success(request, _("The case was closed."))
            return redirect("case_detail", case_id=case.pk)
    actions.access_log_write(
        user=request.user, client=case.client, action=AccessLog.Action.VIEW_CASE, obj=case
    )
    return render(request, "cases/record_form.html", {"case": case, "form": form, "kind": "close"})


def representative_edit(request: AuthenticatedRequest, case_id: uuid.UUID) -> HttpResponse:
    """Record or update an unaccompanied minor's representative (edustaja)."""
    case = case_for_change(request, case_id)
    try:
        instance = case.client.representative
    except Representative.DoesNotExist:
        instance = Representative(client=case.client)
    form = RepresentativeForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        try:
            actions.representative_appoint(
                client=case.client,
                by=request.user,
                expected_version=form.expected_version(),
                **{name: form.cleaned_data[name] for name in RepresentativeForm.Meta.fields},
            )
        except VersionConflict as conflict:
            form.conflict_show(conflict)
        except actions.CaseActionError as error:
            refusal_show(form, error)
        else:
            messages.success(request, _("The representative was saved."))
            return redirect("case_detail", case_id=case.pk)
    actions.access_log_write(
        user=request.user,
        client=case.client,
        action=AccessLog.Action.VIEW_CLIENT,
        obj=case.client if instance._state.adding else instance,
    )
    return render(
        request, "cases/record_form.html", {"case": case, "form": form, "kind": "representative"}
    )
