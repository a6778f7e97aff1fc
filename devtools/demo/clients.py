"""Demo users, teams and synthetic clients, for ``seed_demo``. Synthetic people only."""

import datetime
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import Group
from django.db import connection, models, transaction
from django.utils import timezone
from faker import Faker

from cases.actions import case_codes_allocate
from cases.hetu import hetu_make
from cases.models import (
    Case,
    Client,
    JournalEntry,
    Representative,
    Role,
    Team,
    TeamMembership,
    User,
)
from cases.periods import (
    RECOVERY_PERIOD_DAYS,
    RECOVERY_PERIOD_MAX_EXTENSION_DAYS,
    REFLECTION_PERIOD_MIN_DAYS,
)
from core.bulkload import HistoryDefaults, instance_maker, objects_write


@dataclass(frozen=True)
class DemoUser:
    """One demo login: its role and its place in a team."""

    username: str
    first_name: str
    last_name: str
    role: Role
    team: str | None
    team_role: str = TeamMembership.TeamRole.MEMBER


DEMO_TEAMS = ("Tiimi A", "Tiimi B")
DEMO_USERS = (
    DemoUser("worker_a", "Aino", "Esimerkki", Role.SOCIAL_WORKER, "Tiimi A"),
    DemoUser("worker_b", "Bertta", "Esimerkki", Role.SOCIAL_WORKER, "Tiimi B"),
    DemoUser(
        "lead_a", "Leena", "Esimerkki", Role.TEAM_LEAD, "Tiimi A", TeamMembership.TeamRole.LEAD
    ),
    DemoUser("admin", "Antti", "Ylläpitäjä", Role.ADMINISTRATOR, None),
)


@transaction.atomic
def demo_users_and_teams_ensure(*, password: str) -> list[User]:
    """Create (or reset) the demo teams and users; safe to run again."""
    teams = {name: Team.objects.get_or_create(name=name)[0] for name in DEMO_TEAMS}
    users = []
    for spec in DEMO_USERS:
        user, _created = User.objects.update_or_create(
            username=spec.username,
            defaults={
                "first_name": spec.first_name,
                "last_name": spec.last_name,
                "email": f"{spec.username}@polku.invalid",
                "work_phone": "+358 40 000 0000",
                "job_title": spec.role.label,
                "is_staff": spec.role == Role.ADMINISTRATOR,
                "is_active": True,
                # Honoured only with DEBUG: in production they enrol like anyone.
                "demo_skips_second_factor": True,
            },
        )
        user.set_password(password)
        user.save()
        user.groups.set([Group.objects.get(name=spec.role.value)])
        if spec.team:
            TeamMembership.objects.update_or_create(
                team=teams[spec.team], user=user, defaults={"role": spec.team_role}
            )
        users.append(user)
    return users


# --- Synthetic clients ----------------------------------------------------------------

# Shares of the generated population (the brief of issue 3, item 10).
MINOR_SHARE = 0.15
UNACCOMPANIED_SHARE_OF_MINORS = 0.6
REPRESENTATIVE_SHARE_OF_UNACCOMPANIED = 0.7
TURVAKIELTO_SHARE = 0.10
IMMIGRANT_SHARE = 0.85
CLOSED_SHARE = 0.20
RUNNING_PERIOD_SHARE_OF_OPEN = 0.6
ENDING_SOON_SHARE_OF_RUNNING = 0.25
ENDING_SOON_DAYS = 7

DEMO_CLIENTS_BATCH_SIZE = 2000
DEMO_CHANGE_REASON = "Synthetic demo data (seed_demo)"

# How many distinct Faker values each pool holds: enough for variety, few
# enough that drawing them costs nothing next to the inserts.
_POOL_SIZE = 400

