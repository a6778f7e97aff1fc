"""Benchmarks for ``manage.py bench``: named functions that measure the seeded database.

A benchmark is a function registered with :func:`benchmark` under a name; it
takes ``repeat`` and returns a flat dict of figures whose keys start with the
benchmark's name (``caseload_ms``), so that the figures of several benchmarks
merge into one JSON object without clashing. Later issues add theirs here.

Benchmarks run against the configured database (``DATABASE_URL``) with the
data ``seed_demo --clients N`` created; they read, and write only what the
pages they call write themselves (sessions, the access log) — except
``history``, which builds its plan of 200 versions once and reuses it.
"""

import datetime
import functools
import math
import statistics
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import connection, reset_queries
from django.db.models import Case as SqlCase
from django.db.models import DateField, F, FilteredRelation, Q, Value, When
from django.db.models.functions import Coalesce, Least
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.template import Context, Template
from django.test import Client as TestClient
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse
from django.utils import timezone

from cases.models import Case, Client, TeamMembership, User
from cases.selectors import CaseloadFilters, case_flags, caseload
from core.text import fold
from devtools.demo.clients import DEMO_USERS
from plans.actions import plan_activate, plan_create, plan_update
from plans.models import Plan
from services.models import Provider, SupportServiceType

# A figure is a number, or a name (the slowest page's).
Figures = dict[str, float | int | str]
BenchmarkFunction = Callable[..., Figures]

# name -> function; filled by @benchmark at import.
BENCHMARKS: dict[str, BenchmarkFunction] = {}

DEFAULT_REPEAT = 30


class BenchmarkError(Exception):
    """A benchmark cannot run, for a reason the operator can fix (the message says how)."""


def benchmark(name: str) -> Callable[[BenchmarkFunction], BenchmarkFunction]:
    """Register the decorated function as the benchmark ``name``."""

    def register(function: BenchmarkFunction) -> BenchmarkFunction:
        if name in BENCHMARKS:
            raise ValueError(f"A benchmark named {name!r} is already registered.")
        BENCHMARKS[name] = function
        return function

    return register


def median_ms(run: Callable[[], object], *, repeat: int) -> float:
    """The median wall time of ``run()`` over ``repeat`` runs, in milliseconds.

    One warm-up run goes first and is not counted: it loads templates, opens
    the connection and fills Django's caches, which a running server has done
    long before. The median, not the mean, so that one stray pause does not
    decide the figure.
    """
    run()
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        times.append((time.perf_counter() - started) * 1000)
    return round(statistics.median(times), 2)


@contextmanager
def _server_like() -> Iterator[None]:
    # Time the code as production runs it: without DEBUG, Django would not
    # record every query; the test client's host must be allowed. The demo
    # logins go without a second factor only with DEBUG: without it they would
    # be sent to enrol, so the benchmarks' sessions (signed in without a
    # password, as a verified session is) need no second factor either.
    with override_settings(
        DEBUG=False,
        ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, "testserver"],
        SECOND_FACTOR_REQUIRED=False,
    ):
        yield


def _signed_in(user: User) -> TestClient:
    """A test client signed in as ``user``: the benchmarks measure pages as the user sees them."""
    browser = TestClient()
    browser.force_login(user)
    return browser


def _page_get(browser: TestClient, url: str, user: User) -> Callable[[], HttpResponseBase]:
    """A GET of ``url`` over HTTPS that fails the benchmark on any answer but 200."""

    def page() -> HttpResponseBase:
        response = browser.get(url, secure=True)
        if response.status_code != 200:
            raise BenchmarkError(f"GET {url} as {user.username} answered {response.status_code}.")
        return response

    return page


def _page_figures(page: Callable[[], HttpResponseBase], *, repeat: int) -> tuple[float, int]:
    """The median server time of ``page`` and, on a run of its own, its query count.

    Counted apart because capturing queries slows the page down. The debug
    query log is emptied first: when DEBUG is on, building data fills it to
    its cap (9000), and a full log would count nothing.
    """
    with _server_like():
        ms = median_ms(page, repeat=repeat)
        reset_queries()
        with CaptureQueriesContext(connection) as queries:
            page()
    return ms, len(queries)


def _demo_lead() -> User:
    username = next(u.username for u in DEMO_USERS if u.team_role == TeamMembership.TeamRole.LEAD)
    lead: User | None = User.objects.filter(username=username, is_active=True).first()
    if lead is None:
        raise BenchmarkError(
            f"The demo team lead {username!r} does not exist in this database: "
            "run `python manage.py seed_demo --clients N` first."
        )
    return lead


# --- caseload ---------------------------------------------------------------------------

CASELOAD_ROWS = 50
_NO_DEADLINE = datetime.date(9999, 12, 31)

