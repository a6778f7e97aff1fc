"""The caseload: who sees what, search, filters, paging and its query count."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from cases.models import AccessLog, Case, Team, User
from cases.views.caseload import (
    SEARCH_SESSION_KEY,
    CaseloadRow,
    _row_html,
    column_labels,
    flag_badges,
)
from tests.conftest import logged_in
from tests.factories.cases import CaseFactory, ClientFactory

TODAY = timezone.localdate()


def rows(response) -> list:
    return response.context["rows"]


def case_ids(response) -> set:
    return {row.case.pk for row in rows(response)}


@pytest.fixture
def own(alice: User, team_a: Team) -> Case:
    return CaseFactory(primary_worker=alice, team=team_a, client__first_name="Amina")


@pytest.fixture
def colleagues(bob: User, team_a: Team) -> Case:
    return CaseFactory(primary_worker=bob, team=team_a, client__first_name="Blessing")


@pytest.fixture
def outsiders(charlie: User, team_b: Team) -> Case:
    return CaseFactory(primary_worker=charlie, team=team_b, client__first_name="Chioma")


def test_worker_sees_own_cases_only(alice, own, colleagues, outsiders) -> None:
    response = logged_in(alice).get(reverse("home"))
    assert response.status_code == 200
    assert case_ids(response) == {own.pk}
    assert "Amina" in response.content.decode()
    assert "Blessing" not in response.content.decode()


def test_lead_sees_the_teams_cases(leena, own, colleagues, outsiders) -> None:
    response = logged_in(leena).get(reverse("home"))
    assert case_ids(response) == {own.pk, colleagues.pk}


def test_administrator_sees_no_cases(administrator, own) -> None:
    assert rows(logged_in(administrator).get(reverse("home"))) == []


def test_search_is_posted_and_kept_out_of_the_url(alice, own) -> None:
    client = logged_in(alice)
    response = client.post(reverse("home"), {"q": "Amina"})
    assert response.status_code == 302
    assert "Amina" not in response["Location"]
    assert client.session[SEARCH_SESSION_KEY] == "Amina"
    assert case_ids(client.get(reverse("home"))) == {own.pk}


def test_a_fragment_finds_no_colleagues_case(alice, colleagues, outsiders) -> None:
    client = logged_in(alice)
    for fragment in ("Blessing", "a", colleagues.client.case_code[:-1]):
        client.post(reverse("home"), {"q": fragment})
        response = client.get(reverse("home"))
        assert rows(response) == []
        assert response.context["limited"] == []
        assert colleagues.client.case_code not in response.content.decode()


@pytest.mark.parametrize("identifier", ["code", "name_and_birth_date", "reversed_name_iso_date"])
def test_an_exact_identifier_finds_a_colleagues_case_showing_only_code_and_worker(
    identifier, alice, colleagues, outsiders
) -> None:
    person = colleagues.client
    # Names no worker has: Faker once gave the client and the worker one surname.
    person.first_name, person.last_name = "Zoltan", "Qvistberg"
    person.save()
    born = person.date_of_birth
    query = {
        "code": person.case_code.lower(),
        "name_and_birth_date": f"{person.first_name} {person.last_name} {born:%d.%m.%Y}",
        "reversed_name_iso_date": f"{person.last_name.upper()} {person.first_name} {born:%Y-%m-%d}",
    }[identifier]
    client = logged_in(alice)
    client.post(reverse("home"), {"q": query})
    response = client.get(reverse("home"))
    assert rows(response) == []
    assert [case.pk for case in response.context["limited"]] == [colleagues.pk]
    html = response.content.decode()
    limited = html[html.index("caseload-limited") :]
    assert person.case_code in limited
    assert str(colleagues.primary_worker) in limited
    tables = html[html.index("<table") :]
    assert person.first_name not in tables and person.last_name not in tables
    assert reverse("break_glass", args=[colleagues.pk]) in html
    assert AccessLog.objects.filter(
        user=alice, client=person, action=AccessLog.Action.SEARCH
    ).exists()
    # The outsider team's client is not found at all, even exactly.
    client.post(reverse("home"), {"q": outsiders.client.case_code})
    assert client.get(reverse("home")).context["limited"] == []


def test_a_name_without_the_right_birth_date_finds_no_colleagues_case(alice, colleagues) -> None:
    person = colleagues.client
    wrong = person.date_of_birth + datetime.timedelta(days=1)
    client = logged_in(alice)
    for query in (
        f"{person.first_name} {person.last_name} {wrong:%d.%m.%Y}",
        f"{person.first_name} {person.date_of_birth:%d.%m.%Y}",
        f"{person.first_name} {person.last_name}",
    ):
        client.post(reverse("home"), {"q": query})
        assert client.get(reverse("home")).context["limited"] == []


def test_search_by_case_code_and_by_exact_henkilotunnus(alice, team_a) -> None:
    case = CaseFactory(
        primary_worker=alice,
        team=team_a,
        client__henkilotunnus="131052-308T",
        client__date_of_birth=datetime.date(1952, 10, 13),
    )
    client = logged_in(alice)
    client.post(reverse("home"), {"q": case.client.case_code})
    assert case_ids(client.get(reverse("home"))) == {case.pk}
    client.post(reverse("home"), {"q": "131052-308T"})
    assert case_ids(client.get(reverse("home"))) == {case.pk}
    client.post(reverse("home"), {"q": "131052-308"})
    assert rows(client.get(reverse("home"))) == []


def test_search_results_are_logged_and_the_search_can_be_cleared(alice, own) -> None:
    client = logged_in(alice)
    client.post(reverse("home"), {"q": "Amina"})
    client.get(reverse("home"))
    assert AccessLog.objects.filter(
        user=alice, client=own.client, action=AccessLog.Action.SEARCH
    ).exists()
    client.post(reverse("home"), {"clear": "1"})
    assert SEARCH_SESSION_KEY not in client.session
    client.get(reverse("home"))
    # The plain caseload is not a search, but listing the client is a read.
    assert AccessLog.objects.filter(
        user=alice, client=own.client, action=AccessLog.Action.LIST
    ).exists()


def test_empty_search_gets_a_message_at_the_field(alice) -> None:
    response = logged_in(alice).post(reverse("home"), {"q": ""})
    assert response.status_code == 200
    assert response.context["search_form"].errors["q"]


def test_flags_and_next_deadline(alice, team_a) -> None:
    minor = ClientFactory(
        date_of_birth=TODAY - datetime.timedelta(days=15 * 365),
        unaccompanied=True,
        turvakielto=True,
    )
    case = CaseFactory(
        client=minor,
        primary_worker=alice,
        team=team_a,
        recovery_period_start=TODAY - datetime.timedelta(days=25),
        recovery_period_end=TODAY + datetime.timedelta(days=5),
    )
    [row] = rows(logged_in(alice).get(reverse("home")))
    assert row.case.pk == case.pk
    assert set(row.flags) == {
        "minor",
        "unaccompanied",
        "no_representative",
        "turvakielto",
        "period_ending",
    }
    assert row.next_deadline == TODAY + datetime.timedelta(days=5)
    assert row.age == 14 or row.age == 15


def test_filters_minor_period_and_status(alice, team_a) -> None:
    adult = CaseFactory(primary_worker=alice, team=team_a)
    minor = CaseFactory(
        primary_worker=alice,
        team=team_a,
        client=ClientFactory(date_of_birth=TODAY - datetime.timedelta(days=10 * 365)),
    )
    ending = CaseFactory(
        primary_worker=alice,
        team=team_a,
        reflection_period_start=TODAY - datetime.timedelta(days=60),
        reflection_period_end=TODAY + datetime.timedelta(days=3),
    )
    closed = CaseFactory(
        primary_worker=alice,
        team=team_a,
        status=Case.Status.CLOSED,
        closed_on=TODAY,
        closure_reason="Muutti",
    )
    client = logged_in(alice)
    assert case_ids(client.get(reverse("home"))) == {adult.pk, minor.pk, ending.pk}
    assert case_ids(client.get(reverse("home"), {"status": "", "minor": "on"})) == {minor.pk}
    assert case_ids(client.get(reverse("home"), {"status": "", "period_ending": "on"})) == {
        ending.pk
    }
    assert case_ids(client.get(reverse("home"), {"status": "closed"})) == {closed.pk}


def test_sorting_by_name(alice, team_a) -> None:
    for name in ("Örn", "Aalto", "Mäki"):
        CaseFactory(primary_worker=alice, team=team_a, client__last_name=name)
    response = logged_in(alice).get(reverse("home"), {"status": "open", "sort": "name"})
    assert next(row.case.client.last_name for row in rows(response)) == "Aalto"


def test_fifty_a_page(alice, team_a) -> None:
    CaseFactory.create_batch(51, primary_worker=alice, team=team_a)
    client = logged_in(alice)
    first = client.get(reverse("home"))
    assert len(rows(first)) == 50
    assert first.context["page"].has_next
    second = client.get(reverse("home"), {"page": 2})
    assert len(rows(second)) == 1
    assert not second.context["page"].has_next
    assert (second.context["page"].start_index, second.context["page"].end_index) == (51, 51)
    assert "Asiakkuudet 51–51" in second.content.decode()
    assert rows(client.get(reverse("home"), {"page": "x"}))  # a bad page number is page 1


@pytest.mark.parametrize("count", [3, 60])
def test_query_count_does_not_grow_with_rows(
    count: int, leena, alice, team_a, django_assert_max_num_queries
) -> None:
    CaseFactory.create_batch(count, primary_worker=alice, team=team_a)
    client = logged_in(leena)
    # Session, user, the rows (one more than shown: is there a next page?) in two
    # (by deadline: on PostgreSQL the candidates' ids, then the page; when the page
    # reaches the cases without a deadline, those in one more), the
    # filters' teams and workers in one query, the access-log rows of the listed
    # clients in one insert; at most once a minute the session is renewed (an
    # update, inside the test's transaction with a savepoint pair); the next
    # steps of the page's cases in two, each keyed by the cases' ids (more
    # when a first step is a blocked measure: tests/dashboard/test_next_steps.py).
    with django_assert_max_num_queries(11):
        response = client.get(reverse("home"))
    assert len(rows(response)) == min(count, 50)


def test_search_query_count_is_bounded(alice, team_a, django_assert_max_num_queries) -> None:
    CaseFactory.create_batch(30, primary_worker=alice, team=team_a, client__first_name="Sama")
    client = logged_in(alice)
    client.post(reverse("home"), {"q": "Sama"})
    # As the plain caseload: the access-log rows are written in one insert.
    with django_assert_max_num_queries(11):
        response = client.get(reverse("home"))
    assert len(rows(response)) == 30


# --- Search: diacritics, word order, partial codes, clearing ------------------------------


def _search(client, query: str) -> set:
    client.post(reverse("home"), {"q": query})
    return case_ids(client.get(reverse("home")))


def test_search_ignores_diacritics_case_and_word_order(alice, team_a) -> None:
    jarvi = CaseFactory(
        primary_worker=alice, team=team_a, client__first_name="Sini", client__last_name="Järvi"
    )
    other = CaseFactory(
        primary_worker=alice, team=team_a, client__first_name="Ada", client__last_name="Öhman"
    )
    client = logged_in(alice)
    assert _search(client, "Jarvi") == {jarvi.pk}
    assert _search(client, "JÄRVI") == {jarvi.pk}
    assert _search(client, "jarvi sini") == {jarvi.pk}
    assert _search(client, "ohman") == {other.pk}
    assert _search(client, "Järvi Ada") == set()


def test_search_finds_aliases_folded(alice, team_a) -> None:
    case = CaseFactory(
        primary_worker=alice,
        team=team_a,
        client__first_name="Mary",
        client__last_name="Okoro",
        client__other_names="Marí Okorø\nQueen",
    )
    client = logged_in(alice)
    assert _search(client, "mari okoro") == {case.pk}
    assert _search(client, "queen") == {case.pk}


def test_search_finds_partial_case_codes(alice, team_a) -> None:
    cases = CaseFactory.create_batch(3, primary_worker=alice, team=team_a)
    target = cases[1]
    code = target.client.case_code  # IHK-2026-00047
    number = code.rsplit("-", 1)[1]
    year_and_number = code.split("-", 1)[1]
    client = logged_in(alice)
    assert _search(client, number) == {target.pk}
    assert _search(client, year_and_number) == {target.pk}
    assert _search(client, code.lower()) == {target.pk}


def test_the_search_column_follows_the_names(alice, team_a) -> None:
    case = CaseFactory(primary_worker=alice, team=team_a, client__last_name="Virtanen")
    person = case.client
    person.last_name = "Mäkelä"
    person.save(update_fields=["last_name"])
    person.refresh_from_db()
    assert "makela" in person.search_text
    assert "virtanen" not in person.search_text


def test_a_visible_clear_button_returns_to_the_full_caseload(alice, own, team_a) -> None:
    other = CaseFactory(primary_worker=alice, team=team_a, client__first_name="Zainab")
    client = logged_in(alice)
    client.post(reverse("home"), {"q": "Amina"})
    response = client.get(reverse("home"))
    assert case_ids(response) == {own.pk}
    html = response.content.decode()
    note = html[html.index("data-search-active") :]
    assert 'name="clear"' in note[: note.index("</div>")]
    response = client.post(reverse("home"), {"clear": "Clear"}, follow=True)
    assert case_ids(response) == {own.pk, other.pk}
    assert "data-search-active" not in response.content.decode()


def test_migrations_fold_as_the_code_does() -> None:
    from importlib import import_module

    from core.text import fold

    migration = import_module("cases.migrations.0009_client_search_text")
    for text in ("Järvi  Øster", "ŁUKASZ Straße", "Ðorđe  Þór", "IHK-2026-00047 Anna-Liisa"):
        assert migration._fold(text) == fold(text)


def _varied_caseload(alice: User, team_a: Team) -> None:
    """Cases with every kind of deadline, past and future, many of them tied."""
    from plans.models import Plan
    from tests.factories.plans import PlanFactory

    day = datetime.timedelta(days=1)
    for number in range(30):
        case = CaseFactory(
            primary_worker=alice,
            team=team_a,
            # Past ends are no deadline; future ones tie in fours.
            recovery_period_end=TODAY + day * (number % 4 - 1) if number % 3 else None,
            reflection_period_end=TODAY + day * (number % 5) if number % 4 == 1 else None,
            opened_on=TODAY - day * (number % 5),
        )
        if number % 5 in (0, 2):
            # A review overdue (a deadline, even in the past) or to come.
            PlanFactory(
                case=case, status=Plan.Status.IN_FORCE, review_due_on=TODAY + day * (number % 7 - 3)
            )
        if number % 6 == 0:
            PlanFactory(
                case=case,
                kind=Plan.Kind.INTEGRATION_PLAN,
                status=Plan.Status.IN_FORCE,
                review_due_on=TODAY + day * (number % 4),
            )
        if number % 7 == 0:
            PlanFactory(case=case, status=Plan.Status.DRAFT, review_due_on=TODAY - day * 9)
    CaseFactory(primary_worker=alice, team=team_a, status=Case.Status.CLOSED)


@pytest.mark.parametrize("sort", ["deadline", "-deadline", "name", "-code", "opened"])
def test_a_page_is_the_one_query_page(alice, team_a, leena, sort) -> None:
    """Every page read as the view reads it (by deadline: among candidates; else the ids
    on narrow rows, then those cases whole) holds the same cases in the same order as
    reading it in one query, including pages past the cases that have a deadline."""
    from cases import selectors

    _varied_caseload(alice, team_a)
    for user in (alice, leena):
        filters = selectors.CaseloadFilters(sort=sort)
        cases = selectors.caseload(user, filters, today=TODAY)
        assert cases.count() == 30
        for start, stop in ((0, 1), (0, 5), (3, 9), (5, 10), (10, 16), (20, 26), (25, 40)):
            page = selectors.caseload_page(user, filters, start, stop, today=TODAY)
            assert page == list(cases[start:stop]), (start, stop)
        assert selectors.slice_in_two_steps(cases, 5, 10) == list(cases[5:10])


@pytest.mark.parametrize("first_by", ["end", "opened_on"])
def test_a_page_read_by_its_first_value_is_the_one_query_page(
    alice, team_a, leena, first_by
) -> None:
    """Read with ``first_by`` (the value of the page's last case first, then only the
    cases at or before it), every page is the one query's page: ties at the page's edge,
    the cases without a value after those with one, pages wholly among them, past the end."""
    from django.db.models import F

    from cases import selectors

    _varied_caseload(alice, team_a)
    # The recovery period's end is tied in fours and empty on a third of the cases;
    # the opening day is tied in sixes and never empty.
    cases = (
        Case.objects.visible_to(leena)
        .annotate(end=F("recovery_period_end"))
        .order_by(F(first_by).asc(nulls_last=True), "client__case_code")
    )
    assert cases.count() == 31
    for start, stop in ((0, 1), (0, 4), (2, 7), (5, 10), (18, 24), (20, 31), (25, 40), (40, 50)):
        page = selectors.slice_in_two_steps(cases, start, stop, first_by=first_by)
        assert page == list(cases[start:stop]), (start, stop)


def test_a_page_read_by_its_first_value_sorts_only_the_cases_up_to_it(alice, team_a, leena) -> None:
    """With ``first_by``, the query that joins the clients to sort the cases by code sees
    only the cases at or before the value of the page's last case; without it, all."""
    from django.db import connection
    from django.db.models import F
    from django.test.utils import CaptureQueriesContext

    from cases import selectors

    _varied_caseload(alice, team_a)
    cases = (
        Case.objects.visible_to(leena)
        .annotate(end=F("recovery_period_end"))
        .order_by(F("end").asc(nulls_last=True), "client__case_code")
    )
    with CaptureQueriesContext(connection) as plain:
        selectors.slice_in_two_steps(cases, 0, 3)
    with CaptureQueriesContext(connection) as by_value:
        page = selectors.slice_in_two_steps(cases, 0, 3, first_by="end")
    selects = [query["sql"] for query in by_value if query["sql"].startswith("SELECT")]
    assert len(plain) == 2  # the ids, the cases
    assert len(selects) == 3  # the value, the ids, the cases
    bound = '"recovery_period_end" <='
    assert bound not in plain[0]["sql"]
    assert bound in selects[1]
    assert page == list(cases[:3])


