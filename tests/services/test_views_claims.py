"""Compensation claims through the pages: team-scoped access, preview, submission, CSV."""

import csv
import datetime
import decimal
import io
import threading

import pytest
from django.db import connections
from django.urls import reverse
from django.utils import timezone

from cases.models import AccessLog, Case, Team, User
from services.actions import claim_build, claim_submit
from services.models import Claim, ClaimLine, CostEntry
from tests.conftest import logged_in
from tests.factories.cases import CaseFactory
from tests.factories.services import CostEntryFactory, SupportServiceTypeFactory

TODAY = timezone.localdate()
START = TODAY - datetime.timedelta(days=30)
D = decimal.Decimal


@pytest.fixture
def cases(alice: User, bob: User, leena: User, team_a: Team) -> list[Case]:
    """Two cases of team A, each with costs whose cents must add up exactly."""
    first = CaseFactory(primary_worker=alice, team=team_a)
    second = CaseFactory(primary_worker=bob, team=team_a)
    therapy = SupportServiceTypeFactory(code="therapy", name_fi="terapia")
    for amount in ("0.10", "0.20", "33.33"):
        CostEntryFactory(case=first, service_type=therapy, amount=D(amount))
    CostEntryFactory(case=second, amount=D("1234.56"))
    return [first, second]


def params(team: Team, start: datetime.date = START, end: datetime.date = TODAY) -> dict:
    return {"team": str(team.pk), "start": start.isoformat(), "end": end.isoformat()}


def submitted(user: User, team: Team) -> Claim:
    claim = claim_build(team=team, period_start=START, period_end=TODAY, by=user)
    return claim_submit(claim=claim, by=user)


def detail_url(claim: Claim) -> str:
    return reverse("services:claim_detail", kwargs={"claim_id": claim.pk})


def csv_url(claim: Claim) -> str:
    return reverse("services:claim_csv", kwargs={"claim_id": claim.pk})


@pytest.mark.parametrize(
    ("who", "status"),
    [("alice", 200), ("bob", 200), ("leena", 200), ("charlie", 404), ("administrator", 404)],
)
def test_a_claim_is_its_teams_only(
    who: str, status: int, cases: list[Case], alice: User, team_a: Team, request
) -> None:
    """A claim is the team's: its members and lead see it; another team and the admin get 404."""
    claim = submitted(alice, team_a)
    client = logged_in(request.getfixturevalue(who))
    assert client.get(detail_url(claim)).status_code == status
    assert client.get(csv_url(claim)).status_code == status
    listed = client.get(reverse("services:claims")).context["claims"]
    assert (claim in listed) == (status == 200)


def test_the_builder_offers_only_the_users_teams(
    cases: list[Case], alice: User, charlie: User, team_a: Team
) -> None:
    response = logged_in(charlie).get(reverse("services:claim_new"), params(team_a))
    assert response.status_code == 200
    assert response.context["form"].errors["team"]
    assert response.context["summary"] is None
    response = logged_in(charlie).post(reverse("services:claim_new"), params(team_a))
    assert not Claim.objects.exists()
    assert not ClaimLine.objects.exists()


def test_the_preview_totals_to_the_cent_by_case_code_never_by_name(
    cases: list[Case], alice: User, team_a: Team
) -> None:
    response = logged_in(alice).get(reverse("services:claim_new"), params(team_a))
    summary = response.context["summary"]
    assert summary.total == D("1268.19")
    assert {row.case_code: row.total for row in summary.per_client} == {
        cases[0].client.case_code: D("33.63"),
        cases[1].client.case_code: D("1234.56"),
    }
    assert sum(row.total for row in summary.per_service) == D("1268.19")
    html = response.content.decode()
    assert cases[0].client.case_code in html
    assert cases[0].client.last_name not in html
    assert "1\u00a0268,19" in html
    assert 'id="claim-submit-form"' in html


def test_building_and_submitting_freezes_the_costs(
    cases: list[Case], alice: User, team_a: Team
) -> None:
    response = logged_in(alice).post(reverse("services:claim_new"), params(team_a))
    claim = Claim.objects.get()
    assert response.status_code == 302
    assert response["Location"] == detail_url(claim)
    assert claim.status == Claim.Status.SUBMITTED and claim.submitted_by == alice
    assert claim.lines.count() == CostEntry.objects.count() == 4
    assert not CostEntry.objects.unclaimed().exists()
    page = logged_in(alice).get(detail_url(claim))
    assert page.context["summary"].total == D("1268.19")
    assert "1\u00a0268,19" in page.content.decode()