_BARE_CASELOAD = """<!doctype html>
<html lang="fi"><head><meta charset="utf-8"><title>Caseload</title></head><body>
<table>
<thead><tr><th>Name</th><th>Case code</th><th>Age</th><th>Flags</th><th>Next deadline</th></tr>
</thead>
<tbody>
{% for row in rows %}<tr><td>{{ row.name }}</td><td>{{ row.code }}</td>
<td>{{ row.age|default_if_none:"" }}</td><td>{{ row.flags|join:", " }}</td>
<td>{{ row.next_deadline|date:"j.n.Y" }}</td></tr>
{% endfor %}</tbody>
</table>
</body></html>
"""


@functools.cache
def _bare_caseload_template() -> Template:
    return Template(_BARE_CASELOAD)


def _upcoming(field: str, today: datetime.date) -> SqlCase:
    return SqlCase(
        When(**{f"{field}__gte": today}, then=F(field)),
        default=Value(_NO_DEADLINE),
        output_field=DateField(),
    )


def caseload_bare_view(request: HttpRequest) -> HttpResponse:
    """The baseline for the caseload: the same 50 rows, one query, a plain template.

    The lead's open cases, nearest period end first (the caseload's default
    order), with the caseload's columns: name, case code, age, flags and next
    deadline. Written as plainly as Django allows, and deliberately sharing
    no code with the caseload, so that ``caseload_ratio`` shows what the real
    page costs on top of the least a Django page must do. Not in any urls.py:
    the benchmark calls it directly.
    """
    today = timezone.localdate()
    # The caseload's deadline includes the review date of the plans in force, so
    # the same 50 rows need the same two joins to the plans.
    in_force = {
        f"in_force_{kind}": FilteredRelation(
            "plans", condition=Q(plans__status=Plan.Status.IN_FORCE, plans__kind=kind)
        )
        for kind in Plan.Kind.values
    }
    review_due = [
        Coalesce(
            F(f"in_force_{kind}__review_due_on"), Value(_NO_DEADLINE), output_field=DateField()
        )
        for kind in Plan.Kind.values
    ]
    cases = (
        Case.objects.visible_to(request.user)
        .filter(status=Case.Status.OPEN)
        .annotate(**in_force)
        .annotate(
            next_deadline=Least(
                _upcoming("recovery_period_end", today),
                _upcoming("reflection_period_end", today),
                *review_due,
                output_field=DateField(),
            )
        )
        .select_related("client", "client__representative")
        .order_by("next_deadline", "client__case_code")[:CASELOAD_ROWS]
    )
    rows = []
    for case in cases:
        client = case.client
        flags = case_flags(case, today)
        rows.append(
            {
                "name": client.full_name,
                "code": client.case_code,
                "age": client.age_on(today),
                "flags": flags,
                # Annotated by the caseload's selector.
                "next_deadline": None if case.next_deadline == _NO_DEADLINE else case.next_deadline,  # type: ignore[attr-defined]
            }
        )
    return HttpResponse(_bare_caseload_template().render(Context({"rows": rows})))


@benchmark("caseload")
def caseload_benchmark(*, repeat: int = DEFAULT_REPEAT, **options: Any) -> Figures:
    """The caseload page of the demo lead of Tiimi A against its bare baseline.

    Figures: ``caseload_ms`` (median server time of the page through the URL
    named "home", whatever its view is), ``caseload_queries`` (its query
    count), ``caseload_bare_ms`` (median of :func:`caseload_bare_view`),
    ``caseload_ratio`` (the two medians' ratio) and ``clients`` (how many
    clients the database holds).
    """
    lead = _demo_lead()
    request = RequestFactory().get("/")
    request.user = lead
    page = _page_get(_signed_in(lead), reverse("home"), lead)
    caseload_ms, caseload_queries = _page_figures(page, repeat=repeat)
    with _server_like():
        caseload_bare_ms = median_ms(lambda: caseload_bare_view(request), repeat=repeat)
    return {
        "caseload_ms": caseload_ms,
        "caseload_bare_ms": caseload_bare_ms,
        "caseload_ratio": round(caseload_ms / caseload_bare_ms, 2),
        "caseload_queries": caseload_queries,
        "clients": Client.objects.count(),
    }


# --- pdf --------------------------------------------------------------------------------