@pytest.mark.django_db(transaction=True)
def test_the_ids_up_to_a_value_are_planned_for_that_value(monkeypatch) -> None:
    """On PostgreSQL the block's queries get a plan made for their values (a prepared
    statement's generic plan guessed how many cases come before the date); afterwards the
    connection plans as before. Where nothing is prepared (another database, or
    prepared statements turned off) the block changes nothing."""
    from django.db import connection

    from cases.selectors import planned_for_its_values

    options = connection.settings_dict["OPTIONS"]
    if connection.vendor != "postgresql" or not options.get("prepare_threshold"):
        with planned_for_its_values(connection.alias):
            assert not connection.in_atomic_block
        return
    with monkeypatch.context() as unprepared:
        unprepared.delitem(options, "prepare_threshold")
        with planned_for_its_values(connection.alias):
            assert not connection.in_atomic_block
    with connection.cursor() as cursor:
        cursor.execute("SHOW plan_cache_mode")
        (before,) = cursor.fetchone()
        with planned_for_its_values(connection.alias):
            cursor.execute("SHOW plan_cache_mode")
            assert cursor.fetchone() == ("force_custom_plan",)
        cursor.execute("SHOW plan_cache_mode")
        assert cursor.fetchone() == (before,)
    assert before == "auto"