def test_a_second_claim_of_the_same_period_claims_nothing(
    cases: list[Case], alice: User, bob: User, team_a: Team
) -> None:
    submitted(alice, team_a)
    response = logged_in(bob).post(reverse("services:claim_new"), params(team_a))
    # Refused, shown as a message; the draft went with the refusal.
    assert response.status_code == 200
    assert 'class="alert alert-danger"' in response.content.decode()
    assert Claim.objects.count() == 1
    assert response.context["summary"].count == 0
    assert 'id="nothing-to-claim"' in response.content.decode()


def test_csv_totals_equal_the_sum_of_the_lines_and_the_export_is_logged(
    cases: list[Case], alice: User, team_a: Team
) -> None:
    claim = submitted(alice, team_a)
    response = logged_in(alice).get(csv_url(claim))
    assert response["Content-Disposition"].startswith("attachment;")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    _header, *lines, total = rows
    amounts = [D(row[-1]) for row in lines]
    assert len(lines) == 4
    assert sum(amounts) == D(total[-1]) == D("1268.19")
    assert all(len(row[-1].split(".")[1]) == 2 for row in rows[1:])
    exports = AccessLog.objects.filter(user=alice, action=AccessLog.Action.EXPORT)
    assert {log.client for log in exports} == {case.client for case in cases}


def test_csv_cells_that_a_spreadsheet_would_run_are_escaped(alice: User, team_a: Team) -> None:
    case = CaseFactory(primary_worker=alice, team=team_a)
    service = SupportServiceTypeFactory(code="sneaky", name_fi='=HYPERLINK("x")')
    CostEntryFactory(case=case, service_type=service, amount=D("5.00"))
    claim = submitted(alice, team_a)
    rows = list(csv.reader(io.StringIO(logged_in(alice).get(csv_url(claim)).content.decode())))
    assert rows[1][3] == '\'=HYPERLINK("x")'


@pytest.mark.parametrize("per_case", [1, 15])
def test_builder_and_claim_pages_query_count_is_bounded(
    alice: User, team_a: Team, per_case: int, django_assert_max_num_queries
) -> None:
    for _ in range(3 * per_case):
        case = CaseFactory(primary_worker=alice, team=team_a)
        for _ in range(per_case):
            CostEntryFactory(case=case, amount=D("10.01"))
    client = logged_in(alice)
    with django_assert_max_num_queries(BUILDER_QUERIES):
        response = client.get(reverse("services:claim_new"), params(team_a))
    assert response.context["summary"].count == 3 * per_case * per_case
    claim = submitted(alice, team_a)
    with django_assert_max_num_queries(CLAIM_PAGE_QUERIES):
        response = client.get(detail_url(claim))
    assert len(response.content) > 0
    with django_assert_max_num_queries(CLAIMS_LIST_QUERIES):
        client.get(reverse("services:claims"))


# Measured, the same at both sizes. The builder: session, user, the team (to
# validate, then the form's choices twice), two sums in SQL, the service names
# (one more when a cost names an entitlement), the session's save (3).
BUILDER_QUERIES = 11
# The claim page: session, user, working role, the claim, the clients it names
# and their access-log rows (one select, one insert), two sums, the names of
# services and entitlements, the lines.
CLAIM_PAGE_QUERIES = 11
# The list: session, user, working role, the teams, the claims with team and submitter.
CLAIMS_LIST_QUERIES = 5


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_two_people_submitting_the_same_claim_at_once_get_answers_not_errors(
    alice: User, leena: User, team_a: Team
) -> None:
    case = CaseFactory(primary_worker=alice, team=team_a)
    for _ in range(30):
        CostEntryFactory(case=case, amount=D("10.00"))
    barrier = threading.Barrier(2)
    statuses: dict[str, int] = {}

    def submit(user: User) -> None:
        client = logged_in(user)
        try:
            barrier.wait(timeout=10)
            statuses[user.username] = client.post(
                reverse("services:claim_new"), params(team_a)
            ).status_code
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit, args=(user,)) for user in (alice, leena)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(statuses) == ["alice", "leena"]
    assert all(status < 500 for status in statuses.values()), statuses
    assert Claim.objects.filter(status=Claim.Status.SUBMITTED).count() == 1
    assert ClaimLine.objects.count() == 30
