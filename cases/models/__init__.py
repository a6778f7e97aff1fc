"""Polku's case models, split by area; import them from ``cases.models``."""

from cases.models.people import Role, Team, TeamMembership, TeamQuerySet, User

__all__ = ["Role", "Team", "TeamMembership", "TeamQuerySet", "User"]
