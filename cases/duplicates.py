"""Possible duplicates of a new client: who might this person already be?

Before a new client is saved, the new-client form asks :func:`possible_duplicates`.

* Among the cases the worker may **read** (``Case.objects.visible_to``) the
  match is fuzzy: names and aliases compared after folding (case, accents)
  and in any word order, the date of birth exact or within a year when
  either date is estimated, the henkilötunnus exact.
* Among the colleagues' cases the worker may only **find**, nothing fuzzy
  is tried: only the exact rule of :func:`cases.selectors.exact_person_condition`
  (the full name with the date of birth, or the henkilötunnus), and such a
  match shows only its case code and responsible worker, with the way to
  break the glass — as the caseload's search does.
"""

import datetime
import itertools
from dataclasses import dataclass, field
from enum import StrEnum

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cases.models import Case, Client, User
from cases.models.clients import anniversary
from cases.selectors import any_of, exact_person_condition, limited_matches
from core.text import fold_words

# Enough to show every real duplicate; a longer list would be a search, not a warning.
MAX_SHOWN = 10
# Candidates read for the fuzzy comparison, after the database's prefilter.
MAX_CANDIDATES = 200


@dataclass(frozen=True)
class Person:
    """What the new-client form knows about the person being entered."""

    first_name: str = ""
    last_name: str = ""
    other_names: str = ""
    date_of_birth: datetime.date | None = None
    date_of_birth_estimated: bool = False
    henkilotunnus: str = ""

    @classmethod
    def of(cls, client: Client) -> "Person":
        """The person a saved client is."""
        return cls(
            first_name=client.first_name,
            last_name=client.last_name,
            other_names=client.other_names,
            date_of_birth=client.date_of_birth,
            date_of_birth_estimated=client.date_of_birth_estimated,
            henkilotunnus=client.henkilotunnus,
        )

    @property
    def full_name(self) -> str:
        """First names and last name."""
        return f"{self.first_name} {self.last_name}".strip()

    def names(self) -> list[frozenset[str]]:
        """Each name the person goes by (full name, each alias) as a set of folded words."""
        variants = [self.full_name, *self.other_names.replace(";", "\n").splitlines()]
        sets = [frozenset(fold_words(variant)) for variant in variants]
        return [words for words in sets if words]


class Reason(StrEnum):
    """Why a client is shown as a possible duplicate."""

    HENKILOTUNNUS = "henkilotunnus"
    NAME = "name"
    DATE_OF_BIRTH = "date_of_birth"
    DATE_OF_BIRTH_NEAR = "date_of_birth_near"
    EXACT = "exact"


REASON_LABELS = {
    Reason.HENKILOTUNNUS: _("the same personal identity code"),
    Reason.NAME: _("the same name or alias"),
    Reason.DATE_OF_BIRTH: _("the same date of birth"),
    Reason.DATE_OF_BIRTH_NEAR: _("a date of birth within a year of an estimated one"),
    Reason.EXACT: _("the same full name and date of birth, or personal identity code"),
}


@dataclass(frozen=True)
class Match:
    """A case that may be the new person's, and why."""

    case: Case
    reasons: tuple[Reason, ...]

    @property
    def reason_labels(self) -> list[str]:
        """The reasons in the reader's language."""
        return [str(REASON_LABELS[reason]) for reason in self.reasons]


@dataclass(frozen=True)
class PossibleDuplicates:
    """The matches to show: ``visible`` in full, ``limited`` by code and worker only."""

    visible: list[Match] = field(default_factory=list)
    limited: list[Case] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.visible or self.limited)

    @property
    def clients(self) -> list[Client]:
        """Every client shown, once each: what the access log records as found."""
        return [match.case.client for match in self.visible] + [c.client for c in self.limited]

    @property
    def client_ids(self) -> set[str]:
        """The shown clients' ids, to tell whether the worker has seen them all."""
        return {str(client.pk) for client in self.clients}


