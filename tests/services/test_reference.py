"""Reference data: the statutory entitlements, providers and support services as loaded."""

import datetime

import pytest
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import translation
from simple_history.admin import SimpleHistoryAdmin

from cases.models import Role, User
from core.scales import level_at_least
from services.models import (
    Claim,
    Consent,
    CostEntry,
    Entitlement,
    EntitlementType,
    Provider,
    Referral,
    SupportServiceType,
)
from tests.conftest import logged_in
from tests.factories.cases import ClientFactory, UserFactory
from tests.services.conftest import REFERENCE_FIXTURE

# DOMAIN.md's table of 746/2011 38 a §, copied by hand: the fixture must say exactly this.
STATUTE_NAMES_FI = [
    "neuvonta ja ohjaus",
    "turvallinen majoitus",
    "vastaanottoraha tai toimeentulotuki",
    "sosiaalipalvelut",
    "terveydenhuoltopalvelut",
    "tulkki- ja käännöspalvelut",
    "oikeusapu sekä oikeudellinen neuvonta",
    "ilman huoltajaa olevan lapsen vanhemman/huoltajan jäljittäminen",
    "turvallisen paluun tukeminen",
]

SEED_MEASURES = {
    "language-training",
    "literacy-training",
    "further-training",
    "vocational-training",
    "recognition-of-qualifications",
    "job-coaching",
    "job-search",
    "mentoring",
    "leisure-activities",
    "childcare",
    "family-mediation",
}


def counts() -> tuple[int, int, int, int]:
    return (
        EntitlementType.objects.count(),
        Provider.objects.count(),
        SupportServiceType.objects.count(),
        SupportServiceType.default_providers.through.objects.count(),
    )


def test_reference_data_loads_and_loading_again_changes_nothing(reference: None) -> None:
    first = counts()
    assert first[:3] == (11, 11, 15)
    call_command("loaddata", str(REFERENCE_FIXTURE), verbosity=0)
    assert counts() == first


def test_the_nine_finnish_names_match_the_statute_exactly(reference: None) -> None:
    numbered = EntitlementType.objects.filter(number__isnull=False).order_by("number")
    assert list(numbered.values_list("number", flat=True)) == list(range(1, 10))
    assert list(numbered.values_list("name_fi", flat=True)) == STATUTE_NAMES_FI
    assert not numbered.filter(name_sv="").exists()
    assert not numbered.filter(name_en="").exists()


def test_every_entitlement_has_descriptions_in_three_languages(reference: None) -> None:
    for entitlement_type in EntitlementType.objects.all():
        entitlement_type.full_clean()
        assert entitlement_type.description_fi
        assert entitlement_type.description_sv
        assert entitlement_type.description_en
        assert entitlement_type.legal_reference
        assert entitlement_type.legal_reference_sv and entitlement_type.legal_reference_en


def test_legal_references_read_as_each_language_cites_them(reference: None) -> None:
    allowance = EntitlementType.objects.get(number=3)
    with translation.override("fi"):
        assert allowance.legal_reference_localised == "746/2011 38 a § 3 kohta"
    with translation.override("sv"):
        assert allowance.legal_reference_localised == "746/2011 38 a § 3 punkten"
    with translation.override("en"):
        assert allowance.legal_reference_localised == "Act 746/2011, section 38 a, paragraph 3"


def test_name_follows_the_active_language_and_falls_back_to_finnish(reference: None) -> None:
    legal = EntitlementType.objects.get(number=7)
    with translation.override("en"):
        assert legal.name == "legal aid and legal advice"
    with translation.override("sv"):
        assert legal.name == "rättshjälp och juridisk rådgivning"
    with translation.override("de"):
        assert legal.name == "oikeusapu sekä oikeudellinen neuvonta"
    legal.name_en = ""
    with translation.override("en"):
        assert legal.name == "oikeusapu sekä oikeudellinen neuvonta"