# A typical client plan: ten goals and fifteen measures fill about three A4 pages
# of the client's copy, the rights page included (``pdf_pages``).
PDF_GOALS = 10
PDF_MEASURES = 15
# A client plan's words: goals in the client's voice, measures as workers write
# them. The first goal's text also marks the benchmark's plan, to find and reuse it.
_PDF_GOAL_TEXTS = (
    "Minulla on turvallinen koti omalla nimelläni.",
    "Osaan suomea niin, että pärjään kaupassa ja virastoissa.",
    "Voin paremmin ja nukun yöni.",
    "Tiedän oikeuteni ja rikosprosessin vaiheet.",
    "Rahani riittävät vuokraan ja ruokaan.",
    "Minulla on oleskelulupa.",
    "Lapseni on hoidossa, kun opiskelen.",
    "Minulla on ystäviä ja harrastus.",
    "Tiedän, millaista työtä voin tehdä Suomessa.",
    "Minulla on työpaikka.",
)
_PDF_PLAN_MARK = _PDF_GOAL_TEXTS[0]
_PDF_MEASURE_TEXTS = (
    "Haetaan vuokra-asuntoa.",
    "Aloitetaan suomen kielen kurssi.",
    "Varataan aika terapeutille.",
    "Tavataan juristi ja käydään läpi rikosprosessi.",
    "Haetaan toimeentulotukea Kelasta.",
    "Jätetään oleskelulupahakemus.",
    "Haetaan lapselle päivähoitopaikka.",
    "Tutustutaan vertaisryhmään.",
    "Selvitetään aiempi koulutus ja työkokemus.",
    "Aloitetaan työhönvalmennus.",
    "Täytetään vuokrasopimus tulkin kanssa.",
    "Harjoitellaan asiointia virastossa.",
    "Seurataan vointia kuukausittain.",
    "Haetaan mentoriohjelmaan.",
    "Tehdään ansioluettelo ja haetaan töitä.",
)
_PDF_JUSTIFICATION = "Benchmark: agreed with the client"
_PDF_CLIENT_VIEW = "Haluan turvallisen kodin, oppia suomea ja päästä töihin."
# A fixed moment of issue: the copy's date, and its bytes, do not change run to run.
_PDF_ISSUED_AT = datetime.datetime(2026, 1, 15, 9, 0, tzinfo=datetime.UTC)

# Run in a fresh interpreter: renders the HTML on stdin once through the renderer
# and prints its own peak resident set size (Linux reports ru_maxrss in KiB).
_PDF_RSS_SCRIPT = """
import json, resource, sys
import django
django.setup()
from core.pdf import html_to_pdf
html_to_pdf(sys.stdin.read(), language=sys.argv[1], title=sys.argv[2])
print(json.dumps({"peak_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))
"""


def _pdf_peak_rss_mb(html: str, *, language: str, title: str) -> float:
    """Peak memory of a process that renders ``html`` once, in MiB (see ``pdf_benchmark``)."""
    import json
    import os
    import subprocess
    import sys

    result = subprocess.run(  # noqa: S603 (our own interpreter and script)
        [sys.executable, "-c", _PDF_RSS_SCRIPT, language, title],
        input=html,
        capture_output=True,
        text=True,
        check=True,
        cwd=settings.BASE_DIR,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings"},
    )
    peak_kib: float = json.loads(result.stdout.strip().splitlines()[-1])["peak_kib"]
    return round(peak_kib / 1024, 1)


def _interleaved_medians_ms(
    first: Callable[[], object], second: Callable[[], object], *, repeat: int
) -> tuple[float, float]:
    """The median wall times of ``first()`` and ``second()``, run in turn, in milliseconds.

    In turn rather than one series after the other, so that a machine busy
    with other work for a while slows both alike and their ratio holds. One
    warm-up run of each goes first, as in :func:`median_ms`.
    """
    import gc

    first()
    second()
    times: tuple[list[float], list[float]] = ([], [])
    for _ in range(repeat):
        for run, series in ((first, times[0]), (second, times[1])):
            # Each rendering leaves megabytes of garbage: collect it untimed, so
            # that neither pays for the other's.
            gc.collect()
            started = time.perf_counter()
            run()
            series.append((time.perf_counter() - started) * 1000)
    return round(statistics.median(times[0]), 2), round(statistics.median(times[1]), 2)


def _open_case(lead: User, **having: Any) -> Case:
    """The first open case of the lead's teams (by case code) that has what ``having`` says."""
    led_teams = TeamMembership.objects.led_by(lead).values("team_id")
    case = (
        Case.objects.filter(team_id__in=led_teams, status=Case.Status.OPEN, **having)
        .select_related("client", "primary_worker")
        .order_by("client__case_code")
        .first()
    )
    if case is None:
        raise BenchmarkError(
            f"The demo lead {lead.username!r} has no open case"
            f"{' with ' + ', '.join(having) if having else ''}: "
            "run `python manage.py seed_demo --clients N` first."
        )
    return case