def test_the_first_pages_by_deadline_are_found_among_few_candidates(
    alice, team_a, django_assert_num_queries
) -> None:
    """The default sort reads a page that is all deadlines from its few candidates, not
    by sorting the whole list."""
    from cases import selectors

    _varied_caseload(alice, team_a)
    filters = selectors.CaseloadFilters()
    from django.db import connection

    # On PostgreSQL the candidates' ids first; on SQLite, within the page's query.
    with django_assert_num_queries(2 if connection.vendor == "postgresql" else 1):
        page = selectors.caseload_page(alice, filters, 0, 5, today=TODAY)
    assert [case.next_deadline for case in page] == sorted(case.next_deadline for case in page)
    assert page[0].next_deadline == TODAY - datetime.timedelta(days=3)  # the overdue review
    cases = selectors.caseload_cases(alice, filters, today=TODAY)
    candidates = cases.filter(selectors._deadline_candidates(cases, 5, today=TODAY))
    assert 5 <= candidates.count() < 30


@pytest.mark.parametrize(
    ("language", "count", "more"),
    [("en", 0, ""), ("en", 1, ""), ("en", 2, "(and 1 more)"), ("fi", 3, "(ja 2 muuta)")],
)
def test_the_steps_beyond_the_first_are_counted_in_the_active_language(
    language: str, count: int, more: str
) -> None:
    with translation.override(language):
        assert CaseloadRow(case=Case(), step_count=count).more_steps == more


