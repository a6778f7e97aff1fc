"""Later apps add panels to the case page without cases importing them."""

import pytest
from django.urls import reverse

from cases.models import Case, User
from core import panels
from tests.conftest import logged_in
from tests.factories.cases import CaseFactory


@pytest.fixture
def registered_panel():
    saved = dict(panels._PANELS)
    panels.case_panel_register(
        panels.CasePanel(
            key="test",
            template="cases/_test_panel.html",
            context=lambda request, case: {"greeting": f"Hello {case.client.case_code}"},
        )
    )
    yield
    panels._PANELS.clear()
    panels._PANELS.update(saved)


def test_a_registered_panel_renders_on_the_case_page(
    alice: User, team_a, registered_panel, tmp_path, settings
) -> None:
    (tmp_path / "cases").mkdir()
    (tmp_path / "cases" / "_test_panel.html").write_text(
        '<section class="test-panel">{{ panel.greeting }}</section>'
    )
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}
    ]
    case: Case = CaseFactory(primary_worker=alice, team=team_a)
    html = logged_in(alice).get(reverse("case_detail", args=[case.pk])).content.decode()
    assert f'<section class="test-panel">Hello {case.client.case_code}</section>' in html


def test_panels_of_one_request_share_a_read_and_the_next_request_reads_again() -> None:
    from django.test import RequestFactory

    reads: list[int] = []

    def read() -> int:
        reads.append(1)
        return len(reads)

    first, second = RequestFactory().get("/"), RequestFactory().get("/")
    assert panels.panel_shared(first, ("rows", 1), read) == 1
    assert panels.panel_shared(first, ("rows", 1), read) == 1
    assert panels.panel_shared(first, ("rows", 2), read) == 2  # other arguments, another read
    assert panels.panel_shared(second, ("rows", 1), read) == 3
    assert len(reads) == 3


# What a case page with every panel in use asks: the session and the user, the
# case through the access check, the access log, the next steps (2), the services
# (3), the latest assessments (3) and the service types, the plans, the outcomes,
# the legal hold, the other workers.
CASE_PAGE_QUERIES = 17


def test_the_case_page_with_every_panel_in_use_takes_a_fixed_number_of_queries(
    alice: User, bob: User, team_a, django_assert_max_num_queries
) -> None:
    from tests.dashboard import builders as b
    from tests.factories.dashboard import OutcomeAssessmentFactory
    from tests.factories.services import CostEntryFactory

    case = b.referral_overdue(alice, team_a)
    case.other_workers.add(bob)
    b.checkpoints(case)
    b.blocked_measure(case, days_ago=3)
    OutcomeAssessmentFactory(case=case)
    CostEntryFactory(case=case)
    client = logged_in(alice)
    url = reverse("case_detail", args=[case.pk])
    client.get(url)  # the session renewed
    with django_assert_max_num_queries(CASE_PAGE_QUERIES):
        html = client.get(url).content.decode()
    for panel in ("next-steps", "services", "checkpoints", "plans", "outcomes", "retention"):
        assert f'data-panel="{panel}"' in html
    assert 'data-step="measure-blocked"' in html
    assert 'data-step="referral-overdue"' in html