def _pdf_plan_ensure(lead: User) -> Plan:
    """A client plan in force with 10 goals and 15 measures on the lead's team; reused when present.

    Built through the plans actions, on an open case that has no plan yet (so
    that it supersedes no one's plan, the history benchmark's included), with
    the words, services and providers a real plan has.
    """
    from services.models import EntitlementType

    led_teams = TeamMembership.objects.led_by(lead).values("team_id")
    existing = (
        Plan.objects.filter(case__team_id__in=led_teams, goals__text=_PDF_PLAN_MARK)
        .select_related("case__client", "case__primary_worker")
        .first()
    )
    if existing is not None:
        return existing
    case = _open_case(lead, plans__isnull=True)
    worker = case.primary_worker
    services = list(SupportServiceType.objects.order_by("ordering", "code"))
    providers = list(Provider.objects.order_by("ordering", "name_fi"))
    if not services or not EntitlementType.objects.filter(number__isnull=False).exists():
        # Without them the copy has no services and an empty rights page: not typical.
        raise BenchmarkError(
            "The reference data is missing: run "
            "`python manage.py loaddata fixtures/services_reference.json` first."
        )
    today = timezone.localdate()
    goals = [
        {"text": _PDF_GOAL_TEXTS[n % len(_PDF_GOAL_TEXTS)], "order": n} for n in range(PDF_GOALS)
    ]
    measures = [
        {
            "what": _PDF_MEASURE_TEXTS[n % len(_PDF_MEASURE_TEXTS)],
            "goal": n % PDF_GOALS,
            "responsible": "Asiakas" if n % 3 == 0 else "",
            "responsible_user": worker if n % 3 else None,
            "support_service_type": services[n % len(services)] if services else None,
            "provider": providers[n % len(providers)] if providers else None,
            "due_on": today + datetime.timedelta(days=30 * (n + 1)),
            "justification": _PDF_JUSTIFICATION,
            "order": n,
        }
        for n in range(PDF_MEASURES)
    ]
    plan = plan_create(
        case=case,
        kind=Plan.Kind.CLIENT_PLAN,
        by=worker,
        fields={
            "review_due_on": today + datetime.timedelta(days=180),
            "client_view": _PDF_CLIENT_VIEW,
        },
        goals=goals,
        measures=measures,
        participants=[{"role": "client"}],
    )
    return plan_activate(
        plan=plan, expected_version=plan.version, by=worker, reason="Agreed in the planning meeting"
    )


def _pdf_translations_ensure(plan: Plan, language: str, texts: dict[str, str]) -> None:
    """Give every text of ``plan`` a version in ``language`` (once; reused afterwards)."""
    from plans.actions import plan_translations_save
    from plans.selectors import plan_texts

    missing = [text for text in plan_texts(plan, language) if not text.text]
    if not missing:
        return
    plan_translations_save(
        plan=plan,
        by=plan.case.primary_worker,
        language=language,
        texts={
            text.key: (texts.get(text.original, text.original), text.version, text.original)
            for text in missing
        },
    )


def _pdf_figures(plan: Plan, *, language: str, prefix: str, repeat: int) -> Figures:
    """``<prefix>_ms``, ``_bare_ms``, ``_ratio``, ``_peak_rss_mb`` and ``_pages`` of one copy."""
    import io
    import logging

    import pypdf
    import weasyprint

    from core.pdf import render_print_html
    from core.printlanguages import print_translation
    from plans.printouts import TEMPLATE, plan_copy_context, plan_copy_pdf, plan_copy_title

    def render() -> bytes:
        return plan_copy_pdf(plan, language=language, issued_at=_PDF_ISSUED_AT)

    # The same HTML the renderer lays out, for the bare baseline and the memory run.
    context = plan_copy_context(
        plan, language=language, include_henkilotunnus=False, issued_at=_PDF_ISSUED_AT
    )
    title = plan_copy_title(plan)
    html = render_print_html(
        TEMPLATE, context, language=language, title=title, print_catalogue=True
    )
    # Without a base URL, bare WeasyPrint cannot resolve the stylesheet's link
    # and logs an error on every run: that is the baseline, so keep it quiet.
    weasyprint_logger = logging.getLogger("weasyprint")
    level = weasyprint_logger.level
    weasyprint_logger.setLevel(logging.CRITICAL)
    try:
        ms, bare_ms = _interleaved_medians_ms(
            render, lambda: weasyprint.HTML(string=html).write_pdf(), repeat=repeat
        )
    finally:
        weasyprint_logger.setLevel(level)
    with print_translation(language):
        title_text = str(title)
    return {
        f"{prefix}_ms": ms,
        f"{prefix}_bare_ms": bare_ms,
        f"{prefix}_ratio": round(ms / bare_ms, 2),
        f"{prefix}_peak_rss_mb": _pdf_peak_rss_mb(html, language=language, title=title_text),
        f"{prefix}_pages": len(pypdf.PdfReader(io.BytesIO(render())).pages),
    }


