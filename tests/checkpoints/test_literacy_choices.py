"""The literacy choice starts with no radio checked and no "---------" choice."""

from django.urls import reverse

from cases.models import User
from tests.conftest import logged_in
from tests.factories.cases import CaseFactory


def test_the_literacy_radios_have_no_blank_choice(alice: User, team_a) -> None:
    case = CaseFactory(primary_worker=alice, team=team_a)
    response = logged_in(alice).get(reverse("checkpoints:literacy_assess", args=[case.pk]))
    html = response.content.decode()
    assert "---------" not in html
    radios = [line for line in html.split("<input") if 'type="radio"' in line]
    assert len(radios) == 6  # the six literacy categories
    assert not any("checked" in radio.split(">")[0] for radio in radios)
