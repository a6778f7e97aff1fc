"""Every look at a client's data writes the access log, proved for URLs not yet written.

The URL resolver is walked for every pattern that takes a case, client,
plan or claim identifier; each is requested by its owner, and the request
must write at least one access-log row about the client. A URL added later
is covered without editing this test. An exemption needs its reason here.
"""

import pytest

from cases.models import AccessLog, Case, JournalEntry, User
from services.models import Claim
from tests.conftest import logged_in
from tests.record_urls import RECORD_URLS, fetch, url_for

# URLs that show no client data themselves, each with the reason.
EXEMPT = {
    "break_glass": "only the case code and a reason form; opening writes BREAK_GLASS",
    "plans:plan_change_review": "a lead's POST that marks a change reviewed; the feed logs",
    "plans:plan_change_reply": "a worker's POST answering a review; the plan page logs",
    "plans:measure_progress": "a worker's POST recording progress; the plan page logs",
}


def test_the_walk_finds_the_record_urls() -> None:
    assert {"case_detail", "client_edit", "plans:plan_detail", "services:claim_detail"} <= set(
        RECORD_URLS
    )
    assert set(EXEMPT) <= set(RECORD_URLS), "an exemption for a URL that no longer exists"


@pytest.mark.parametrize("name", [n for n in RECORD_URLS if n not in EXEMPT])
def test_a_look_by_the_owner_writes_the_access_log(
    name: str, world: dict[str, object], alice: User
) -> None:
    case: Case = world["case"]  # type: ignore[assignment]
    before = AccessLog.objects.filter(user=alice, client=case.client).count()
    status = fetch(logged_in(alice), url_for(name, world))
    assert status in (200, 302), (name, status)
    written = AccessLog.objects.filter(user=alice, client=case.client).count() - before
    assert written >= 1, f"{name} showed the client's data without an access-log row"


def test_the_claim_in_the_fixture_names_the_case(world: dict[str, object]) -> None:
    claim: Claim = world["claim"]  # type: ignore[assignment]
    case: Case = world["case"]  # type: ignore[assignment]
    assert claim.lines.filter(case_code=case.client.case_code).exists()
    assert isinstance(world["entry"], JournalEntry)
