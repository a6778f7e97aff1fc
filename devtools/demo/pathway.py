"""Synthetic pathway data for ``seed_demo``: plans, checkpoints, outcomes and referrals.

It lives in ``devtools``, which may import every app, because it writes the rows of
``checkpoints``, ``services`` and ``plans`` together. Synthetic data only.
"""

import datetime
import random
from collections.abc import Iterable, Sequence
from typing import Any, cast

from django.db import models, transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone, translation
from faker import Faker

from cases.models import Case, Client
from cases.periods import add_months
from checkpoints.models import (
    LanguageAssessment,
    LiteracyAssessment,
    MentalStateAssessment,
    MentalStateLevel,
)
from checkpoints.readiness import (
    LatestAssessments,
    Readiness,
    service_readiness,
)
from core.bulkload import HistoryDefaults, instance_maker, objects_write
from core.scales import CefrLevel, Checkpoint, LiteracyCategory
from dashboard.models.outcomes import (
    DESIRED_EMPOWERMENT_AT_LEAST,
    DESIRED_SUPPORT_NETWORK,
    EMPLOYED,
    EMPOWERMENT_MAX,
    OutcomeAssessment,
    SupportNetwork,
    WorkingLife,
)
from dashboard.models.pathway import PathwayState
from dashboard.pathway import pathway_refresh_bulk
from devtools.demo.clients import DEMO_CHANGE_REASON, _statistics_refresh, _weighted
from plans.models import INTEGRATION_PLAN_MAIN_RULE_MONTHS, Goal, Measure, Participant, Plan
from services.models import DATA_WITHOUT_CONSENT, Consent, Referral, SupportServiceType

DEMO_PATHWAY_BATCH_SIZE = 2000

# Shares of the open cases (without a plan yet) that get each part of the pathway.
CLIENT_PLAN_SHARE = 0.70
# Of the clients with a plan and a residence permit: ~35 % of all open cases
# when about half of them have a permit.
INTEGRATION_PLAN_SHARE_OF_PERMITTED = 0.8
CHECKPOINTS_SHARE = 0.60
OUTCOME_SHARE = 0.40
REFERRAL_SHARE = 0.15

_PERMITS_FOR_INTEGRATION = (
    Client.ResidencePermitStatus.TEMPORARY,
    Client.ResidencePermitStatus.CONTINUOUS,
    Client.ResidencePermitStatus.OTHER,
)

