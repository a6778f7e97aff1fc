"""The caseload: the worker's home page, with search, filters and sorting."""

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from cases import actions, selectors
from cases.forms.caseload import CaseloadFilterForm, CaseSearchForm
from cases.http import AuthenticatedRequest
from cases.models import AccessLog, Case
from core.caseload import next_step_source
from core.forms import ActionButtonForm
from core.html import html_value
from core.pagination import page_number, page_of_rows

PAGE_SIZE = 50
SEARCH_SESSION_KEY = "caseload_search"


# Flag -> (badge style, label); the labels are translated when the page renders.
FLAGS = {
    "minor": ("text-bg-info", _("Minor")),
    "unaccompanied": ("text-bg-warning", _("Unaccompanied")),
    "no_representative": ("text-bg-danger", _("No representative")),
    "turvakielto": ("text-bg-dark", _("Turvakielto")),
    "period_ending": ("text-bg-danger", _("Period ending")),
    "plan_review_overdue": ("text-bg-danger", _("Plan review overdue")),
}


@dataclass
class CaseloadRow:
    """One case on the caseload, with what the page shows computed once."""

    case: Case
    url: str = ""
    age: int | None = None
    flags: list[str] = field(default_factory=list)
    next_deadline: datetime.date | None = None
    # The next deadline as the page writes it: ISO (the <time> element's) and short.
    deadline_iso: str = ""
    deadline_text: str = ""
    # The flags as (badge style, label) pairs, the labels translated.
    badges: list[tuple[str, str]] = field(default_factory=list)
    # The nearest review date of the case's plans in force (annotated by the selector).
    plan_review_due: datetime.date | None = None
    # The most urgent next step (core.caseload's source), and how many there are.
    next_step: Any = None
    step_count: int = 0

    @classmethod
    def build(
        cls, case: Case, today: datetime.date, badges: dict[str, tuple[str, str]]
    ) -> "CaseloadRow":
        """The row of ``case``; ``badges`` are :func:`flag_badges` (translated once a page)."""
        row = cls(case=case)
        row.url = reverse("case_detail", args=[case.pk])
        client = case.client
        row.age = client.age_on(today)
        row.flags = selectors.case_flags(case, today)
        review_due = getattr(case, "plan_review_due", selectors.NO_DEADLINE)
        row.plan_review_due = None if review_due == selectors.NO_DEADLINE else review_due
        if row.plan_review_due is not None and row.plan_review_due < today:
            row.flags.append("plan_review_overdue")
        # next_deadline is annotated by the caseload's selector.
        if case.next_deadline != selectors.NO_DEADLINE:  # type: ignore[attr-defined]
            row.next_deadline = case.next_deadline  # type: ignore[attr-defined]
            row.deadline_iso = case.next_deadline.isoformat()  # type: ignore[attr-defined]
            row.deadline_text = date_format(row.next_deadline, "SHORT_DATE_FORMAT")
        row.badges = [badges[flag] for flag in row.flags]
        return row

    @property
    def next_deadline_is_plan_review(self) -> bool:
        """Whether the next deadline is a plan's review date (the page says so)."""
        return self.next_deadline is not None and self.next_deadline == self.plan_review_due

    @property
    def more_steps(self) -> str:
        """ "(and 2 more)" beside the first step when the case has more ("" when not)."""
        more = self.step_count - 1
        if more < 1:
            return ""
        return ngettext("(and %(count)s more)", "(and %(count)s more)", more) % {"count": more}


def column_labels() -> dict[str, str]:
    """The table's column names, and the words a row may add, in the active language: the
    header and every row's ``data-label`` (a phone shows each row as a card) say them."""
    return {
        "name": gettext("Name"),
        "code": gettext("Case code"),
        "age": gettext("Age"),
        "flags": gettext("Flags"),
        "deadline": gettext("Next deadline"),
        "step": gettext("Next step"),
        "worker": gettext("Responsible worker"),
        "estimated": gettext("estimated"),
        "unknown": gettext("not known"),
        "review": gettext("plan review"),
    }


