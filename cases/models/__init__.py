"""Polku's case models, split by area; import them from ``cases.models``.

* :mod:`~cases.models.people`: users, roles and teams;
* :mod:`~cases.models.clients`: the client record and the representative;
* :mod:`~cases.models.casework`: the case and its journal;
* :mod:`~cases.models.access`: the one access check, break-glass access and the access log.
"""

from cases.models.access import (
    AccessLog,
    BreakGlassAccess,
    CaseQuerySet,
    ClientQuerySet,
    case_visibility,
)
from cases.models.base import AppendOnlyError
from cases.models.casework import Case, JournalEntry
from cases.models.clients import CaseCodeCounter, Client, Representative
from cases.models.people import Role, Team, TeamMembership, TeamQuerySet, User

__all__ = [
    "AccessLog",
    "AppendOnlyError",
    "BreakGlassAccess",
    "Case",
    "CaseCodeCounter",
    "CaseQuerySet",
    "Client",
    "ClientQuerySet",
    "JournalEntry",
    "Representative",
    "Role",
    "Team",
    "TeamMembership",
    "TeamQuerySet",
    "User",
    "case_visibility",
]