_NEEDS = (
    "Asiakas tarvitsee turvallisen asumisen ja tukea arjen hallintaan.",
    "Asiakkaalla on univaikeuksia ja traumaoireita; hän tarvitsee terapiaa.",
    "Asiakas tarvitsee tukea oleskelulupa-asioissa ja oikeudellista neuvontaa.",
    "Asiakas haluaa opiskella suomea ja löytää työtä.",
    "Asiakkaan toimeentulo on epävarma; etuudet on selvitettävä.",
)
_CLIENT_VIEWS = (
    "Asiakas haluaa ensin rauhoittaa tilanteensa ja saada asunnon.",
    "Asiakas toivoo pääsevänsä nopeasti töihin.",
    "Asiakas haluaa opiskella ja saada ystäviä.",
    "Asiakas kokee tarvitsevansa eniten keskusteluapua.",
)
_DISAGREEMENTS = (
    "",
    "",
    "Asiakas haluaisi aloittaa työn heti; työntekijä suosittelee ensin terapiaa.",
)
_GOALS = (
    "Asiakkaalla on turvallinen ja pysyvä asunto.",
    "Asiakas nukkuu paremmin ja kokee olonsa turvallisemmaksi.",
    "Asiakas osaa asioida suomeksi arjen tilanteissa.",
    "Asiakas pääsee koulutukseen tai työkokeiluun.",
    "Asiakkaan oleskelulupa-asia on selvitetty.",
    "Asiakkaalla on tukiverkosto ja harrastus.",
    "Asiakkaan toimeentulo on turvattu.",
)
_MEASURES = (
    "Haetaan tuettua asumista.",
    "Ohjataan traumaterapiaan.",
    "Ilmoittaudutaan suomen kielen kurssille.",
    "Selvitetään oikeus toimeentulotukeen.",
    "Varataan aika oikeusavustajalle.",
    "Osallistutaan vertaistukiryhmään.",
    "Laaditaan työnhakusuunnitelma.",
    "Tavataan kahden viikon välein.",
)
_RESPONSIBLE = ("Asiakas", "Sosiaalityöntekijä", "Asiakas ja sosiaalityöntekijä")
_JUSTIFICATIONS = (
    "Asiakas on itse motivoitunut, ja palvelu tukee hänen toipumistaan.",
    "Palvelun jonotusaika on pitkä; hakemus jätetään jo nyt.",
)
_INTEGRATION_ORGANISATIONS = {
    Plan.MadeWith.MUNICIPALITY: ("Helsingin kaupunki", "Tampereen kaupunki", "Vantaan kaupunki"),
    Plan.MadeWith.EMPLOYMENT_AREA: ("Helsingin työllisyysalue", "Pirkanmaan työllisyysalue"),
    Plan.MadeWith.BOTH: ("Espoon kaupunki ja Länsi-Uudenmaan työllisyysalue",),
}
_ASSESSMENT_BASES = (
    "Terapeutin lausunto",
    "Sosiaalityöntekijän arvio",
    "Lukutestin tulos",
    "YKI-todistus",
    "Kurssin opettajan arvio",
)
_OUTCOME_NOTES = (
    "Asiakas kertoo voivansa aiempaa paremmin.",
    "Asiakas on alkanut pitää yhteyttä muihin kurssilaisiin.",
    "Asiakas on vielä epävarma, mutta edistystä on.",
    "",
)
_REFERRAL_NOTES = (
    "Asiakas toivoo aloitusta mahdollisimman pian.",
    "Tulkki tarvitaan ensimmäiseen tapaamiseen.",
    "",
)

# Weighted draws; most clients pass each checkpoint, so the funnel has cases beyond it.
_MENTAL_STATE_RANKS = ((0, 0.2), (1, 0.5), (2, 0.3))
_LITERACY_IMMIGRANT = (
    (LiteracyCategory.ORAL_ONLY, 0.05),
    (LiteracyCategory.BEGINNING, 0.1),
    (LiteracyCategory.DEVELOPING, 0.15),
    (LiteracyCategory.NON_ALPHABETIC, 0.1),
    (LiteracyCategory.NON_LATIN_ALPHABET, 0.2),
    (LiteracyCategory.LATIN_ALPHABET, 0.4),
)
_FINNISH_IMMIGRANT = (
    (CefrLevel.PRE_A1, 0.1),
    (CefrLevel.A1, 0.2),
    (CefrLevel.A2, 0.3),
    (CefrLevel.B1, 0.25),
    (CefrLevel.B2, 0.15),
)
_FINNISH_NATIVE = ((CefrLevel.C1, 0.3), (CefrLevel.C2, 0.7))
_WORKING_LIFE = (
    (WorkingLife.NOT_WORKING, 0.25),
    (WorkingLife.IN_TRAINING, 0.3),
    (WorkingLife.WORK_TRIAL, 0.2),
    (WorkingLife.EMPLOYED_PART_TIME, 0.15),
    (WorkingLife.EMPLOYED_FULL_TIME, 0.1),
)
_SUPPORT_NETWORK = (
    (SupportNetwork.NONE, 0.15),
    (SupportNetwork.LIMITED, 0.35),
    (SupportNetwork.ADEQUATE, 0.35),
    (SupportNetwork.STRONG, 0.15),
)
_MEASURE_STATUS = (
    (Measure.Status.PLANNED, 0.35),
    (Measure.Status.ONGOING, 0.4),
    (Measure.Status.DONE, 0.2),
    (Measure.Status.CANCELLED, 0.05),
)
_MADE_WITH = (
    (Plan.MadeWith.MUNICIPALITY, 0.5),
    (Plan.MadeWith.EMPLOYMENT_AREA, 0.35),
    (Plan.MadeWith.BOTH, 0.15),
)


def _days(n: int) -> datetime.timedelta:
    return datetime.timedelta(days=n)