def _row_html(row: CaseloadRow, labels: dict[str, str]) -> str:
    """One row of the caseload's table, as HTML: fifty rows of a template took 20 ms of the
    page at 100 000 clients. Every value goes through :func:`~core.html.html_value`, as a
    template's ``{{ value }}``; ``labels`` are :func:`column_labels`."""
    v = html_value
    client = row.case.client
    if row.age is None:
        age = f'<span class="text-body-secondary">{v(labels["unknown"])}</span>'
    elif client.date_of_birth_estimated:
        age = f'{v(row.age)} <span class="text-body-secondary">({v(labels["estimated"])})</span>'
    else:
        age = v(row.age)
    badges = "".join(
        f'<span class="badge {v(style)}">{v(label)}</span> ' for style, label in row.badges
    )
    deadline = "–"
    if row.next_deadline:
        deadline = f'<time datetime="{v(row.deadline_iso)}">{v(row.deadline_text)}</time>'
        if row.next_deadline_is_plan_review:
            deadline += (
                f' <span class="small" data-deadline="plan_review">({v(labels["review"])})</span>'
            )
    step, step_html = row.next_step, "–"
    if step:
        step_html = (
            f'<span class="badge {v(step.urgency.badge)}">{v(step.urgency.label)}</span> '
            f'<a href="{v(step.url)}">{v(step.sentence)}</a>'
        )
        if more := row.more_steps:
            step_html += f' <span class="small text-body-secondary">{v(more)}</span>'
    return (
        f'<tr><td data-label="{v(labels["name"])}">'
        f'<a href="{v(row.url)}">{v(client.full_name)}</a></td>'
        f'<td data-label="{v(labels["code"])}">{v(client.case_code)}</td>'
        f'<td data-label="{v(labels["age"])}">{age}</td>'
        f'<td data-label="{v(labels["flags"])}">{badges or "–"}</td>'
        f'<td data-label="{v(labels["deadline"])}">{deadline}</td>'
        f'<td data-label="{v(labels["step"])}" data-next-step="{v(step.kind if step else "")}">'
        f"{step_html}</td>"
        f'<td data-label="{v(labels["worker"])}">{v(row.case.primary_worker)}</td></tr>\n'
    )


def flag_badges() -> dict[str, tuple[str, str]]:
    """Each flag's (badge style, label), the labels translated into the active language."""
    return {flag: (style, str(label)) for flag, (style, label) in FLAGS.items()}


def _filters(form: CaseloadFilterForm, query: str) -> selectors.CaseloadFilters:
    if not form.is_bound:
        return selectors.CaseloadFilters(query=query)
    if not form.is_valid():
        return selectors.CaseloadFilters(query=query)
    data = form.cleaned_data
    return selectors.CaseloadFilters(
        query=query,
        status=data["status"],
        team=data["team"],
        worker=data["worker"],
        minor=data["minor"],
        period_ending=data["period_ending"],
        step=data["step"],
        sort=data["sort"],
    )


def caseload(request: AuthenticatedRequest) -> HttpResponse:
    """The user's cases (a lead's: the team's), 50 a page; search by POST."""
    query = request.session.get(SEARCH_SESSION_KEY, "")
    search_form = CaseSearchForm(initial={"q": query}, searching=bool(query))
    if request.method == "POST":
        if "clear" in request.POST:
            request.session.pop(SEARCH_SESSION_KEY, None)
            return redirect(request.get_full_path())
        search_form = CaseSearchForm(request.POST, searching=bool(query))
        if search_form.is_valid() and search_form.cleaned_data["q"].strip():
            request.session[SEARCH_SESSION_KEY] = search_form.cleaned_data["q"]
            return redirect(request.get_full_path())
    filter_form = CaseloadFilterForm(request.GET or None, user=request.user)
    today = timezone.localdate()
    number = page_number(request.GET.get("page"))
    start = (number - 1) * PAGE_SIZE
    # Counting every case a lead can see costs as much as listing a page: uncounted.
    page = page_of_rows(
        selectors.caseload_page(
            request.user, _filters(filter_form, query), start, start + PAGE_SIZE + 1, today=today
        ),
        number=number,
        size=PAGE_SIZE,
    )
    badges = flag_badges()
    rows = [CaseloadRow.build(case, today, badges) for case in page.object_list]
    source = next_step_source()
    if source is not None:
        firsts = source.first_steps_for_cases([row.case for row in rows], today=today)
        for row in rows:
            row.next_step, row.step_count = firsts.get(row.case.pk, (None, 0))
    # Colleagues' clients that the search names exactly: code and worker only.
    limited = selectors.exact_matches(request.user, query) if query and number == 1 else []
    # A list of clients is a read of each client shown (names, ages, flags).
    actions.access_log_write_many(
        user=request.user,
        clients=[row.case.client for row in rows] + [case.client for case in limited],
        action=AccessLog.Action.SEARCH if query else AccessLog.Action.LIST,
    )
    params = request.GET.copy()
    params.pop("page", None)
    labels = column_labels()
    return render(
        request,
        "cases/caseload.html",
        {
            "rows": rows,
            "labels": labels,
            "rows_html": mark_safe("".join(_row_html(row, labels) for row in rows)),  # noqa: S308 (each value escaped)
            "limited": limited,
            "page": page,
            "query": query,
            "search_form": search_form,
            "clear_form": ActionButtonForm(
                action=request.get_full_path(),
                label=_("Clear the search and show all cases"),
                css_class="btn-primary",
                name="clear",
            ),
            "filter_form": filter_form,
            "page_params": params.urlencode(),
        },
    )