@pytest.mark.parametrize(
    ("unaccompanied", "age", "immigrant", "applies_8", "applies_extra"),
    [
        (False, 30, False, False, False),
        (False, 30, True, False, True),
        (True, 15, True, True, True),
        (True, None, True, True, True),  # unknown age does not take a child's right away
        (True, 19, True, False, True),  # came of age
    ],
)
def test_who_the_entitlements_apply_to(
    reference: None,
    unaccompanied: bool,
    age: int | None,
    immigrant: bool,
    applies_8: bool,
    applies_extra: bool,
) -> None:
    today = datetime.date(2026, 6, 1)
    born = None if age is None else today.replace(year=today.year - age) - datetime.timedelta(1)
    client = ClientFactory.build(
        unaccompanied=unaccompanied, date_of_birth=born, immigrant_background=immigrant
    )
    service_8 = EntitlementType.objects.get(number=8)
    assert service_8.applies_to_client(client, on=today) is applies_8
    for code in ("reflection-period", "residence-permit-advice"):
        extra = EntitlementType.objects.get(code=code)
        assert extra.number is None
        assert extra.applies_to_client(client, on=today) is applies_extra
    for other in EntitlementType.objects.filter(applies_to=EntitlementType.AppliesTo.ALL):
        assert other.applies_to_client(client, on=today)
    for_all = EntitlementType.objects.filter(applies_to="all").values_list("number", flat=True)
    assert set(for_all) == {1, 2, 3, 4, 5, 6, 7, 9}


def test_providers_carry_todays_names_and_the_seeds(reference: None) -> None:
    by_code = {p.code: p for p in Provider.objects.all()}
    assert by_code["elinvoimakeskus"].display_name.startswith("Elinvoimakeskus (ELY-keskus")
    assert "TE-toimisto" in by_code["tyollisyysalue"].aliases
    assert "+358 2954 63177" in by_code["assistance-system"].contact
    assert by_code["assistance-system"].kind == Provider.Kind.ASSISTANCE_SYSTEM
    assert by_code["kela"].kind == Provider.Kind.KELA
    names = {p.name_fi for p in by_code.values()}
    for seed_name in (
        "Sosiaali- ja terveysministeriö",
        "Ihmiskaupan uhrien auttamisjärjestelmä",
        "Pakolaisneuvonta",
        "Monika-Naiset liitto ry",
        "Kuntaliitto",
        "Pro-tukipiste",
        "Rikosuhripäivystys",
    ):
        assert seed_name in names
    assert "RIKU" in by_code["riku"].aliases
    # Official Swedish and English names where they exist; Finnish otherwise.
    with translation.override("sv"):
        assert by_code["kela"].name == "FPA"
        assert by_code["riku"].name == "Brottsofferjouren"
        assert by_code["pro-tukipiste"].name == "Pro-tukipiste"
    with translation.override("en"):
        assert by_code["stm"].name == "Ministry of Social Affairs and Health"
        assert by_code["riku"].name == "Victim Support Finland"
    assert list(Provider.objects.filter(is_clients_own_county=True)) == [
        by_code["clients-own-county"]
    ]
    for provider in by_code.values():
        provider.full_clean()


def test_a_second_own_county_placeholder_is_refused(reference: None) -> None:
    with pytest.raises(ValidationError):
        Provider(
            code="x", name_fi="X", kind=Provider.Kind.COUNTY, is_clients_own_county=True
        ).full_clean()


def test_support_services_hold_the_seeds_measures_and_their_prerequisites(reference: None) -> None:
    services = {s.code: s for s in SupportServiceType.objects.prefetch_related("default_providers")}
    assert SEED_MEASURES | {"therapy", "peer-support", "housing", "legal-advice"} == set(services)
    for service in services.values():
        service.full_clean()
    assert services["language-training"].prerequisites == [
        {"checkpoint": "mental_state", "at_least": "with_support"}
    ]
    vocational = services["vocational-training"].prerequisites
    assert {"checkpoint": "language", "languages": ["fin", "swe"], "at_least": "b1"} in vocational
    assert {"checkpoint": "literacy", "at_least": "developing"} in vocational
    for code in ("therapy", "peer-support", "housing", "legal-advice", "childcare"):
        assert services[code].prerequisites == []
    assert {p.code for p in services["mentoring"].default_providers.all()} == {"monika-naiset"}