def _between(rng: random.Random, first: datetime.date, last: datetime.date) -> datetime.date:
    """A day from ``first`` to ``last`` (``last`` when they are out of order)."""
    span = (last - first).days
    return last if span <= 0 else first + _days(rng.randint(0, span))


# The models whose rows the demo pathway writes.
PATHWAY_MODELS: tuple[type[models.Model], ...] = (
    Plan,
    Goal,
    Measure,
    Participant,
    MentalStateAssessment,
    LiteracyAssessment,
    LanguageAssessment,
    OutcomeAssessment,
    Consent,
    Referral,
)


class _PathwayBuilder:
    """Builds the unsaved pathway rows of a batch of cases."""

    def __init__(
        self,
        *,
        seed: int,
        today: datetime.date,
        levels_by_team: dict[Any, list[MentalStateLevel]],
        service_types: Sequence[SupportServiceType],
        providers_by_type: dict[Any, list[Any]],
        names: Sequence[str],
    ) -> None:
        self.seed = seed
        self.today = today
        self.levels_by_team = levels_by_team
        self.service_types = service_types
        self.providers_by_type = providers_by_type
        self.names = names
        self.rows: dict[type[models.Model], list[models.Model]] = {
            model: [] for model in PATHWAY_MODELS
        }
        # Instances without Model.__init__'s per-field work (core.bulkload): the
        # builder makes over a million of them for 100 000 clients.
        # service_readiness's answers (see _gate).
        self.gates: dict[tuple[Any, ...], tuple[str, str]] = {}
        self.checkpoints_read: dict[Any, frozenset[Any]] = {}
        self.new_plan = instance_maker(Plan)
        self.new_goal = instance_maker(Goal)
        self.new_measure = instance_maker(Measure)
        self.new_participant = instance_maker(Participant)
        self.new_mental_state = instance_maker(MentalStateAssessment)
        self.new_literacy = instance_maker(LiteracyAssessment)
        self.new_language = instance_maker(LanguageAssessment)
        self.new_outcome = instance_maker(OutcomeAssessment)
        self.new_consent = instance_maker(Consent)
        self.new_referral = instance_maker(Referral)

    def _add(self, obj: models.Model, worker: Any) -> None:
        obj._history_user = worker  # type: ignore[attr-defined]  # read by simple-history
        self.rows[type(obj)].append(obj)

    def add(self, case: Case) -> None:
        # One generator per case, seeded by its code: the same case always
        # draws the same pathway, so a re-run decides as the first run did.
        rng = random.Random(f"{self.seed}-{case.client.case_code}")  # noqa: S311 (synthetic)
        worker = case.primary_worker
        latest = self._checkpoints(rng, case, worker) if rng.random() < CHECKPOINTS_SHARE else None
        plan = None
        if rng.random() < CLIENT_PLAN_SHARE:
            plan = self._client_plan(rng, case, worker, latest)
            if (
                case.client.residence_permit_status in _PERMITS_FOR_INTEGRATION
                and rng.random() < INTEGRATION_PLAN_SHARE_OF_PERMITTED
            ):
                self._integration_plan(rng, case, worker, plan, latest)
        if rng.random() < OUTCOME_SHARE:
            self._outcomes(rng, case, worker)
        if rng.random() < REFERRAL_SHARE:
            self._referral(rng, case, worker)

    # --- Checkpoints --------------------------------------------------------------------

    def _assessment_dates(
        self, rng: random.Random, case: Case
    ) -> tuple[datetime.date, datetime.date]:
        assessed_on = _between(rng, max(case.opened_on, self.today - _days(400)), self.today)
        # 90–240 days later: the older ones are overdue for reassessment.
        return assessed_on, assessed_on + _days(rng.randint(90, 240))

    def _checkpoints(self, rng: random.Random, case: Case, worker: Any) -> LatestAssessments:
        client = case.client
        mental_state = None
        levels = self.levels_by_team.get(case.team_id) or self.levels_by_team.get(None) or []
        if levels:
            rank = min(_weighted(rng, _MENTAL_STATE_RANKS), len(levels) - 1)
            assessed_on, next_on = self._assessment_dates(rng, case)
            mental_state = self.new_mental_state(
                case=case,
                level=levels[rank],
                assessed_on=assessed_on,
                next_assessment_on=next_on,
                assessed_by=worker,
                basis=rng.choice(_ASSESSMENT_BASES[:2]),
            )
            self._add(mental_state, worker)
        assessed_on, next_on = self._assessment_dates(rng, case)
        immigrant = client.immigrant_background
        literacy = self.new_literacy(
            case=case,
            category=_weighted(rng, _LITERACY_IMMIGRANT)
            if immigrant
            else LiteracyCategory.LATIN_ALPHABET,
            assessed_on=assessed_on,
            next_assessment_on=next_on,
            assessed_by=worker,
            basis="Lukutestin tulos",
        )
        self._add(literacy, worker)
        assessed_on, next_on = self._assessment_dates(rng, case)
        level = _weighted(rng, _FINNISH_IMMIGRANT if immigrant else _FINNISH_NATIVE)
        finnish = self.new_language(
            case=case,
            language="fin",
            level=level,
            speaking=level if rng.random() < 0.5 else "",
            assessed_on=assessed_on,
            next_assessment_on=next_on,
            assessed_by=worker,
            basis=rng.choice(_ASSESSMENT_BASES[3:]),
        )
        self._add(finnish, worker)
        return LatestAssessments(
            on=self.today, mental_state=mental_state, literacy=literacy, languages={"fin": finnish}
        )

    # --- Plans --------------------------------------------------------------------------

    def _client_plan(
        self, rng: random.Random, case: Case, worker: Any, latest: LatestAssessments | None
    ) -> Plan:
        today = self.today
        in_force_from = min(case.opened_on + _days(rng.randint(7, 60)), today)
        # Spread around today: about a fifth overdue, the rest due within ten months.
        review_due_on = max(today + _days(rng.randint(-90, 300)), in_force_from + _days(14))
        minor = case.client.is_minor_on(today)
        if minor:
            review_due_on = min(review_due_on, add_months(today, 12))
        plan = self.new_plan(
            case=case,
            kind=Plan.Kind.CLIENT_PLAN,
            status=Plan.Status.IN_FORCE,
            version=1,
            in_force_from=in_force_from,
            review_due_on=review_due_on,
            needs_assessment=rng.choice(_NEEDS),
            client_view=rng.choice(_CLIENT_VIEWS),
            disagreements=rng.choice(_DISAGREEMENTS),
            is_child_protection_plan=minor,
            created_by=worker,
        )
        self._add(plan, worker)
        goals = [
            self.new_goal(plan=plan, text=text, order=order)
            for order, text in enumerate(rng.sample(_GOALS, rng.randint(1, 3)))
        ]
        for goal in goals:
            if rng.random() < 0.15:
                goal.achieved_on = _between(rng, in_force_from, today)
            self._add(goal, worker)
        for order in range(rng.randint(1, 4)):
            self._measure(rng, plan, rng.choice(goals), order, worker, latest)
        self._participants(rng, plan, worker)
        return plan

    def _measure(
        self,
        rng: random.Random,
        plan: Plan,
        goal: Goal,
        order: int,
        worker: Any,
        latest: LatestAssessments | None,
    ) -> None:
        assert plan.in_force_from is not None  # the demo's plans are all in force
        starts_on = plan.in_force_from + _days(rng.randint(0, 30))
        measure = self.new_measure(
            plan=plan,
            goal=goal,
            what=rng.choice(_MEASURES),
            responsible=rng.choice(_RESPONSIBLE),
            responsible_user=worker if rng.random() < 0.5 else None,
            starts_on=starts_on,
            due_on=starts_on + _days(rng.randint(14, 180)),
            status=_weighted(rng, _MEASURE_STATUS),
            order=order,
        )
        if self.service_types and rng.random() < 0.5:
            service_type = rng.choice(self.service_types)
            providers = self.providers_by_type.get(service_type.pk)
            measure.support_service_type = service_type
            measure.provider = rng.choice(providers) if providers else None
            # The gate's answer on the day, as plans.actions stores it.
            status, summary = self._gate(service_type, latest)
            measure.readiness_status = status
            measure.readiness_summary = summary
            if status != Readiness.READY:
                measure.justification = rng.choice(_JUSTIFICATIONS)
        # Its history row dated when the plan came into force, not when the
        # demo was seeded: the dashboard reads from it how long a measure has
        # been blocked.
        measure._history_date = timezone.make_aware(  # type: ignore[attr-defined]
            datetime.datetime.combine(plan.in_force_from, datetime.time(9))
        )
        self._add(measure, worker)

    def _gate(
        self, service_type: SupportServiceType, latest: LatestAssessments | None
    ) -> tuple[str, str]:
        """``service_readiness``'s status and summary on the day, memoised by what they read.

        The answer of a type depends only on the assessments at the checkpoints
        its prerequisites name (their results and dates); many cases share
        those, and judging builds translated sentences.
        """
        latest = latest or LatestAssessments(
            on=self.today, mental_state=None, literacy=None, languages={}
        )
        checkpoints = self.checkpoints_read.get(service_type.pk)
        if checkpoints is None:
            rules = service_type.prerequisites
            checkpoints = self.checkpoints_read[service_type.pk] = frozenset(
                rule.get("checkpoint") if isinstance(rule, dict) else None
                for rule in (rules if isinstance(rules, list) else [])
            )
        key: tuple[Any, ...] = (service_type.pk, latest.on)
        if Checkpoint.MENTAL_STATE in checkpoints:
            mental_state = latest.mental_state
            key += (
                mental_state
                and (
                    mental_state.level_id,
                    mental_state.assessed_on,
                    mental_state.next_assessment_on,
                ),
            )
        if Checkpoint.LITERACY in checkpoints:
            literacy = latest.literacy
            key += (
                literacy and (literacy.category, literacy.assessed_on, literacy.next_assessment_on),
            )
        if Checkpoint.LANGUAGE in checkpoints:
            key += tuple(
                (code, a.level, a.speaking, a.assessed_on, a.next_assessment_on)
                for code, a in sorted(latest.languages.items())
            )
        answer = self.gates.get(key)
        if answer is None:
            gate = service_readiness(service_type, latest)
            answer = self.gates[key] = (gate.status, gate.summary)
        return answer

    def _participants(self, rng: random.Random, plan: Plan, worker: Any) -> None:
        client = plan.case.client
        self._add(self.new_participant(plan=plan, role=Participant.Role.CLIENT), worker)
        if client.interpreter_needed and client.interpreter_language:
            self._add(
                self.new_participant(
                    plan=plan,
                    role=Participant.Role.INTERPRETER,
                    name=rng.choice(self.names),
                    language=client.interpreter_language,
                ),
                worker,
            )
        if rng.random() < 0.4:
            self._add(
                self.new_participant(
                    plan=plan,
                    role=Participant.Role.ASSISTANCE_SYSTEM,
                    name=rng.choice(self.names),
                    organisation="Ihmiskaupan uhrien auttamisjärjestelmä",
                ),
                worker,
            )

    def _integration_plan(
        self,
        rng: random.Random,
        case: Case,
        worker: Any,
        client_plan: Plan,
        latest: LatestAssessments | None,
    ) -> None:
        today = self.today
        client = case.client
        assert client_plan.in_force_from is not None  # the demo's plans are all in force
        earliest = max(client_plan.in_force_from, client.residence_permit_valid_from or today)
        starts_on = min(earliest + _days(rng.randint(0, 60)), today)
        latest_end = add_months(starts_on, INTEGRATION_PLAN_MAIN_RULE_MONTHS)
        ends_on = min(starts_on + _days(rng.randint(365, 730)), latest_end)
        made_with = _weighted(rng, _MADE_WITH)
        language = "swe" if client.native_language == "swe" else "fin"
        plan = self.new_plan(
            case=case,
            kind=Plan.Kind.INTEGRATION_PLAN,
            status=Plan.Status.IN_FORCE,
            version=1,
            in_force_from=starts_on,
            review_due_on=max(today + _days(rng.randint(-60, 240)), starts_on + _days(14)),
            starts_on=starts_on,
            ends_on=ends_on,
            made_with=made_with,
            made_with_organisation=rng.choice(_INTEGRATION_ORGANISATIONS[made_with]),
            language_goal_language=language,
            language_goal_level=rng.choice((CefrLevel.A2, CefrLevel.B1, CefrLevel.B1)),
            created_by=worker,
        )
        self._add(plan, worker)
        goal = self.new_goal(plan=plan, text="Asiakas saavuttaa kielitavoitteensa.", order=0)
        self._add(goal, worker)
        for order in range(rng.randint(1, 2)):
            self._measure(rng, plan, goal, order, worker, latest)
        self._add(self.new_participant(plan=plan, role=Participant.Role.CLIENT), worker)

    # --- Outcomes and referrals ---------------------------------------------------------

    def _outcomes(self, rng: random.Random, case: Case, worker: Any) -> None:
        first = max(case.opened_on, self.today - _days(500))
        days = sorted(
            {_between(rng, first, self.today) for _ in range(rng.randint(1, 3))}
        )  # distinct dates: the latest is the current outcome
        for day in days:
            working_life = _weighted(rng, _WORKING_LIFE)
            empowerment = rng.randint(1, 5)
            support_network = _weighted(rng, _SUPPORT_NETWORK)
            # Half of the employed have also reached the rest of the desired state.
            if working_life in EMPLOYED and rng.random() < 0.5:
                empowerment = rng.randint(DESIRED_EMPOWERMENT_AT_LEAST, EMPOWERMENT_MAX)
                support_network = rng.choice(DESIRED_SUPPORT_NETWORK)
            self._add(
                self.new_outcome(
                    case=case,
                    assessed_on=day,
                    working_life=working_life,
                    empowerment=empowerment,
                    empowerment_note=rng.choice(_OUTCOME_NOTES),
                    support_network=support_network,
                    recorded_by=worker,
                ),
                worker,
            )

    def _referral(self, rng: random.Random, case: Case, worker: Any) -> None:
        service_types = [st for st in self.service_types if self.providers_by_type.get(st.pk)]
        if not service_types:
            return
        service_type = rng.choice(service_types)
        sent_on = _between(rng, max(case.opened_on, self.today - _days(45)), self.today)
        consent = self.new_consent(
            case=case,
            scope="Tietojen luovuttaminen palveluun ohjaamista varten.",
            given_on=sent_on,
            expires_on=sent_on + _days(365),
            data=list(DATA_WITHOUT_CONSENT),
            explained_in=case.client.interpreter_language or case.client.native_language,
            interpreter_used=case.client.interpreter_needed,
            recorded_by=worker,
            recorded_at=timezone.make_aware(datetime.datetime.combine(sent_on, datetime.time(9))),
        )
        self.rows[Consent].append(consent)
        referral = self.new_referral(
            case=case,
            service_type=service_type,
            provider=rng.choice(self.providers_by_type[service_type.pk]),
            status=Referral.Status.SENT,
            legal_basis=Referral.LegalBasis.CONSENT,
            consent=consent,
            note=rng.choice(_REFERRAL_NOTES),
            sent_on=sent_on,
            created_by=worker,
        )
        # Some have been answered and started; the rest wait (overdue after 14 days).
        if rng.random() < 0.3 and (self.today - sent_on).days > 3:
            referral.status = Referral.Status.ACCEPTED
            referral.answered_on = _between(rng, sent_on, self.today)
            referral.answer_note = "Asiakas mahtuu mukaan."
        self._add(referral, worker)