# The benchmark plan's words in Arabic, for its right-to-left copy (synthetic).
_PDF_ARABIC = dict(
    zip(
        (*_PDF_GOAL_TEXTS, *_PDF_MEASURE_TEXTS, _PDF_CLIENT_VIEW),
        (
            "لدي منزل آمن باسمي.",
            "أتكلم الفنلندية بما يكفي للتسوق والتعامل مع المكاتب الحكومية.",
            "أشعر بتحسن وأنام ليلي.",
            "أعرف حقوقي ومراحل الإجراءات الجنائية.",
            "يكفي مالي للإيجار والطعام.",
            "لدي تصريح إقامة.",
            "طفلي في الرعاية عندما أدرس.",
            "لدي أصدقاء وهواية.",
            "أعرف نوع العمل الذي يمكنني القيام به في فنلندا.",
            "لدي وظيفة.",
            "نبحث عن شقة للإيجار.",
            "نبدأ دورة في اللغة الفنلندية.",
            "نحجز موعدًا مع معالج نفسي.",
            "نقابل محاميًا ونراجع الإجراءات الجنائية.",
            "نطلب الإعانة المعيشية من كيلا.",
            "نقدم طلب تصريح الإقامة.",
            "نبحث عن مكان في الحضانة للطفل.",
            "نتعرف على مجموعة دعم الأقران.",
            "نوضح التعليم وخبرة العمل السابقة.",
            "نبدأ التدريب على العمل.",
            "نملأ عقد الإيجار مع المترجم.",
            "نتدرب على التعامل مع المكاتب الحكومية.",
            "نتابع الحالة شهريًا.",
            "نقدم طلبًا لبرنامج الإرشاد.",
            "نكتب سيرة ذاتية ونبحث عن عمل.",
            "أريد منزلًا آمنًا، وأن أتعلم الفنلندية وأن أجد عملًا.",
        ),
        strict=True,
    )
)


@benchmark("pdf")
def pdf_benchmark(*, repeat: int = DEFAULT_REPEAT, **options: Any) -> Figures:
    """The client's copy of a typical three-page client plan, against bare WeasyPrint.

    The plan (10 goals, 15 measures, in force) is built on the demo lead's
    team on the first run and reused afterwards, with an Arabic version of
    each of its texts. Figures, for its copy in the plan's own language
    (``pdf_``) and in Arabic, right to left and bilingual (``pdf_rtl_``):
    ``_ms`` (median of ``plans.printouts.plan_copy_pdf``: its reads, the
    template under the copy's print catalogue, tagged PDF/UA-1, the
    stylesheet through our fetcher), ``_bare_ms`` (median of
    ``weasyprint.HTML(string=same_html).write_pdf()`` with default options;
    the two are run in turn), ``_ratio`` (the two medians' ratio),
    ``_peak_rss_mb``: the peak resident memory (``ru_maxrss``) of a fresh
    Python process that imports Django and WeasyPrint and renders the same
    HTML once through the renderer — a fresh process, because the benchmark's
    own process has been through every other benchmark and the seeding, and
    its peak would say nothing — and ``_pages``.
    """
    plan = _pdf_plan_ensure(_demo_lead())
    _pdf_translations_ensure(plan, "ar", _PDF_ARABIC)
    return {
        **_pdf_figures(plan, language=settings.PLAN_TEXT_LANGUAGE, prefix="pdf", repeat=repeat),
        **_pdf_figures(plan, language="ar", prefix="pdf_rtl", repeat=repeat),
    }


# --- history ----------------------------------------------------------------------------

HISTORY_VERSIONS = 200
_HISTORY_BY = "Benchmark: agreed with the client"


def _history_plan_ensure(lead: User) -> Plan:
    """A plan with at least 200 versions on an open case of the lead's team; reused when present.

    Built through the plans actions, as workers build plans: each version
    changes the review date, rewrites a goal and adds or removes a measure,
    so that the history holds goals and measures added, changed and removed.
    """
    led_teams = TeamMembership.objects.led_by(lead).values("team_id")
    existing = (
        Plan.objects.filter(case__team_id__in=led_teams, version__gte=HISTORY_VERSIONS)
        .order_by("-version")
        .first()
    )
    if existing is not None:
        return existing
    case = _open_case(lead)
    worker = case.primary_worker
    service_type = SupportServiceType.objects.order_by("ordering", "code").first()
    provider = Provider.objects.order_by("ordering", "name_fi").first()
    today = timezone.localdate()
    plan = plan_create(
        case=case,
        kind=Plan.Kind.CLIENT_PLAN,
        by=worker,
        fields={"review_due_on": today + datetime.timedelta(days=180)},
        goals=[{"text": f"Goal {n}", "order": n} for n in range(3)],
        measures=[{"what": "Measure 0", "goal": 0, "justification": _HISTORY_BY}],
        participants=[{"role": "client"}],
    )
    plan = plan_activate(
        plan=plan, expected_version=plan.version, by=worker, reason="Agreed in the planning meeting"
    )
    while plan.version < HISTORY_VERSIONS:
        n = plan.version
        goals = list(plan.goals.order_by("order"))
        measures: list[dict[str, Any]] = [
            {"id": m.pk, "what": m.what, "goal": m.goal_id, "justification": m.justification}
            for m in plan.measures.order_by("order")
        ]
        if n % 3 == 0 and len(measures) > 1:
            measures.pop(0)
        else:
            measures.append(
                {
                    "what": f"Measure {n}",
                    "goal": goals[n % len(goals)].pk,
                    "support_service_type": service_type,
                    "provider": provider,
                    "due_on": today + datetime.timedelta(days=n),
                    "justification": _HISTORY_BY,
                }
            )
        plan = plan_update(
            plan=plan,
            by=worker,
            reason=f"Review {n}",
            expected_version=plan.version,
            fields={"review_due_on": today + datetime.timedelta(days=180 + n)},
            goals=[
                {"id": g.pk, "text": f"Goal {g.order} (round {n})" if g.order == n % 3 else g.text}
                for g in goals
            ],
            measures=measures,
        )
    return plan


