"""Costs and state-compensation claims: exact amounts, frozen lines, no double claiming."""

import datetime
import threading
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connections, transaction
from django.utils import timezone

from cases.models import Case, Team, User
from services.actions import ServiceActionError, claim_build, claim_submit, cost_record
from services.models import Claim, ClaimLine, CostEntry
from services.selectors import (
    claim_cover_letter_context,
    claim_csv_rows,
    claim_preview,
    claim_totals,
)
from tests.factories.cases import CaseFactory, ClientFactory
from tests.factories.services import (
    CostEntryFactory,
    EntitlementTypeFactory,
    ProviderFactory,
    SupportServiceTypeFactory,
)

TODAY = timezone.localdate()
START = TODAY.replace(day=1) - datetime.timedelta(days=60)
END = TODAY


@pytest.fixture
def case(alice: User) -> Case:
    return CaseFactory(primary_worker=alice)


def test_a_cost_is_an_exact_positive_decimal(case: Case, alice: User) -> None:
    cost = cost_record(
        case=case,
        by=alice,
        incurred_on=TODAY,
        amount=Decimal("0.10"),
        provider=ProviderFactory(),
        service_type=SupportServiceTypeFactory(),
        invoice_reference=" INV-1 ",
    )
    cost.refresh_from_db()
    assert cost.amount == Decimal("0.10")
    assert isinstance(cost.amount, Decimal)
    assert cost.invoice_reference == "INV-1"
    assert cost.history.get().history_user == alice


@pytest.mark.parametrize("amount", [Decimal("0"), Decimal("-5.00"), Decimal("0.001")])
def test_a_cost_must_be_positive_and_in_cents(case: Case, alice: User, amount: Decimal) -> None:
    with pytest.raises(ValidationError) as error:
        cost_record(
            case=case,
            by=alice,
            incurred_on=TODAY,
            amount=amount,
            provider=ProviderFactory(),
            service_type=SupportServiceTypeFactory(),
        )
    assert "amount" in error.value.message_dict


def test_a_float_amount_is_refused(case: Case, alice: User) -> None:
    with pytest.raises(TypeError):
        cost_record(
            case=case,
            by=alice,
            incurred_on=TODAY,
            amount=0.1,  # type: ignore[arg-type]
            provider=ProviderFactory(),
            service_type=SupportServiceTypeFactory(),
        )


def test_the_database_refuses_a_cost_of_zero_or_without_a_service(case: Case) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        CostEntryFactory(case=case, amount=Decimal("0.00"))
    with pytest.raises(IntegrityError), transaction.atomic():
        CostEntryFactory(case=case, service_type=None, entitlement_type=None)


def test_a_cost_names_an_entitlement_or_a_service(case: Case, alice: User) -> None:
    with pytest.raises(ValidationError):
        cost_record(
            case=case,
            by=alice,
            incurred_on=TODAY,
            amount=Decimal("10.00"),
            provider=ProviderFactory(),
        )
    cost_record(
        case=case,
        by=alice,
        incurred_on=TODAY,
        amount=Decimal("10.00"),
        provider=ProviderFactory(),
        entitlement_type=EntitlementTypeFactory(),
    )


def submitted(team: Team, by: User) -> Claim:
    """A claim of ``team`` over the test period, built and submitted by ``by``."""
    return claim_submit(
        claim=claim_build(team=team, period_start=START, period_end=END, by=by), by=by
    )


def costs_for_claim(alice: User, charlie: User) -> dict[str, CostEntry]:
    """Costs of team A in the period (0.10, 0.20, 0.35), one before it, one of team B."""
    therapy = SupportServiceTypeFactory(code="therapy", name_en="therapy")
    health = EntitlementTypeFactory(code="health", number=5, name_en="health care services")
    first, second = CaseFactory(primary_worker=alice), CaseFactory(primary_worker=alice)
    return {
        "a": CostEntryFactory(case=first, amount=Decimal("0.10"), service_type=therapy),
        # With an invoice reference, which the claim line's description carries.
        "b": CostEntryFactory(
            case=first,
            amount=Decimal("0.20"),
            service_type=therapy,
            entitlement_type=health,
            invoice_reference="LASKU-42",
        ),
        "c": CostEntryFactory(
            case=second, amount=Decimal("0.35"), service_type=None, entitlement_type=health
        ),
        "before": CostEntryFactory(
            case=second, amount=Decimal("9.00"), incurred_on=START - datetime.timedelta(days=1)
        ),
        "other_team": CostEntryFactory(
            case=CaseFactory(primary_worker=charlie), amount=Decimal("7.00")
        ),
    }


