"""A client recorded through every part of Polku, with a name, identity code and text to find.

Everything is written through the actions and pages a worker uses, so that
whatever they store (history rows, logs, derived rows, tokens, copies' bytes)
is stored as in real use. The destruction tests then look for the client's
id, names, henkilötunnus and words in every table of the database.
"""

import datetime
import uuid
from dataclasses import dataclass
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone

from cases import actions as cases_actions
from cases.hetu import hetu_make
from cases.models import Case, Client, Team, User
from checkpoints.actions import (
    language_assessment_create,
    literacy_assessment_create,
    mental_state_assessment_create,
)
from core.concurrency import record_version
from core.models import SubmissionToken
from dashboard.actions import outcome_assessment_create
from lifecycle.actions import client_report_produce, legal_hold_lift, legal_hold_place
from plans.actions import (
    measure_progress_record,
    plan_activate,
    plan_change_reply,
    plan_change_review,
    plan_copy_issue,
    plan_create,
    plan_update,
)
from plans.models import Plan, PlanChangeReview, Progress
from services import actions as services_actions
from services.models import Entitlement, Provider, SupportServiceType
from tests.conftest import logged_in
from tests.factories.checkpoints import default_level

OPENED = datetime.date(2010, 3, 1)
CLOSED = datetime.date(2012, 6, 30)


@dataclass(frozen=True)
class Recorded:
    """The client and what identifies them, as the scan looks for it."""

    client: Client
    case: Case
    first_name: str
    last_name: str
    henkilotunnus: str
    text: str

    @property
    def needles(self) -> dict[str, str]:
        """What no table may hold after destruction: the id (both spellings), names, code, words."""
        return {
            "id": str(self.client.pk),
            "id (hex)": self.client.pk.hex,
            "first name": self.first_name,
            "last name": self.last_name,
            "henkilötunnus": self.henkilotunnus,
            "text": self.text,
        }