def _cases_without_pathway(cases: QuerySet[Case]) -> QuerySet[Case]:
    """The open cases of ``cases`` with no plan, checkpoint, outcome or referral yet."""
    conditions = [
        model.objects.filter(case=OuterRef("pk"))
        for model in (
            Plan,
            MentalStateAssessment,
            LiteracyAssessment,
            LanguageAssessment,
            OutcomeAssessment,
            Referral,
        )
    ]
    cases = cases.filter(status=Case.Status.OPEN)
    for condition in conditions:
        cases = cases.exclude(Exists(condition))
    return cases


def demo_pathway_create(
    *,
    cases: QuerySet[Case] | Iterable[Case],
    today: datetime.date,
    seed: int = 2026,
    batch_size: int = DEMO_PATHWAY_BATCH_SIZE,
    using_copy: bool | None = None,
) -> dict[str, int]:
    """Give the open cases of ``cases`` plans, checkpoints, outcomes and referrals; return counts.

    Only cases with none of these yet take part, so running it again adds
    nothing. Of them about 70 % get a client plan in force (a child protection
    plan for a minor) with 1–3 goals and 1–4 measures, some for a support
    service with the readiness gate's answer stored; of those with a residence
    permit most also get an integration plan in force; about 60 % are assessed
    at the three checkpoints (some due for reassessment), 40 % have outcome
    assessments (training, work trials, employment, a few the desired state)
    and some have a referral sent (some unanswered too long). Each case draws
    from its own generator seeded with ``seed`` and its case code.

    Built for 100 000 clients: rows go in (with their history rows) in
    batches of ``batch_size`` cases, each in one transaction; on PostgreSQL
    through COPY unless ``using_copy`` is False (:mod:`core.bulkload`). The
    cases' pathway states (``dashboard.pathway``) are written at the end, in
    one pass.
    """
    if isinstance(cases, QuerySet):
        queryset = cases
    else:
        queryset = Case.objects.filter(pk__in=[case.pk for case in cases])
    pending = list(
        _cases_without_pathway(queryset)
        .select_related("client", "primary_worker")
        .order_by("client__case_code")
    )
    levels = MentalStateLevel.objects.filter(is_active=True).order_by("rank", "code")
    levels_by_team: dict[Any, list[MentalStateLevel]] = {}
    for level in levels:
        levels_by_team.setdefault(level.team_id, []).append(level)
    service_types = list(SupportServiceType.objects.prefetch_related("default_providers"))
    providers_by_type = {st.pk: list(st.default_providers.all()) for st in service_types}
    fake = Faker("fi_FI")
    fake.seed_instance(seed)
    names = [fake.name() for _ in range(100)]

    counts: dict[type[models.Model], int] = {}
    integration_plans = 0
    history = HistoryDefaults(change_reason=DEMO_CHANGE_REASON, date=timezone.now())
    with translation.override("fi"):
        # One builder for every batch, so that its memoised answers carry over.
        builder = _PathwayBuilder(
            seed=seed,
            today=today,
            levels_by_team=levels_by_team,
            service_types=service_types,
            providers_by_type=providers_by_type,
            names=names,
        )
        for start in range(0, len(pending), batch_size):
            builder.rows = {model: [] for model in PATHWAY_MODELS}
            for case in pending[start : start + batch_size]:
                builder.add(case)
            with transaction.atomic():
                for model, rows in builder.rows.items():
                    objects_write(
                        model, rows, history=history, using_copy=using_copy, batch_size=batch_size
                    )
                    counts[model] = counts.get(model, 0) + len(rows)
                integration_plans += sum(
                    1 for plan in builder.rows[Plan] if cast(Plan, plan).is_integration_plan
                )
    # The planner needs to know the sources' new size before the refresh reads
    # them (autovacuum cannot analyse tables a running load holds locked).
    _statistics_refresh(*PATHWAY_MODELS)
    # Bulk writes send no post_save: write the dashboard's state of the cases
    # here, in one pass over the sources rather than case by case.
    pathway_refresh_bulk([case.pk for case in pending])
    _statistics_refresh(PathwayState)
    return {
        "cases": len(pending),
        "plans": counts.get(Plan, 0),
        "integration_plans": integration_plans,
        "goals": counts.get(Goal, 0),
        "measures": counts.get(Measure, 0),
        "participants": counts.get(Participant, 0),
        "assessments": sum(
            counts.get(model, 0)
            for model in (MentalStateAssessment, LiteracyAssessment, LanguageAssessment)
        ),
        "outcome_assessments": counts.get(OutcomeAssessment, 0),
        "referrals": counts.get(Referral, 0),
    }
