"""Factories for the services app's reference data, referrals and costs. Synthetic data only."""

import datetime
import decimal

import factory
from django.utils import timezone

from cases.models import Role
from services.models import (
    Claim,
    Consent,
    CostEntry,
    EntitlementType,
    Provider,
    Referral,
    SupportServiceType,
)
from tests.factories.cases import CaseFactory, TeamFactory, UserFactory

# A consent's last valid day in tests that are not about expiry: a year ahead.
CONSENT_UNTIL = timezone.localdate() + datetime.timedelta(days=365)


class EntitlementTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EntitlementType
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"entitlement-{n}")
    name_fi = factory.Sequence(lambda n: f"oikeus {n}")
    name_sv = factory.Sequence(lambda n: f"rätt {n}")
    name_en = factory.Sequence(lambda n: f"entitlement {n}")
    legal_reference = "746/2011 38 a §"
    ordering = factory.Sequence(lambda n: n)


class ProviderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Provider
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"provider-{n}")
    name_fi = factory.Sequence(lambda n: f"Järjestö {n} ry")
    kind = Provider.Kind.NGO


class SupportServiceTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SupportServiceType
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"service-{n}")
    name_fi = factory.Sequence(lambda n: f"palvelu {n}")
    name_sv = factory.Sequence(lambda n: f"tjänst {n}")
    name_en = factory.Sequence(lambda n: f"service {n}")


class ReferralFactory(factory.django.DjangoModelFactory):
    """A draft referral by the case's responsible worker, on the client's consent."""

    class Meta:
        model = Referral

    case = factory.SubFactory(CaseFactory)
    service_type = factory.SubFactory(SupportServiceTypeFactory)
    provider = factory.SubFactory(ProviderFactory)
    created_by = factory.LazyAttribute(lambda referral: referral.case.primary_worker)


class CostEntryFactory(factory.django.DjangoModelFactory):
    """A cost of a support service, recorded by the case's responsible worker."""

    class Meta:
        model = CostEntry

    case = factory.SubFactory(CaseFactory)
    incurred_on = factory.LazyFunction(timezone.localdate)
    service_type = factory.SubFactory(SupportServiceTypeFactory)
    provider = factory.SubFactory(ProviderFactory)
    amount = decimal.Decimal("100.00")
    created_by = factory.LazyAttribute(lambda cost: cost.case.primary_worker)


class ConsentFactory(factory.django.DjangoModelFactory):
    """The client's consent to referrals, recorded by the case's responsible worker."""

    class Meta:
        model = Consent

    case = factory.SubFactory(CaseFactory)
    kind = Consent.Kind.GIVEN
    scope = "Lähetteet palveluntuottajille"
    recorded_by = factory.LazyAttribute(lambda consent: consent.case.primary_worker)


class ClaimFactory(factory.django.DjangoModelFactory):
    """A draft compensation claim of a team over one month.

    Submitting (``services.actions.claim_submit``) freezes its lines; tests
    of claims' content go through the actions.
    """

    class Meta:
        model = Claim

    team = factory.SubFactory(TeamFactory)
    period_start = factory.LazyFunction(lambda: timezone.localdate().replace(day=1))
    period_end = factory.LazyAttribute(
        lambda claim: (
            (claim.period_start + datetime.timedelta(days=32)).replace(day=1)
            - datetime.timedelta(days=1)
        )
    )
    created_by = factory.LazyAttribute(
        lambda claim: UserFactory(role=Role.TEAM_LEAD, leads=[claim.team])
    )