def client_through_every_part(
    *, worker: User, colleague: User, lead: User, team: Team, tag: str, close: bool = True
) -> Recorded:
    """Record a client everywhere Polku can: see the module docstring.

    ``tag`` makes the identifying strings distinctive. With ``close`` the case
    is closed in 2012, so that an adult's 10 years have long passed.
    """
    first, last = f"Xyloforia{tag}", f"Quornbeck{tag}"
    text = f"Zirkonikatu {tag} erityinen"
    hetu = hetu_make(datetime.date(1980, 4, 12), 300 + len(tag), "-")
    case = cases_actions.client_and_case_create(
        by=worker,
        client_fields={
            "first_name": first,
            "last_name": last,
            "other_names": f"{first} {last} alias",
            "henkilotunnus": hetu,
            "gender": Client.Gender.FEMALE,
            "nationalities": ["NG"],
            "unaccompanied": True,
            "address": text,
            "phone": "+358 40 999 0000",
            "safety_notes": text,
        },
        case_fields={"team": team, "primary_worker": worker, "opened_on": OPENED},
    )
    client = case.client
    cases_actions.representative_appoint(
        client=client, by=worker, expected_version="", name=f"Edustaja {last}", contact=text
    )
    # The record changes: the old values stay in the history.
    client = cases_actions.client_update(
        client=Client.objects.get(pk=client.pk),
        by=worker,
        fields={"unaccompanied": False, "address": f"{text} 2", "turvakielto": True},
        expected_version=record_version(client),
    )
    case = cases_actions.case_update(
        case=Case.objects.get(pk=case.pk),
        by=worker,
        fields={
            "exploitation_forms": ["forced_labour", "begging"],
            "exploitation_primary": "forced_labour",
            "exploitation_place": "both",
            "referred_on": OPENED,
        },
        other_workers=[colleague],
        expected_version=record_version(case),
    )
    entry = cases_actions.journal_entry_create(
        case=case, author=worker, text=f"{first} {last} kertoi: {text}", entry_date=OPENED
    )
    cases_actions.journal_entry_correct(entry=entry, by=worker, text=f"Korjaus: {text}")
    cases_actions.break_glass_open(user=lead, case=case, reason=f"Tarkistan {first} {last}")
    # Pages a worker opens write the access log, and a create form leaves its token.
    browser = logged_in(worker)
    browser.get(reverse("case_detail", args=[case.pk]))
    SubmissionToken.objects.create(
        token=uuid.uuid4(), user=worker, result_url=reverse("journal", args=[case.pk])
    )

    # Services: the board, consent, a referral sent, a cost and its claim.
    entitlement = Entitlement.objects.filter(case=case, type__applies_to="all").first()
    services_actions.entitlement_update(
        entitlement=entitlement,
        by=worker,
        expected_version=record_version(entitlement),
        status=Entitlement.Status.IN_USE,
        assessed_on=OPENED,
        decided_on=OPENED,
        started_on=OPENED,
        note=text,
    )
    consent = services_actions.consent_record(
        case=case,
        by=worker,
        scope=f"Lähetteet {text}",
        given_on=OPENED,
        expires_on=timezone.localdate() + datetime.timedelta(days=365),
    )
    provider = Provider.objects.order_by("code").first()
    service = SupportServiceType.objects.order_by("code").first()
    referral = services_actions.referral_create(
        case=case, by=worker, service_type=service, provider=provider, note=text
    )
    services_actions.referral_send(referral=referral, by=worker, on=OPENED)
    services_actions.consent_withdraw(consent=consent, by=worker, note=text)
    services_actions.cost_record(
        case=case,
        by=worker,
        incurred_on=OPENED,
        amount=Decimal("120.50"),
        provider=provider,
        service_type=service,
        note=text,
    )
    claim = services_actions.claim_build(
        team=team, period_start=OPENED, period_end=OPENED, by=worker
    )
    services_actions.claim_submit(claim=claim, by=worker)

    # Checkpoints and outcomes.
    mental_state_assessment_create(
        case=case, by=worker, level=default_level("with_support"), note=text, assessed_on=OPENED
    )
    literacy_assessment_create(
        case=case, by=worker, category="latin_alphabet", note=text, assessed_on=OPENED
    )
    language_assessment_create(
        case=case, by=worker, language="fin", level="a2", note=text, assessed_on=OPENED
    )
    outcome_assessment_create(
        case=case,
        by=worker,
        working_life="in_training",
        empowerment=3,
        support_network="limited",
        empowerment_note=text,
        assessed_on=OPENED,
    )

    # A plan with parts, in force, changed, reviewed, and its copy printed.
    plan = plan_create(
        case=case,
        kind=Plan.Kind.CLIENT_PLAN,
        by=worker,
        fields={
            "review_due_on": datetime.date(2011, 1, 1),
            "needs_assessment": text,
            "client_view": f"{first} haluaa töihin",
        },
        goals=[{"text": f"Tavoite {text}"}],
        measures=[{"what": f"Toimenpide {text}", "goal": 0, "responsible": first}],
        participants=[{"role": "client", "name": f"{first} {last}"}],
    )
    plan = plan_activate(
        plan=plan, by=worker, reason="Sovittu", expected_version=plan.version, in_force_from=OPENED
    )
    plan = plan_update(
        plan=plan,
        by=worker,
        reason="Päivitys",
        expected_version=plan.version,
        fields={"client_view": f"{last} haluaa opiskella"},
    )
    review = plan_change_review(
        plan=plan,
        version=plan.version,
        by=lead,
        comment=f"Hyvä, {first}",
        outcome=PlanChangeReview.Outcome.NEEDS_CHANGES,
    )
    plan_change_reply(review=review, by=worker, text=f"Korjattu, {last}")
    measure_progress_record(
        measure=plan.measures.get(),
        by=worker,
        state=Progress.INTERRUPTED,
        reason=f"Sairaus {first}",
        note=f"Jatkuu {last}",
        on=OPENED,
    )
    plan_copy_issue(plan=plan, by=worker, language="fi", include_henkilotunnus=True)

    # A legal hold, placed and lifted; the client's own report.
    legal_hold_place(client=client, by=worker, reason=f"Kantelu {first}")
    legal_hold_lift(client=client, by=worker, reason=f"Ratkaistu {last}")
    for output in ("pdf", "json"):
        client_report_produce(
            client=client, by=worker, language="fi", output=output, reveal_protected=True
        )
    if close:
        case = cases_actions.case_close(
            case=Case.objects.get(pk=case.pk), by=worker, reason=text, closed_on=CLOSED
        )
    return Recorded(
        client=client,
        case=case,
        first_name=first,
        last_name=last,
        henkilotunnus=hetu,
        text=text,
    )