def test_the_flags_labels_are_translated_once_a_page() -> None:
    with translation.override("fi"):
        badges = flag_badges()
    assert badges["minor"] == ("text-bg-info", "Alaikäinen")
    assert all(type(label) is str for _style, label in badges.values())


# --- the rows, written in Python -----------------------------------------------------------


def _row(case: Case, **fields) -> CaseloadRow:
    row = CaseloadRow(case=case, url=f"/cases/{case.pk}/", **fields)
    row.badges = [flag_badges()[flag] for flag in row.flags]
    return row


def _step(**fields):
    from types import SimpleNamespace

    urgency = SimpleNamespace(badge="text-bg-danger", label="Myöhässä")
    return SimpleNamespace(kind="plan_review", urgency=urgency, url="/plans/x/", **fields)


def test_a_row_says_each_cell_and_its_column(alice, team_a) -> None:
    case = CaseFactory(primary_worker=alice, team=team_a, client__first_name="Amina")
    with translation.override("fi"):
        row = _row(
            case,
            age=34,
            flags=["minor", "turvakielto"],
            next_deadline=datetime.date(2027, 1, 5),
            deadline_iso="2027-01-05",
            deadline_text="5.1.2027",
            plan_review_due=datetime.date(2027, 1, 5),
            next_step=_step(sentence="Tarkista suunnitelma"),
            step_count=3,
        )
        html = _row_html(row, column_labels())
    client = case.client
    assert html.startswith("<tr>") and html.endswith("</tr>\n")
    assert f'<td data-label="Nimi"><a href="/cases/{case.pk}/">{client.full_name}</a></td>' in html
    assert f'<td data-label="Asiakkuustunnus">{client.case_code}</td>' in html
    assert '<td data-label="Ikä">34</td>' in html
    assert (
        '<span class="badge text-bg-info">Alaikäinen</span> '
        '<span class="badge text-bg-dark">Turvakielto</span> '
    ) in html
    assert (
        '<time datetime="2027-01-05">5.1.2027</time> '
        '<span class="small" data-deadline="plan_review">(suunnitelman tarkistus)</span>'
    ) in html
    assert (
        '<td data-label="Seuraava askel" data-next-step="plan_review">'
        '<span class="badge text-bg-danger">Myöhässä</span> '
        '<a href="/plans/x/">Tarkista suunnitelma</a> '
        '<span class="small text-body-secondary">(ja 2 muuta)</span></td>'
    ) in html
    assert f'<td data-label="Vastuutyöntekijä">{alice}</td>' in html