@benchmark("history")
def history_benchmark(*, repeat: int = DEFAULT_REPEAT, **options: Any) -> Figures:
    """The history page of a plan with 200 versions, on a case of the demo lead's team.

    Figures: ``history_ms`` (median server time of the page through its URL,
    ``plans:plan_history``, GET as the lead through the test client, as the
    caseload benchmark does: the timeline of every version and the difference
    of the previous version against the latest) and ``history_queries`` (its
    query count), and ``history_versions`` (the plan's versions). The plan is
    created on the first run and reused afterwards.
    """
    lead = _demo_lead()
    plan = _history_plan_ensure(lead)
    # The default comparison (the previous version against the latest), as a
    # lead opening the page from the feed sees it; each view logs the read.
    url = reverse("plans:plan_history", kwargs={"case_id": plan.case_id, "plan_id": plan.pk})
    history_ms, history_queries = _page_figures(
        _page_get(_signed_in(lead), url, lead), repeat=repeat
    )
    return {
        "history_ms": history_ms,
        "history_queries": history_queries,
        "history_versions": plan.version,
    }


# --- dashboard --------------------------------------------------------------------------


@benchmark("dashboard")
def dashboard_benchmark(*, repeat: int = DEFAULT_REPEAT, **options: Any) -> Figures:
    """The demo lead's dashboard of Tiimi A through its URL, ``dashboard:index``.

    Figures: ``dashboard_ms`` (median server time of the page, GET as the lead
    through the test client, as the caseload benchmark does), ``dashboard_queries``
    (its query count, which does not grow with the cases) and ``dashboard_cases``
    (the open cases it counts). The page shows numbers, not clients: it writes
    no access-log rows.
    """
    lead = _demo_lead()
    page = _page_get(_signed_in(lead), reverse("dashboard:index"), lead)
    dashboard_ms, dashboard_queries = _page_figures(page, repeat=repeat)
    from dashboard.selectors import dashboard_counts, dashboard_scope

    counts = dashboard_counts(dashboard_scope(lead), today=timezone.localdate())
    return {
        "dashboard_ms": dashboard_ms,
        "dashboard_queries": dashboard_queries,
        "dashboard_cases": counts.open_cases,
    }


# --- retention and statistics -------------------------------------------------------------


@benchmark("retention")
def retention_benchmark(*, repeat: int = DEFAULT_REPEAT, **options: Any) -> Figures:
    """What ``manage.py retention --dry-run`` computes, over the whole database.

    Figures: ``retention_dry_run_ms`` (median time of the retention plan: every
    closed case's end date, the holds and the sample, sorted into due, later
    and kept) and ``retention_clients`` (the clients whose cases are all
    closed). It reads only; the process start of the command is not counted.
    """
    from lifecycle.retention import retention_plan

    today = timezone.localdate()
    plan = retention_plan(on=today)
    return {
        "retention_dry_run_ms": median_ms(lambda: retention_plan(on=today), repeat=repeat),
        "retention_clients": len(plan.due) + len(plan.later) + len(plan.kept),
    }


@benchmark("statistics")
def statistics_benchmark(*, repeat: int = DEFAULT_REPEAT, **options: Any) -> Figures:
    """The anonymous statistics page of this year, as the demo lead, through its URL.

    Figures: ``statistics_ms`` (median server time) and ``statistics_queries``,
    from the counts kept after the warm-up (as every reader within minutes of
    another gets the page: :func:`dashboard.statistics_counts.statistics_counts`);
    ``statistics_counting_ms`` and ``statistics_counting_queries``, the same
    page with the kept counts forgotten before each run (as the first reader
    after their lifetime gets it: counted afresh).
    """
    from dashboard.statistics import statistics_years
    from dashboard.statistics_counts import statistics_counts_forget

    lead = _demo_lead()
    page = _page_get(_signed_in(lead), reverse("dashboard:statistics"), lead)
    statistics_ms, statistics_queries = _page_figures(page, repeat=repeat)

    def counted_afresh() -> HttpResponseBase:
        # Only the statistics' counts: a shared cache may hold what others keep.
        statistics_counts_forget(statistics_years()[0])  # the page's year when none is asked
        return page()

    counting_ms, counting_queries = _page_figures(counted_afresh, repeat=repeat)
    return {
        "statistics_ms": statistics_ms,
        "statistics_queries": statistics_queries,
        "statistics_counting_ms": counting_ms,
        "statistics_counting_queries": counting_queries,
    }


# --- search -----------------------------------------------------------------------------