# (nationality, native language, other languages) of the clients with an
# immigrant background: ISO 3166-1 alpha-2 and ISO 639-3 codes.
_ORIGINS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("NG", "pcm", ("eng",)),
    ("VN", "vie", ()),
    ("TH", "tha", ("eng",)),
    ("CN", "cmn", ()),
    ("UA", "ukr", ("rus",)),
    ("RU", "rus", ()),
    ("IQ", "ara", ("ckb",)),
    ("AF", "prs", ("pus",)),
    ("SO", "som", ("ara",)),
    ("ER", "tir", ("ara",)),
    ("RO", "ron", ("eng",)),
    ("BG", "bul", ()),
    ("PH", "tgl", ("eng",)),
    ("IN", "hin", ("eng",)),
    ("BR", "por", ("spa",)),
    ("UZ", "uzb", ("rus",)),
    ("AL", "sqi", ()),
    ("ET", "amh", ("eng",)),
)
_MUNICIPALITIES = (
    "Helsinki",
    "Espoo",
    "Vantaa",
    "Tampere",
    "Turku",
    "Oulu",
    "Lappeenranta",
    "Kuopio",
    "Jyväskylä",
    "Lahti",
    "Joensuu",
    "Vaasa",
)
_DISTRICT_COURTS = (
    "Helsingin käräjäoikeus",
    "Itä-Uudenmaan käräjäoikeus",
    "Länsi-Uudenmaan käräjäoikeus",
    "Pirkanmaan käräjäoikeus",
    "Varsinais-Suomen käräjäoikeus",
    "Oulun käräjäoikeus",
    "Etelä-Karjalan käräjäoikeus",
    "Pohjois-Savon käräjäoikeus",
)
_CLOSURE_REASONS = (
    "Asiakkaan tilanne on vakiintunut, eikä hän tarvitse enää tukea.",
    "Asiakas muutti toisen hyvinvointialueen alueelle; asiakkuus siirrettiin.",
    "Asiakas palasi turvallisesti kotimaahansa.",
    "Asiakas ei halua enää palveluja.",
    "Asiakas on työelämässä ja hänellä on tukiverkosto.",
)
_ASSISTANCE_END_REASONS = (
    "Tuen tarve on päättynyt.",
    "Asiakas muutti pois Suomesta.",
    "Asiakas ei halua enää auttamisjärjestelmän palveluja.",
)
_SAFETY_NOTES = (
    "Ei yhteydenottoja ilman sosiaalityöntekijän lupaa.",
    "Hyväksikäyttäjä voi yrittää selvittää asiakkaan olinpaikkaa.",
    "Tapaamiset vain toimistolla, ei kotikäyntejä.",
)
# Journal texts are put together from these sentences: plain synthetic casework.
_JOURNAL_SENTENCES = (
    "Tavattiin asiakas toimistolla.",
    "Käytiin läpi asiakkaan tämänhetkinen tilanne.",
    "Asiakas kertoi nukkuvansa huonosti.",
    "Sovittiin seuraava tapaaminen kahden viikon päähän.",
    "Asiakas on aloittanut suomen kielen kurssin.",
    "Ohjattiin asiakas terveydenhuoltoon.",
    "Keskusteltiin oleskelulupahakemuksen tilanteesta.",
    "Asiakas toivoo apua asunnon etsimiseen.",
    "Verkostopalaverissa oli mukana auttamisjärjestelmän edustaja.",
    "Asiakas kertoi voivansa aiempaa paremmin.",
    "Selvitettiin oikeus toimeentulotukeen.",
    "Asiakkaan kanssa käytiin läpi turvallisuussuunnitelma.",
    "Asiakas haluaa osallistua vertaistukiryhmään.",
    "Soitettiin oikeusavustajalle asiakkaan pyynnöstä.",
)
_JOURNAL_TYPES = (
    (JournalEntry.EntryType.MEETING, 0.5),
    (JournalEntry.EntryType.PHONE_CALL, 0.25),
    (JournalEntry.EntryType.NETWORK_MEETING, 0.1),
    (JournalEntry.EntryType.HOME_VISIT, 0.1),
    (JournalEntry.EntryType.OTHER, 0.05),
)
_PERMITS = (
    (Client.ResidencePermitStatus.NONE, 0.35),
    (Client.ResidencePermitStatus.APPLIED, 0.25),
    (Client.ResidencePermitStatus.TEMPORARY, 0.2),
    (Client.ResidencePermitStatus.CONTINUOUS, 0.15),
    (Client.ResidencePermitStatus.OTHER, 0.05),
)
_GENDERS = (
    (Client.Gender.FEMALE, 0.6),
    (Client.Gender.MALE, 0.35),
    (Client.Gender.OTHER, 0.02),
    (Client.Gender.UNKNOWN, 0.03),
)
# Most codes carry the traditional century sign; a few the signs added in 2023.
_CENTURY_SIGNS = {1900: ("-", "-", "-", "-", "Y", "X"), 2000: ("A", "A", "A", "B")}
# The shortest six months there is (31 August to 28 February) and the longest
# recovery period (30 days and an extension of 60): generated periods stay
# inside both, so that they pass Case.full_clean() whatever the start date.
_REFLECTION_MAX_DAYS = 181
_RECOVERY_MAX_DAYS = RECOVERY_PERIOD_DAYS + RECOVERY_PERIOD_MAX_EXTENSION_DAYS