def test_a_row_without_age_flags_deadline_or_step_says_so(alice, team_a) -> None:
    case = CaseFactory(primary_worker=alice, team=team_a)
    with translation.override("fi"):
        bare = _row_html(_row(case), column_labels())
    assert '<td data-label="Ikä"><span class="text-body-secondary">ei tiedossa</span></td>' in bare
    assert '<td data-label="Huomiomerkit">–</td>' in bare
    assert '<td data-label="Seuraava määräaika">–</td>' in bare
    assert '<td data-label="Seuraava askel" data-next-step="">–</td>' in bare
    case.client.date_of_birth_estimated = True
    with translation.override("fi"):
        estimated = _row_html(_row(case, age=17), column_labels())
    assert (
        '<td data-label="Ikä">17 <span class="text-body-secondary">(arvio)</span></td>' in estimated
    )


def test_a_row_escapes_what_people_typed(alice, team_a) -> None:
    case = CaseFactory(
        primary_worker=alice, team=team_a, client__first_name='<script>alert("x")</script>'
    )
    row = _row(case, next_step=_step(sentence="<b>bold</b> & co"), step_count=1)
    html = _row_html(row, column_labels())
    assert "<script>" not in html and "<b>" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert "&lt;b&gt;bold&lt;/b&gt; &amp; co" in html


def test_the_page_writes_a_row_for_each_case_under_the_header(alice, own) -> None:
    html = logged_in(alice).get(reverse("home")).content.decode()
    body = html[html.index("<tbody>") : html.index("</tbody>")]
    assert body.count("<tr>") == 1
    assert own.client.full_name in body
    assert html.count('<th scope="col">') == 7