def names_match(new: Person, existing: Person) -> bool | None:
    """Whether the two share a name: ``True`` strongly, ``None`` weakly, ``False`` not at all.

    A name matches another when all its words appear in the other, in any
    order ("Okoro Blessing" and "Blessing Ada Okoro"): strongly when the
    shorter has two words or more, weakly when both are one same word (a
    single name says little without a date of birth).
    """
    weak = False
    for ours, theirs in itertools.product(new.names(), existing.names()):
        shorter, longer = sorted((ours, theirs), key=len)
        if shorter <= longer:
            if len(shorter) >= 2:
                return True
            if len(longer) == 1:
                weak = True
    return None if weak else False


def birth_dates_match(new: Person, existing: Person) -> Reason | None:
    """``DATE_OF_BIRTH`` when equal, ``DATE_OF_BIRTH_NEAR`` within ±1 year of an estimated one."""
    ours, theirs = new.date_of_birth, existing.date_of_birth
    if ours is None or theirs is None:
        return None
    if ours == theirs:
        return Reason.DATE_OF_BIRTH
    estimated = new.date_of_birth_estimated or existing.date_of_birth_estimated
    if estimated and anniversary(ours, -1) <= theirs <= anniversary(ours, 1):
        return Reason.DATE_OF_BIRTH_NEAR
    return None


def match_reasons(new: Person, existing: Person) -> tuple[Reason, ...]:
    """Why ``existing`` may be ``new``; empty when it is not a possible duplicate.

    The same henkilötunnus is always a match. Otherwise the names must match
    and the dates of birth must not contradict each other: a strong name
    match with an unknown date counts, a single shared name needs the dates.
    """
    if new.henkilotunnus and new.henkilotunnus == existing.henkilotunnus:
        return (Reason.HENKILOTUNNUS,)
    named = names_match(new, existing)
    if named is False:
        return ()
    born = birth_dates_match(new, existing)
    both_dated = new.date_of_birth is not None and existing.date_of_birth is not None
    if both_dated and born is None:
        return ()  # the dates tell them apart
    if named is None and born is None:
        return ()  # one shared name and nothing more
    return (Reason.NAME,) if born is None else (Reason.NAME, born)


def _prefilter(person: Person) -> Q | None:
    """A database condition that every possible duplicate meets (and few others do).

    A name match means the shorter name's words all appear in the other name:
    then the candidate's search text holds all words of one of the new
    names, or at least two of the new person's words, or — a single name —
    that word together with the same date of birth.
    """
    conditions = []
    if person.henkilotunnus:
        conditions.append(Q(client__henkilotunnus=person.henkilotunnus))
    words = sorted(set().union(*person.names())) if person.names() else []
    for first, second in itertools.combinations(words, 2):
        conditions.append(
            Q(client__search_text__contains=first) & Q(client__search_text__contains=second)
        )
    if person.date_of_birth is not None:
        born = person.date_of_birth
        near = (anniversary(born, -1), anniversary(born, 1))
        for word in words:
            conditions.append(
                Q(client__search_text__contains=word) & Q(client__date_of_birth__range=near)
            )
    return any_of(conditions)


def possible_duplicates(user: User, person: Person) -> PossibleDuplicates:
    """Clients that may already be ``person``: fuzzily among those ``user`` may read,
    by the exact rule only among colleagues' clients (see the module docstring)."""
    visible: dict[object, Match] = {}
    prefilter = _prefilter(person)
    if prefilter is not None:
        candidates = (
            Case.objects.visible_to(user)
            .filter(prefilter)
            .select_related("client", "primary_worker")
            # An open case first: it is the one to open if the person is the same.
            .order_by("status", "-opened_on", "client__case_code")[:MAX_CANDIDATES]
        )
        for case in candidates:
            if case.client_id in visible:
                continue
            reasons = match_reasons(person, Person.of(case.client))
            if reasons:
                visible[case.client_id] = Match(case=case, reasons=reasons)
    limited = limited_matches(
        user,
        exact_person_condition(
            henkilotunnus=person.henkilotunnus,
            full_name=person.full_name,
            born=person.date_of_birth,
        ),
        limit=MAX_SHOWN,
    )
    matches = sorted(
        visible.values(),
        key=lambda match: (-len(match.reasons), match.case.client.case_code),
    )
    seen = set(visible)
    return PossibleDuplicates(
        visible=matches[:MAX_SHOWN],
        limited=[case for case in limited if case.client_id not in seen],
    )