def _search_queries(lead: User) -> tuple[str, str]:
    """A last name typed without its accents, and a case code's last five digits.

    Both from a client the lead may read (the first by case code with a last
    name that has a letter beyond a–z if there is one), so that each search
    finds what a worker would look for. Deterministic for a given database.
    """
    visible = Case.objects.visible_to(lead).select_related("client").order_by("client__case_code")
    accented = visible.filter(client__last_name__regex=r"[äöåÄÖÅ]").first()
    case = accented or visible.exclude(client__last_name="").first()
    if case is None:
        raise BenchmarkError(
            f"The demo lead {lead.username!r} sees no client: "
            "run `python manage.py seed_demo --clients N` first."
        )
    plain_name = fold(case.client.last_name)
    code_part = case.client.case_code.rsplit("-", 1)[1]
    return plain_name, code_part


@benchmark("search")
def search_benchmark(*, repeat: int = DEFAULT_REPEAT, **options: Any) -> Figures:
    """The demo lead's caseload searched by a name without its accents and by a partial code.

    The search is posted once (it is kept in the session, as the page does)
    and the result page is timed through the URL named "home". Figures:
    ``search_ms`` (median of the name search: "Jarvinen" finding "Järvinen"
    among every client the lead may read), ``search_code_ms`` (median of the
    partial case code, "00047"), ``search_queries`` (the name search page's
    query count) and ``search_found`` (how many open cases the name search
    finds). On PostgreSQL each word is served by the trigram index on
    ``Client.search_text``.
    """
    lead = _demo_lead()
    name, code = _search_queries(lead)
    url = reverse("home")
    browser = _signed_in(lead)

    def searching(query: str) -> Callable[[], HttpResponseBase]:
        with _server_like():
            browser.post(url, {"q": query}, secure=True)
        return _page_get(browser, url, lead)

    with _server_like():
        search_code_ms = median_ms(searching(code), repeat=repeat)
    search_ms, search_queries = _page_figures(searching(name), repeat=repeat)
    found = caseload(lead, CaseloadFilters(query=name), today=timezone.localdate()).count()
    return {
        "search_ms": search_ms,
        "search_code_ms": search_code_ms,
        "search_queries": search_queries,
        "search_found": found,
    }


# --- pages ------------------------------------------------------------------------------

# The percentile of the page kinds' medians that ``pages_p95_ms`` reports.
PAGES_PERCENTILE = 95


@dataclass(frozen=True)
class PageKind:
    """One kind of page a worker or a lead opens: its name, a URL of it and who opens it."""

    name: str
    url: str
    user: User


def _percentile(values: list[float], percent: int) -> float:
    """The nearest-rank ``percent``-th percentile of ``values``: the smallest value that at
    least ``percent`` % of the values are at or below (of 40 values, the 38th smallest)."""
    ordered = sorted(values)
    rank = max(1, math.ceil(percent / 100 * len(ordered)))
    return ordered[rank - 1]


