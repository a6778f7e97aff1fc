"""Polku's case models, split by area; import them from ``cases.models``.

* :mod:`~cases.models.people`: users, roles and teams;
* :mod:`~cases.models.clients`: the client record and the representative;
* :mod:`~cases.models.casework`: the case and its journal;
* :mod:`~cases.models.access`: the one access check, break-glass access, the two logs.
"""

from cases.models.access import (
    AccessGrant,
    AccessGrantRefused,
    AccessLog,
    BreakGlassAccess,
    CaseQuerySet,
    ClientQuerySet,
    DisclosureLog,
    case_visibility,
)
from cases.models.casework import Case, JournalEntry
from cases.models.clients import CaseCodeCounter, Client, Representative
from cases.models.people import JobTitle, Team, TeamMembership, TeamQuerySet, User
from core.models import AppendOnlyError
from core.roles import Role

__all__ = [
    "AccessGrant",
    "AccessGrantRefused",
    "AccessLog",
    "AppendOnlyError",
    "BreakGlassAccess",
    "Case",
    "CaseCodeCounter",
    "CaseQuerySet",
    "Client",
    "ClientQuerySet",
    "DisclosureLog",
    "JobTitle",
    "JournalEntry",
    "Representative",
    "Role",
    "Team",
    "TeamMembership",
    "TeamQuerySet",
    "User",
    "case_visibility",
]
