"""Every URL that takes a client or case identifier, as owner, lead, colleague and outsider.

The URL patterns are enumerated from the resolver, so a URL added later is
covered without editing this test; an identifier this test cannot supply
fails loudly, so that whoever adds it adds a sample below.
"""

from collections.abc import Callable

import pytest
from django.test import Client as HttpClient
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from cases.models import Case, JournalEntry, User
from plans.actions import plan_change_review, plan_create
from plans.models import IssuedCopy, Measure, Plan, PlanChangeReview
from services.actions import referral_send
from services.models import Consent, Entitlement, Referral
from tests.conftest import logged_in
from tests.factories.cases import CaseFactory, JournalEntryFactory
from tests.factories.plans import IssuedCopyFactory
from tests.factories.services import ConsentFactory, EntitlementTypeFactory, ReferralFactory

RECORD_KWARGS = {"case_id", "client_id"}


def walk(resolver: URLResolver, namespace: str = ""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from walk(entry, inner)
        elif isinstance(entry, URLPattern):
            yield f"{namespace}{entry.name}", entry


RECORD_URLS = sorted(
    name
    for name, pattern in walk(get_resolver())
    if RECORD_KWARGS & set(getattr(pattern.pattern, "converters", {}))
)

# How to find the value of each identifier from the case under test.
SAMPLES: dict[str, Callable[[Case, JournalEntry], object]] = {
    "case_id": lambda case, entry: case.pk,
    "client_id": lambda case, entry: case.client_id,
    "entry_id": lambda case, entry: entry.pk,
    # The services app's objects of the same case (see the ``case`` fixture).
    "entitlement_id": lambda case, entry: Entitlement.objects.get(case=case).pk,
    "referral_id": lambda case, entry: Referral.objects.get(case=case).pk,
    "consent_id": lambda case, entry: Consent.objects.get(case=case).pk,
    # The plans app's plan of the same case, and the kind of a new plan.
    "plan_id": lambda case, entry: Plan.objects.get(case=case).pk,
    "kind": lambda case, entry: Plan.Kind.CLIENT_PLAN,
    # An issued client's copy of that plan.
    "copy_id": lambda case, entry: IssuedCopy.objects.get(plan__case=case).pk,
    # The lead's review of that plan's first version, and its measure.
    "review_id": lambda case, entry: PlanChangeReview.objects.get(plan__case=case).pk,
    "measure_id": lambda case, entry: Measure.objects.get(plan__case=case).pk,
}

# Pages a colleague of the same team may open (limited: break the glass).
COLLEAGUE_ALLOWED = {"break_glass"}
# Where the owner or the lead is let in but sent elsewhere (302) instead of 200:
# the break-glass page sends those who already have access on to the case, and
# only the client's own workers may reveal protected details; a reply to a
# review and a measure's progress are POSTs that return to the plan page.
REDIRECTED = {
    ("break_glass", "alice"),
    ("break_glass", "leena"),
    ("case_reveal", "leena"),
    *(
        (name, who)
        for name in ("plans:plan_change_reply", "plans:measure_progress")
        for who in ("alice", "leena")
    ),
}


@pytest.fixture
def case(alice: User, bob: User, leena: User, team_a) -> Case:
    # An entitlement type, a referral and a consent for the services app's URLs;
    # the case gets its board row when it opens.
    EntitlementTypeFactory()
    case = CaseFactory(primary_worker=alice, team=team_a)
    referral = ReferralFactory(case=case)
    ConsentFactory(case=case)
    # Sent, so that its letter can be made.
    referral_send(referral=referral, by=alice)
    plan = plan_create(
        case=case, kind=Plan.Kind.CLIENT_PLAN, by=alice, measures=[{"what": "Kielikurssi"}]
    )
    plan_change_review(
        plan=plan,
        version=1,
        by=leena,
        comment="Lisää aikataulu.",
        outcome=PlanChangeReview.Outcome.NEEDS_CHANGES,
    )
    # Not rendered: the copy's bytes do not matter to access.
    IssuedCopyFactory(plan=plan)
    return case


@pytest.fixture
def entry(case: Case) -> JournalEntry:
    return JournalEntryFactory(case=case)


def url_for(name: str, case: Case, entry: JournalEntry) -> str:
    pattern = dict(walk(get_resolver()))[name]
    kwargs = {}
    for key in pattern.pattern.converters:
        assert key in SAMPLES, f"add a sample for <{key}> used by {name}"
        kwargs[key] = SAMPLES[key](case, entry)
    return reverse(name, kwargs=kwargs)


def fetch(client: HttpClient, url: str) -> int:
    """GET the page; a POST-only URL is tried with an empty POST."""
    status = client.get(url).status_code
    if status == 405:
        status = client.post(url).status_code
    return status


def test_record_urls_are_found() -> None:
    assert {"case_detail", "journal", "access_log", "break_glass"} <= set(RECORD_URLS)


@pytest.mark.parametrize("name", RECORD_URLS)
def test_outsider_gets_404(name: str, case: Case, entry: JournalEntry, charlie: User) -> None:
    assert fetch(logged_in(charlie), url_for(name, case, entry)) == 404


@pytest.mark.parametrize("name", RECORD_URLS)
def test_administrator_without_working_role_gets_404(
    name: str, case: Case, entry: JournalEntry, administrator: User, team_a
) -> None:
    assert fetch(logged_in(administrator), url_for(name, case, entry)) == 404


@pytest.mark.parametrize("name", RECORD_URLS)
def test_colleague_is_limited(name: str, case: Case, entry: JournalEntry, bob: User) -> None:
    status = fetch(logged_in(bob), url_for(name, case, entry))
    if name in COLLEAGUE_ALLOWED:
        assert status == 200
    else:
        assert status == 404


@pytest.mark.parametrize("name", RECORD_URLS)
@pytest.mark.parametrize("who", ["alice", "leena"])
def test_owner_and_lead_are_let_in(
    name: str, who: str, case: Case, entry: JournalEntry, request
) -> None:
    user = request.getfixturevalue(who)
    status = fetch(logged_in(user), url_for(name, case, entry))
    assert status == (302 if (name, who) in REDIRECTED else 200), (name, who, status)
