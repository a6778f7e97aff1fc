"""Fixtures of the checkpoints tests: a team with a mental-state scale of its own."""

import pytest

from cases.models import Team
from checkpoints.models import MentalStateLevel
from tests.factories.checkpoints import MentalStateLevelFactory


@pytest.fixture
def team_levels(team_a: Team) -> dict[str, MentalStateLevel]:
    """Team A's own four-step scale; each step counts as one of the three base levels."""
    steps = [
        ("crisis", "needs_intensive_therapy", "Kriisissä", "I kris", "In crisis"),
        ("stabilising", "with_support", "Vakiintumassa", "Stabiliseras", "Stabilising"),
        ("in_training", "with_support", "Koulutuksessa", "I utbildning", "In training"),
        ("working", "ready", "Työelämävalmis", "Redo för arbetslivet", "Ready for work"),
    ]
    return {
        code: MentalStateLevelFactory(
            team=team_a,
            code=code,
            rank=rank,
            counts_as=counts_as,
            name_fi=name_fi,
            name_sv=name_sv,
            name_en=name_en,
        )
        for rank, (code, counts_as, name_fi, name_sv, name_en) in enumerate(steps, start=1)
    }