@pytest.mark.parametrize(
    "prerequisites",
    [
        {"checkpoint": "mental_state", "at_least": "ready"},  # not a list
        [{"checkpoint": "happiness", "at_least": "ready"}],
        [{"checkpoint": "mental_state", "at_least": "cheerful"}],
        [{"checkpoint": "literacy", "at_least": "b1"}],
        [{"checkpoint": "language", "languages": ["fin"], "at_least": "d1"}],
        [{"checkpoint": "language", "languages": ["eng"], "at_least": "b1"}],
        [{"checkpoint": "language", "at_least": "b1"}],
        [{"checkpoint": "mental_state", "at_least": "ready", "extra": 1}],
        ["mental_state"],
    ],
)
def test_prerequisites_outside_the_schema_are_refused(db: None, prerequisites: object) -> None:
    service = SupportServiceType(code="x", name_fi="x", prerequisites=prerequisites)
    with pytest.raises(ValidationError) as error:
        service.full_clean()
    assert "prerequisites" in error.value.message_dict


def test_valid_prerequisites_pass(db: None) -> None:
    SupportServiceType(
        code="x",
        name_fi="x",
        prerequisites=[
            {"checkpoint": "mental_state", "at_least": "ready"},
            {"checkpoint": "literacy", "at_least": "latin_alphabet"},
            {"checkpoint": "language", "languages": ["swe"], "at_least": "pre_a1"},
        ],
    ).full_clean()


def test_scales_are_ordered() -> None:
    assert level_at_least("mental_state", "ready", "with_support")
    assert not level_at_least("mental_state", "needs_intensive_therapy", "with_support")
    assert level_at_least("literacy", "latin_alphabet", "developing")
    assert not level_at_least("literacy", "beginning", "developing")
    assert level_at_least("language", "b1", "a2")
    assert not level_at_least("language", "pre_a1", "a1")


def test_admin_holds_reference_data_with_history_but_no_case_content() -> None:
    for model in (EntitlementType, Provider, SupportServiceType):
        assert isinstance(admin.site._registry[model], SimpleHistoryAdmin)
    for model in (Entitlement, Consent, Referral, CostEntry, Claim):
        assert model not in admin.site._registry


@pytest.mark.parametrize("model", ["entitlementtype", "provider", "supportservicetype"])
def test_the_administrator_edits_reference_data_in_the_admin(
    reference: None, administrator: User, model: str
) -> None:
    client = logged_in(administrator)
    assert client.get(f"/admin/services/{model}/").status_code == 200
    assert client.get(f"/admin/services/{model}/add/").status_code == 200
    row = {
        "entitlementtype": EntitlementType,
        "provider": Provider,
        "supportservicetype": SupportServiceType,
    }[model].objects.first()
    assert client.get(f"/admin/services/{model}/{row.pk}/change/").status_code == 200
    assert client.get(f"/admin/services/{model}/{row.pk}/history/").status_code == 200


def test_reference_data_changes_are_history_tracked(reference: None) -> None:
    provider = Provider.objects.get(code="kela")
    provider.contact = "Kelan asiakaspalvelu"
    provider.save()
    assert provider.history.count() == 1
    assert provider.history.get().contact == "Kelan asiakaspalvelu"


@pytest.mark.django_db
def test_roles_get_the_services_permissions() -> None:
    worker = UserFactory(role=Role.SOCIAL_WORKER)
    lead = UserFactory(role=Role.TEAM_LEAD)
    administrator = UserFactory(role=Role.ADMINISTRATOR, is_staff=True)
    for user in (worker, lead):
        for perm in ("add_referral", "change_entitlement", "view_claim", "add_costentry"):
            assert user.has_perm(f"services.{perm}")
        assert not user.has_perm("services.change_provider")
    for perm in ("add_provider", "change_entitlementtype", "view_supportservicetype"):
        assert administrator.has_perm(f"services.{perm}")
    for perm in ("view_entitlement", "view_referral", "view_consent", "view_costentry"):
        assert not administrator.has_perm(f"services.{perm}")