@dataclass(frozen=True)
class _FakerPools:
    """Faker values generated once and drawn from per row: Faker per row is too slow."""

    female_first_names: list[str]
    male_first_names: list[str]
    last_names: list[str]
    full_names: list[str]
    street_addresses: list[str]
    phones: list[str]
    journal_texts: list[str]

    @classmethod
    def build(cls, *, seed: int, rng: random.Random) -> "_FakerPools":
        fake = Faker("fi_FI")
        fake.seed_instance(seed)
        return cls(
            female_first_names=[fake.first_name_female() for _ in range(_POOL_SIZE)],
            male_first_names=[fake.first_name_male() for _ in range(_POOL_SIZE)],
            last_names=[fake.last_name() for _ in range(_POOL_SIZE)],
            full_names=[fake.name() for _ in range(_POOL_SIZE)],
            street_addresses=[
                f"{fake.street_address()}, {fake.postcode()}" for _ in range(_POOL_SIZE)
            ],
            phones=[fake.phone_number() for _ in range(_POOL_SIZE)],
            journal_texts=[
                " ".join(rng.sample(_JOURNAL_SENTENCES, rng.randint(2, 4)))
                for _ in range(_POOL_SIZE)
            ],
        )


def _weighted(rng: random.Random, choices: Sequence[tuple[Any, float]]) -> Any:
    point, total = rng.random(), 0.0
    for value, weight in choices:
        total += weight
        if point < total:
            return value
    return choices[-1][0]


def _days(n: int) -> datetime.timedelta:
    return datetime.timedelta(days=n)


