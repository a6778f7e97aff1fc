"""The URLs that take a record's identifier, and one case with one of everything they name.

Walked from the URL resolver, so that tests over "every URL" (access, the
access log, hostile input) cover URLs added later without being edited.
"""

from django.test import Client as HttpClient
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from cases.models import User
from plans.actions import plan_change_review, plan_create
from plans.models import IssuedCopy, Plan, PlanChangeReview
from services.actions import claim_build, claim_submit, referral_send
from services.models import Consent, Entitlement, Referral
from tests.factories.cases import CaseFactory, JournalEntryFactory
from tests.factories.plans import IssuedCopyFactory
from tests.factories.services import (
    ConsentFactory,
    CostEntryFactory,
    EntitlementTypeFactory,
    ReferralFactory,
)

RECORD_KWARGS = {"case_id", "client_id", "plan_id", "claim_id"}


def walk(resolver: URLResolver, namespace: str = ""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from walk(entry, inner)
        elif isinstance(entry, URLPattern):
            yield f"{namespace}{entry.name}", entry


PATTERNS = dict(walk(get_resolver()))
RECORD_URLS = sorted(
    name
    for name, pattern in PATTERNS.items()
    if RECORD_KWARGS & set(getattr(pattern.pattern, "converters", {}))
)


def world_build(alice: User, leena: User, team_a) -> dict[str, object]:
    """One case of ``alice``'s with one of everything a URL may name."""
    EntitlementTypeFactory()
    case = CaseFactory(primary_worker=alice, team=team_a)
    entry = JournalEntryFactory(case=case)
    ConsentFactory(case=case)
    # Sent, so that its letter can be made.
    referral_send(referral=ReferralFactory(case=case), by=alice)
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
    IssuedCopyFactory(plan=plan)
    CostEntryFactory(case=case)
    claim = claim_submit(
        claim=claim_build(
            team=team_a,
            period_start=case.opened_on.replace(day=1),
            period_end=case.opened_on,
            by=alice,
        ),
        by=alice,
    )
    return {"case": case, "entry": entry, "plan": plan, "claim": claim}


SAMPLES = {
    "case_id": lambda w: w["case"].pk,
    "client_id": lambda w: w["case"].client_id,
    "entry_id": lambda w: w["entry"].pk,
    "entitlement_id": lambda w: Entitlement.objects.filter(case=w["case"]).first().pk,
    "referral_id": lambda w: Referral.objects.filter(case=w["case"]).earliest("created_at").pk,
    "consent_id": lambda w: Consent.objects.filter(case=w["case"]).earliest("recorded_at").pk,
    "plan_id": lambda w: w["plan"].pk,
    "kind": lambda w: Plan.Kind.CLIENT_PLAN,
    "copy_id": lambda w: IssuedCopy.objects.filter(plan=w["plan"]).earliest("issued_at").pk,
    "claim_id": lambda w: w["claim"].pk,
    "version": lambda w: w["plan"].version,
    "review_id": lambda w: PlanChangeReview.objects.filter(plan=w["plan"]).get().pk,
    "measure_id": lambda w: w["plan"].measures.get().pk,
}


def url_for(name: str, world: dict[str, object]) -> str:
    """The URL ``name`` with every identifier taken from ``world``."""
    kwargs = {}
    for key in PATTERNS[name].pattern.converters:
        assert key in SAMPLES, f"add a sample for <{key}> used by {name}"
        kwargs[key] = SAMPLES[key](world)
    return reverse(name, kwargs=kwargs)


def fetch(client: HttpClient, url: str) -> int:
    """GET the page; a POST-only URL is tried with an empty POST."""
    status = client.get(url).status_code
    if status == 405:
        status = client.post(url).status_code
    return status