def page_kinds(lead: User) -> list[PageKind]:
    """Every kind of GET page a worker or a lead uses, each at one URL of the demo data.

    The case pages are opened by the case's primary worker, on the case of the
    typical client plan in force that the PDF benchmark prints (ten goals,
    fifteen measures; the plan pages on that plan); the
    referral's and the integration plan's pages on the first such case that
    has one; the team's pages (the dashboard, the plan feed, the statistics,
    the claims, the break-glass review) by the lead. Left out: pages that only
    take a POST or answer with a file (PDF, CSV), the administrators' pages
    and the sign-in and second-factor pages.
    """
    from dashboard.selectors import INDICATORS
    from services.models import Entitlement, Referral

    # The typical plan the PDF benchmark prints (built once): the first open case's
    # plan would be the history benchmark's, 200 versions and some 70 measures once
    # that has run, and the figures would depend on which benchmarks ran before.
    plan = _pdf_plan_ensure(lead)
    case = plan.case
    worker = case.primary_worker
    client = case.client
    integration = _open_case(
        lead, plans__status=Plan.Status.IN_FORCE, plans__kind=Plan.Kind.INTEGRATION_PLAN
    )
    integration_plan = integration.plans.get(
        status=Plan.Status.IN_FORCE, kind=Plan.Kind.INTEGRATION_PLAN
    )
    referral = Referral.objects.filter(case=_open_case(lead, referrals__isnull=False)).first()
    assert referral is not None  # the case was chosen for having one
    entitlement = Entitlement.objects.filter(case=case).order_by("type__ordering").first()
    entry = case.journal_entries.order_by("-created_at").first()
    if entitlement is None or entry is None:
        raise BenchmarkError(
            f"The case {client.case_code} has no entitlement board or no journal entry: "
            "run `python manage.py seed_demo --clients N` first."
        )
    on_case = {"case_id": case.pk}
    on_plan = {"case_id": case.pk, "plan_id": plan.pk}
    kinds: list[tuple[str, str, dict[str, Any], User]] = [
        ("caseload", "home", {}, worker),
        ("client_new", "client_create", {}, worker),
        ("case", "case_detail", on_case, worker),
        ("case_edit", "case_edit", on_case, worker),
        ("client_edit", "client_edit", on_case, worker),
        ("case_close", "case_close", on_case, worker),
        ("representative", "representative_edit", on_case, worker),
        ("journal", "journal", on_case, worker),
        ("journal_correct", "journal_correct", {**on_case, "entry_id": entry.pk}, worker),
        ("access_log", "access_log", {"client_id": client.pk}, worker),
        ("board", "services:board", on_case, worker),
        (
            "entitlement_edit",
            "services:entitlement_edit",
            {**on_case, "entitlement_id": entitlement.pk},
            worker,
        ),
        ("referrals", "services:referrals", on_case, worker),
        (
            "referral",
            "services:referral_detail",
            {"case_id": referral.case_id, "referral_id": referral.pk},
            worker,
        ),
        ("costs", "services:costs", on_case, worker),
        ("assessments", "checkpoints:assessment_history", on_case, worker),
        ("mental_state_new", "checkpoints:mental_state_assess", on_case, worker),
        ("literacy_new", "checkpoints:literacy_assess", on_case, worker),
        ("language_new", "checkpoints:language_assess", on_case, worker),
        ("outcome_new", "dashboard:outcome_record", on_case, worker),
        ("plan_list", "plans:plan_list", on_case, worker),
        ("plan", "plans:plan_detail", on_plan, worker),
        (
            "plan_new",
            "plans:plan_create",
            {**on_case, "kind": Plan.Kind.CLIENT_PLAN.value},
            worker,
        ),
        (
            "integration_plan_new",
            "plans:plan_create",
            {**on_case, "kind": Plan.Kind.INTEGRATION_PLAN.value},
            worker,
        ),
        ("plan_edit", "plans:plan_edit", on_plan, worker),
        (
            "integration_plan_edit",
            "plans:plan_edit",
            {"case_id": integration.pk, "plan_id": integration_plan.pk},
            integration.primary_worker,
        ),
        ("plan_history", "plans:plan_history", on_plan, worker),
        ("plan_translations", "plans:plan_translations", on_plan, worker),
        ("plan_copy_new", "plans:plan_copy_new", on_plan, worker),
        ("client_report", "lifecycle:client_report", {"client_id": client.pk}, worker),
        ("legal_hold", "lifecycle:legal_hold", on_case, worker),
        ("claims", "services:claims", {}, worker),
        ("claim_new", "services:claim_new", {}, worker),
        ("dashboard", "dashboard:index", {}, lead),
        ("dashboard_cases", "dashboard:cases", {"key": INDICATORS[0].key}, lead),
        ("plan_feed", "plans:plan_changes", {}, lead),
        ("statistics", "dashboard:statistics", {}, lead),
        ("break_glass_reviews", "break_glass_reviews", {}, lead),
    ]
    return [
        PageKind(name=name, url=reverse(url_name, kwargs=kwargs), user=user)
        for name, url_name, kwargs, user in kinds
    ]


@benchmark("pages")
def pages_benchmark(*, repeat: int = DEFAULT_REPEAT, **options: Any) -> Figures:
    """One GET of each kind of page a worker or a lead uses (:func:`page_kinds`), timed.

    Each page's median server time over ``repeat`` runs (after one warm-up,
    through the test client as the caseload benchmark does) is that page's
    figure. Figures: ``pages_p95_ms``: the 95th percentile, by nearest rank,
    of those medians across the page kinds (of 38 kinds, the 37th smallest:
    the second slowest page's median, at most one kind is slower); ``pages_max_ms`` (the
    slowest page's median) and ``pages_slowest`` (its name);
    ``pages_count`` (how many kinds); and for each page, ``pages_<name>_ms``
    (its median) and ``pages_<name>_queries`` (its query count). Any answer
    but 200 fails the benchmark. The pages write what they write when opened:
    access-log rows and sessions. So the access-log page of the chosen client
    grows with every run until it shows a full page, 100 rows
    (``cases.views.access.ACCESS_LOG_PAGE_SIZE``): after the first run on a
    database it is measured full.
    """
    lead = _demo_lead()
    browsers: dict[uuid.UUID, TestClient] = {}
    per_page: Figures = {}
    medians: dict[str, float] = {}
    for kind in page_kinds(lead):
        browser = browsers.get(kind.user.pk)
        if browser is None:
            browser = browsers[kind.user.pk] = _signed_in(kind.user)
        ms, queries = _page_figures(_page_get(browser, kind.url, kind.user), repeat=repeat)
        medians[kind.name] = ms
        per_page[f"pages_{kind.name}_ms"] = ms
        per_page[f"pages_{kind.name}_queries"] = queries
    slowest = max(medians, key=medians.__getitem__)
    return {
        "pages_p95_ms": _percentile(list(medians.values()), PAGES_PERCENTILE),
        "pages_max_ms": medians[slowest],
        "pages_slowest": slowest,
        "pages_count": len(medians),
        **per_page,
    }