class _DemoClientBuilder:
    """Builds unsaved clients, cases, representatives and journal entries."""

    def __init__(
        self,
        *,
        rng: random.Random,
        pools: _FakerPools,
        teams: Sequence[Team],
        workers_by_team: Mapping[Team, Sequence[User]],
        today: datetime.date,
        used_henkilotunnus: set[str],
    ) -> None:
        self.rng = rng
        self.pools = pools
        self.teams = teams
        self.workers_by_team = workers_by_team
        self.today = today
        # Henkilötunnus is unique: codes already in the database and those
        # drawn in this run are never drawn again.
        self.used_henkilotunnus = used_henkilotunnus
        self.clients: list[Client] = []
        self.cases: list[Case] = []
        self.representatives: list[Representative] = []
        self.journal_entries: list[JournalEntry] = []
        # Instances without Model.__init__'s per-field work (core.bulkload).
        self.new_client = instance_maker(Client)
        self.new_case = instance_maker(Case)
        self.new_representative = instance_maker(Representative)
        self.new_journal_entry = instance_maker(JournalEntry)

    def add(self, case_code: str) -> None:
        """Build one client with one case, maybe a representative, and 1–3 journal entries."""
        rng = self.rng
        team = rng.choice(self.teams)
        worker = rng.choice(self.workers_by_team[team])
        client = self._client(case_code)
        # simple-history reads _history_user when it writes the history rows.
        client._history_user = worker  # type: ignore[attr-defined]
        case = self._case(client, team, worker)
        case._history_user = worker  # type: ignore[attr-defined]
        self.clients.append(client)
        self.cases.append(case)
        if client.unaccompanied and rng.random() < REPRESENTATIVE_SHARE_OF_UNACCOMPANIED:
            representative = self.new_representative(
                client=client,
                name=rng.choice(self.pools.full_names),
                contact=rng.choice(self.pools.phones),
                district_court=rng.choice(_DISTRICT_COURTS),
                appointed_on=min(case.opened_on + _days(rng.randint(3, 30)), self.today),
            )
            representative._history_user = worker  # type: ignore[attr-defined]
            self.representatives.append(representative)
        self._journal(client, case, worker)

    def _client(self, case_code: str) -> Client:
        rng, pools, today = self.rng, self.pools, self.today
        minor = rng.random() < MINOR_SHARE
        unaccompanied = minor and rng.random() < UNACCOMPANIED_SHARE_OF_MINORS
        immigrant = unaccompanied or rng.random() < IMMIGRANT_SHARE
        gender = _weighted(rng, _GENDERS)
        if gender == Client.Gender.FEMALE:
            first_name = rng.choice(pools.female_first_names)
        elif gender == Client.Gender.MALE:
            first_name = rng.choice(pools.male_first_names)
        else:
            first_name = rng.choice(pools.female_first_names + pools.male_first_names)
        # Some people have only one name; some are known by others.
        last_name = "" if rng.random() < 0.03 else rng.choice(pools.last_names)
        other_names = rng.choice(pools.female_first_names) if rng.random() < 0.15 else ""

        # 13–17 years (6 560 days is two weeks short of 18) or 19–60 years.
        age_days = rng.randint(13 * 366, 6560) if minor else rng.randint(19 * 366, 60 * 365)
        date_of_birth = today - _days(age_days)

        client = self.new_client(
            case_code=case_code,
            first_name=first_name,
            last_name=last_name,
            other_names=other_names,
            date_of_birth=date_of_birth,
            gender=gender,
            immigrant_background=immigrant,
            unaccompanied=unaccompanied,
        )
        if immigrant:
            nationality, language, other_languages = rng.choice(_ORIGINS)
            client.nationalities = [nationality]
            client.native_language = language
            client.other_languages = list(other_languages)
            # Without papers an age is often estimated (age assessment).
            client.date_of_birth_estimated = rng.random() < 0.3
            if rng.random() < 0.7:
                client.interpreter_needed = True
                client.interpreter_language = language
            self._residence_permit(client)
        else:
            client.nationalities = ["FI"]
            client.native_language = "swe" if rng.random() < 0.05 else "fin"
            client.other_languages = ["eng"]
        if minor:
            client.child_protection_contact = (
                f"{rng.choice(pools.full_names)}, lastensuojelu, {rng.choice(pools.phones)}"
            )

        has_permit = client.residence_permit_status in (
            Client.ResidencePermitStatus.TEMPORARY,
            Client.ResidencePermitStatus.CONTINUOUS,
        )
        if (not immigrant and rng.random() < 0.9) or (has_permit and rng.random() < 0.3):
            client.henkilotunnus = self._henkilotunnus(date_of_birth, gender)
            client.date_of_birth_estimated = False

        client.turvakielto = rng.random() < TURVAKIELTO_SHARE
        # A protected client always has details to protect.
        if client.turvakielto or not immigrant or has_permit or rng.random() < 0.3:
            client.home_municipality = rng.choice(_MUNICIPALITIES)
        if client.turvakielto or rng.random() < 0.6:
            street = rng.choice(pools.street_addresses)
            client.address = f"{street} {client.home_municipality}".strip()
            client.phone = rng.choice(pools.phones)
        if client.turvakielto or rng.random() < 0.05:
            client.safety_notes = rng.choice(_SAFETY_NOTES)
        # bulk_create does not call save(), which keeps the search column.
        client.search_text = client.search_text_compute()
        return client

    def _residence_permit(self, client: Client) -> None:
        rng, today = self.rng, self.today
        status = _weighted(rng, _PERMITS)
        client.residence_permit_status = status
        if status == Client.ResidencePermitStatus.NONE:
            return
        applied_on = today - _days(rng.randint(10, 700))
        client.residence_permit_applied_on = applied_on
        if status == Client.ResidencePermitStatus.APPLIED:
            return
        valid_from = min(applied_on + _days(rng.randint(30, 200)), today)
        years = 1 if status == Client.ResidencePermitStatus.TEMPORARY else 4
        client.residence_permit_valid_from = valid_from
        client.residence_permit_valid_until = valid_from + _days(365 * years)

    def _henkilotunnus(self, date_of_birth: datetime.date, gender: str) -> str:
        rng = self.rng
        signs = _CENTURY_SIGNS[date_of_birth.year // 100 * 100]
        while True:
            number = rng.randint(2, 899)
            # Odd individual numbers are men's, even women's (DOMAIN.md).
            if gender == Client.Gender.MALE and number % 2 == 0:
                number += 1
            elif gender == Client.Gender.FEMALE and number % 2 == 1:
                number -= 1
            code = hetu_make(date_of_birth, number, rng.choice(signs))
            if code not in self.used_henkilotunnus:
                self.used_henkilotunnus.add(code)
                return code

    def _case(self, client: Client, team: Team, worker: User) -> Case:
        rng, today = self.rng, self.today
        closed = rng.random() < CLOSED_SHARE
        running = not closed and rng.random() < RUNNING_PERIOD_SHARE_OF_OPEN
        case = self.new_case(client=client, team=team, primary_worker=worker)

        # Citizens and lawful residents get a recovery period, others a reflection period.
        reflection = client.immigrant_background
        shortest, longest = (
            (REFLECTION_PERIOD_MIN_DAYS, _REFLECTION_MAX_DAYS)
            if reflection
            else (RECOVERY_PERIOD_DAYS, _RECOVERY_MAX_DAYS)
        )
        # A running period has started and ends today or later; an ended one lies in the past.
        if running:
            soon = rng.random() < ENDING_SOON_SHARE_OF_RUNNING
            days_left = rng.randint(0, ENDING_SOON_DAYS) if soon else rng.randint(8, longest)
        else:
            days_left = -rng.randint(1, 900)
        length = rng.randint(max(shortest, days_left), longest)
        end = today + _days(days_left)
        start = end - _days(length)
        # Each period was decided on the day it started.
        if reflection:
            case.reflection_period_decided_on = start
            case.reflection_period_start, case.reflection_period_end = start, end
        else:
            case.recovery_period_decided_on = start
            case.recovery_period_start, case.recovery_period_end = start, end

        # Referral, admission (= the period's start) and the municipality's case.
        case.admitted_on = start
        case.referred_on = start - _days(rng.randint(0, 14))
        case.opened_on = min(case.referred_on + _days(rng.randint(0, 10)), today)
        if closed:
            case.status = Case.Status.CLOSED
            earliest = max(case.opened_on, end)
            case.closed_on = earliest + _days(rng.randint(0, (today - earliest).days))
            case.closure_reason = rng.choice(_CLOSURE_REASONS)
            if rng.random() < 0.5:
                case.assistance_ended_on = case.closed_on
                case.assistance_end_reason = rng.choice(_ASSISTANCE_END_REASONS)
        return case

    def _journal(self, client: Client, case: Case, worker: User) -> None:
        rng = self.rng
        last_day = case.closed_on or self.today
        span = (last_day - case.opened_on).days
        for _ in range(rng.randint(1, 3)):
            entry_type = _weighted(rng, _JOURNAL_TYPES)
            interpreted = client.interpreter_needed and entry_type != JournalEntry.EntryType.OTHER
            self.journal_entries.append(
                self.new_journal_entry(
                    case=case,
                    author=worker,
                    entry_date=case.opened_on + _days(rng.randint(0, span)),
                    entry_type=entry_type,
                    interpreter_used=interpreted,
                    interpreter_language=client.interpreter_language if interpreted else "",
                    text=rng.choice(self.pools.journal_texts),
                )
            )


def demo_clients_create(
    *,
    count: int,
    teams: Sequence[Team],
    workers_by_team: Mapping[Team, Sequence[User]],
    today: datetime.date,
    seed: int = 2026,
    batch_size: int = DEMO_CLIENTS_BATCH_SIZE,
    using_copy: bool | None = None,
) -> int:
    """Create ``count`` synthetic clients, each with one case; return how many were created.

    Names come from Faker ``fi_FI`` (never a real person). Each case goes to a
    random team of ``teams`` with a worker of ``workers_by_team[team]`` responsible.
    The population varies as the demo needs: minors (some unaccompanied, with
    and without a representative), turvakielto, henkilötunnus for some, running
    recovery and reflection periods (some ending within a week of ``today``),
    closed cases with a reason, and 1–3 journal entries per case.

    Built for 100 000 clients: rows go in batches of ``batch_size``, each
    batch in its own transaction with its history rows, so an interruption
    leaves only whole clients; on PostgreSQL through COPY (unless
    ``using_copy`` is False), elsewhere with ``bulk_create``
    (:func:`core.bulkload.objects_write`). ``seed`` makes the data
    repeatable; it is mixed with the number of existing clients so that a
    second run does not repeat the first one's people.
    """
    if count < 1:
        return 0
    for team in teams:
        if not workers_by_team.get(team):
            raise ValueError(f"Team {team} has no worker to take the cases.")
    existing = Client.objects.count()
    rng = random.Random(f"{seed}-{existing}")  # noqa: S311 (synthetic data, not security)
    pools = _FakerPools.build(seed=seed + existing, rng=rng)
    used = set(Client.objects.exclude(henkilotunnus="").values_list("henkilotunnus", flat=True))
    history_date = timezone.now()
    created = 0
    while created < count:
        size = min(batch_size, count - created)
        builder = _DemoClientBuilder(
            rng=rng,
            pools=pools,
            teams=teams,
            workers_by_team=workers_by_team,
            today=today,
            used_henkilotunnus=used,
        )
        with transaction.atomic():
            for code in case_codes_allocate(count=size, year=today.year):
                builder.add(code)
            history = HistoryDefaults(change_reason=DEMO_CHANGE_REASON, date=history_date)
            for model, objs in (
                (Client, builder.clients),
                (Case, builder.cases),
                (Representative, builder.representatives),
                (JournalEntry, builder.journal_entries),
            ):
                objects_write(model, objs, history=history, using_copy=using_copy, batch_size=size)
        created += size
    _statistics_refresh(Client, Case, Representative, JournalEntry)
    return created


def _statistics_refresh(*tables: type[models.Model]) -> None:
    # Right after a bulk load PostgreSQL's planner still believes the tables
    # are nearly empty (autovacuum analyses them only later) and picks nested
    # loops that make the caseload several times slower. SQLite plans without
    # statistics.
    if connection.vendor != "postgresql":
        return
    names = [model._meta.db_table for model in tables]
    names += [model.history.model._meta.db_table for model in tables if hasattr(model, "history")]
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE " + ", ".join(connection.ops.quote_name(n) for n in names))


def demo_clients_ensure(
    *, total: int, today: datetime.date, seed: int = 2026, using_copy: bool | None = None
) -> int:
    """Bring the number of clients up to ``total`` with synthetic ones; return how many were added.

    Idempotent: when ``total`` clients already exist nothing is added, so that
    running ``seed_demo --clients N`` again does not grow the data. The cases
    go to the demo teams and their social workers
    (see :func:`demo_users_and_teams_ensure`, which must have run).
    """
    missing = total - Client.objects.count()
    if missing <= 0:
        return 0
    teams = list(Team.objects.filter(name__in=DEMO_TEAMS).order_by("name"))
    workers_by_team: dict[Team, list[User]] = {
        team: list(
            User.objects.filter(
                team_memberships__team=team,
                team_memberships__role=TeamMembership.TeamRole.MEMBER,
                groups__name=Role.SOCIAL_WORKER.value,
                is_active=True,
            ).order_by("username")
        )
        for team in teams
    }
    return demo_clients_create(
        count=missing,
        teams=teams,
        workers_by_team=workers_by_team,
        today=today,
        seed=seed,
        using_copy=using_copy,
    )