def test_submit_freezes_a_line_for_every_eligible_cost(
    alice: User, leena: User, charlie: User, team_a: Team
) -> None:
    costs = costs_for_claim(alice, charlie)
    claim = claim_build(team=team_a, period_start=START, period_end=END, by=leena)
    assert claim.status == Claim.Status.DRAFT
    assert not claim.lines.exists()
    claim = claim_submit(claim=claim, by=leena)
    assert (claim.status, claim.submitted_by) == (Claim.Status.SUBMITTED, leena)
    assert claim.submitted_at is not None
    assert {line.cost for line in claim.lines.all()} == {costs["a"], costs["b"], costs["c"]}
    # Frozen: correcting a cost afterwards does not change the claim.
    CostEntry.objects.filter(pk=costs["a"].pk).update(amount=Decimal("99.00"))
    line = ClaimLine.objects.get(cost=costs["a"])
    assert line.amount == Decimal("0.10")
    assert line.case_code == costs["a"].case.client.case_code
    # In the organisation's language (Finnish), whatever the user's.
    cost = costs["a"]
    assert line.description == f"{cost.service_type.name_fi}, {cost.provider.name}"
    assert ClaimLine.objects.get(cost=costs["b"]).description.endswith("LASKU-42")
    with pytest.raises(ServiceActionError):
        claim_submit(claim=claim, by=leena)


def test_a_second_claim_of_the_period_claims_nothing_new(
    alice: User, leena: User, charlie: User, team_a: Team
) -> None:
    costs = costs_for_claim(alice, charlie)
    submitted(team_a, leena)
    second = claim_build(team=team_a, period_start=START, period_end=END, by=leena)
    with pytest.raises(ServiceActionError, match="no unclaimed costs"):
        claim_submit(claim=second, by=leena)
    assert Claim.objects.get(pk=second.pk).status == Claim.Status.DRAFT
    # A cost entered late goes into the next claim, and only it.
    late = CostEntryFactory(case=costs["a"].case, amount=Decimal("1.00"))
    claim_submit(claim=second, by=leena)
    assert [line.cost for line in second.lines.all()] == [late]


def test_a_cost_taken_by_another_claim_meanwhile_fails_the_whole_submission(
    alice: User, leena: User, charlie: User, team_a: Team, monkeypatch
) -> None:
    costs_for_claim(alice, charlie)
    submitted(team_a, leena)
    second = claim_build(team=team_a, period_start=START, period_end=END, by=leena)
    # As if the other claim committed between this one's read and its insert.
    monkeypatch.setattr(
        CostEntry.objects.__class__,
        "eligible_for",
        lambda self, **kwargs: CostEntry.objects.filter(case__team=team_a),
    )
    with pytest.raises(ServiceActionError, match="claimed by another claim meanwhile"):
        claim_submit(claim=second, by=leena)
    second.refresh_from_db()
    assert second.status == Claim.Status.DRAFT
    assert not second.lines.exists()


def test_only_a_member_of_the_team_builds_or_submits_its_claims(
    leena: User, charlie: User, team_a: Team
) -> None:
    with pytest.raises(ServiceActionError):
        claim_build(team=team_a, period_start=START, period_end=END, by=charlie)
    claim = claim_build(team=team_a, period_start=START, period_end=END, by=leena)
    with pytest.raises(ServiceActionError):
        claim_submit(claim=claim, by=charlie)


def test_the_period_must_be_in_order(leena: User, team_a: Team) -> None:
    with pytest.raises(ValidationError):
        claim_build(team=team_a, period_start=END, period_end=START, by=leena)


def test_preview_and_totals_per_client_and_service_to_the_cent(
    alice: User, leena: User, charlie: User, team_a: Team
) -> None:
    costs = costs_for_claim(alice, charlie)
    preview = claim_preview(team_a, START, END)
    first = costs["a"].case.client.case_code
    second = costs["c"].case.client.case_code
    assert {(row.case_code, row.total, row.count) for row in preview.per_client} == {
        (first, Decimal("0.30"), 2),
        (second, Decimal("0.35"), 1),
    }
    assert preview.total == Decimal("0.65")
    assert (preview.count, preview.client_count) == (3, 2)
    by_service = {(row.entitlement_code, row.service_code): row for row in preview.per_service}
    assert by_service["", "therapy"].total == Decimal("0.10")
    assert by_service["health", "therapy"].total == Decimal("0.20")
    assert by_service["health", ""].total == Decimal("0.35")
    # Never a name: clients are known by their case code only.
    text = repr(preview)
    for client in (costs["a"].case.client, costs["c"].case.client):
        assert client.last_name not in text
    claim = submitted(team_a, leena)
    assert claim_totals(claim) == preview
    assert claim_preview(team_a, START, END).total == Decimal("0.00")


def test_csv_total_equals_the_sum_of_its_lines_to_the_cent(
    alice: User, leena: User, team_a: Team
) -> None:
    case = CaseFactory(primary_worker=alice)
    amounts = ["0.10", "0.20", "0.10", "0.20", "0.10", "0.20", "1234567.89", "0.01"]
    for amount in amounts:
        CostEntryFactory(case=case, amount=Decimal(amount))
    claim = submitted(team_a, leena)
    rows = claim_csv_rows(claim)
    header, lines, total = rows[0], rows[1:-1], rows[-1]
    assert len(header) == len(total) == 6
    assert len(lines) == len(amounts)
    assert all(row[0] == case.client.case_code for row in lines)
    assert sum(Decimal(row[-1]) for row in lines) == Decimal(total[-1]) == Decimal("1234568.80")
    assert claim_totals(claim).total == Decimal(total[-1])


def test_cover_letter_context(
    alice: User, leena: User, charlie: User, team_a: Team, settings
) -> None:
    settings.ORGANISATION_NAME = "Testin hyvinvointialue"
    costs_for_claim(alice, charlie)
    claim = submitted(team_a, leena)
    context = claim_cover_letter_context(claim)
    assert context["organisation_name"] == "Testin hyvinvointialue"
    assert (context["period_start"], context["period_end"]) == (START, END)
    assert (context["total"], context["client_count"], context["line_count"]) == (
        Decimal("0.65"),
        2,
        3,
    )
    assert sum(row.total for row in context["per_service"]) == context["total"]
    assert "681/2023" in str(context["legal_basis"])


def many_costs(alice: User, clients: int) -> None:
    services = [SupportServiceTypeFactory() for _ in range(3)]
    entitlement = EntitlementTypeFactory()
    provider = ProviderFactory()
    for n in range(clients):
        case = CaseFactory(primary_worker=alice, client=ClientFactory())
        for service in services:
            CostEntryFactory(
                case=case,
                service_type=service,
                entitlement_type=entitlement if n % 2 else None,
                provider=provider,
                amount=Decimal("12.34"),
            )


@pytest.mark.parametrize("clients", [2, 12])
def test_claim_pages_query_counts_are_bounded(
    alice: User, leena: User, team_a: Team, clients: int, django_assert_max_num_queries
) -> None:
    many_costs(alice, clients)
    with django_assert_max_num_queries(4):
        preview = claim_preview(team_a, START, END)
    assert preview.count == clients * 3
    claim = submitted(team_a, leena)
    with django_assert_max_num_queries(4):
        totals = claim_totals(claim)
    assert totals.total == Decimal("12.34") * clients * 3
    with django_assert_max_num_queries(3):
        rows = claim_csv_rows(claim)
    assert len(rows) == clients * 3 + 2
    claim = Claim.objects.select_related("team").get(pk=claim.pk)
    with django_assert_max_num_queries(4):
        claim_cover_letter_context(claim)


# --- Two people submitting at once (PostgreSQL) ---------------------------------------


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_submissions_never_claim_a_cost_twice(
    alice: User, leena: User, bob: User, team_a: Team
) -> None:
    case = CaseFactory(primary_worker=alice)
    costs = [CostEntryFactory(case=case, amount=Decimal("0.10")) for _ in range(40)]
    claims = [
        claim_build(team=team_a, period_start=START, period_end=END, by=user)
        for user in (leena, bob)
    ]
    barrier = threading.Barrier(2)
    outcomes: dict[int, str] = {}

    def submit(index: int, claim: Claim, user: User) -> None:
        try:
            barrier.wait(timeout=10)
            claim_submit(claim=claim, by=user)
            outcomes[index] = "submitted"
        except ServiceActionError as error:
            outcomes[index] = f"refused: {error}"
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=submit, args=(i, claim, user))
        for i, (claim, user) in enumerate(zip(claims, (leena, bob), strict=True))
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(outcomes) == [0, 1], outcomes
    assert list(outcomes.values()).count("submitted") == 1, outcomes
    # Every cost is claimed exactly once, all by the claim that was submitted.
    assert ClaimLine.objects.count() == len(costs)
    assert ClaimLine.objects.values("claim").distinct().count() == 1
    refused = next(c for i, c in enumerate(claims) if outcomes[i] != "submitted")
    refused.refresh_from_db()
    assert refused.status == Claim.Status.DRAFT
    assert not refused.lines.exists()
