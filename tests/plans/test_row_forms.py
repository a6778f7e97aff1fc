"""``{% crispy_row %}`` renders a row form as ``{% crispy %}`` does, from one stamp a page."""

import datetime
import uuid

import pytest
from django.template import RequestContext, Template
from django.test import RequestFactory
from django.urls import reverse

from cases.models import Team, User
from plans.forms import MeasureProgressForm, PlanChangeReplyForm, PlanChangeReviewForm
from plans.templatetags import row_forms
from plans.templatetags.row_forms import STAMP_ACTION, STAMP_KEY
from tests.conftest import logged_in
from tests.factories.cases import CaseFactory
from tests.plans.conftest import plan_in_force

# Both tags in one render of one page: the same context, so the same CSRF token.
BOTH = Template(
    "{% load crispy_forms_tags row_forms %}"
    "{% for form in forms %}{% crispy form %}{% endfor %}"
    "<!--both-->"
    "{% for form in forms %}{% crispy_row form %}{% endfor %}"
)


def rendered_both_ways(forms: list) -> tuple[str, str]:
    request = RequestFactory().get("/plans/changes/")
    html = BOTH.render(RequestContext(request, {"forms": forms}))
    crispy, stamped = html.split("<!--both-->")
    return crispy, stamped


def review_form(version: int, query: str = "") -> PlanChangeReviewForm:
    plan_id = uuid.uuid4()
    return PlanChangeReviewForm(
        action=f"/plans/{plan_id}/changes/{version}/review/{query}", key=f"{plan_id}-{version}"
    )


def test_row_forms_render_as_crispy_renders_them() -> None:
    # Actions with a query to escape, as the feed's keep its filters.
    forms = [review_form(v, "?reviewed=no&page=2&worker=<'\">") for v in range(1, 4)]
    # Every kind of row form, two of each, as the plan page shows them.
    for _ in range(2):
        forms.append(MeasureProgressForm(action="/measures/1/progress/", key=str(uuid.uuid4())))
        forms.append(PlanChangeReplyForm(action="/reviews/1/reply/", key=str(uuid.uuid4())))
    crispy, stamped = rendered_both_ways(forms)
    assert stamped == crispy
    for form in forms:
        assert f'id="{form.helper.form_id}"' in stamped
    assert "&amp;page=2&amp;worker=&lt;&#x27;&quot;&gt;" in stamped
    assert STAMP_KEY not in stamped
    assert STAMP_ACTION not in stamped


def test_a_bound_form_is_rendered_with_its_data_and_errors() -> None:
    form = PlanChangeReviewForm(
        {"review-k-1-outcome": "needs_changes", "review-k-1-comment": ""},
        action="/plans/x/changes/1/review/",
        key="k-1",
    )
    assert not form.is_valid()
    crispy, stamped = rendered_both_ways([review_form(1), form])
    assert stamped == crispy
    assert "Say in the comment what needs to change." in stamped


@pytest.mark.django_db
def test_the_feed_renders_its_review_forms_as_crispy_did(
    leena: User, alice: User, team_a: Team
) -> None:
    for _ in range(3):
        plan_in_force(CaseFactory(primary_worker=alice, team=team_a), alice)
    response = logged_in(leena).get(reverse("plans:plan_changes") + "?kind=client_plan")
    html = response.content.decode()
    forms = [change.review_form for change in response.context["changes"]]
    assert len(forms) == 6
    assert_page_renders_as_crispy(html, forms)


def assert_page_renders_as_crispy(html: str, forms: list) -> None:
    """Each form on the page is what crispy renders for it alone, with the page's CSRF token."""
    for form in forms:
        start = html.index(f'<form  action="{form.helper.form_action}')
        end = html.index("</form>", start) + len("</form>")
        alone = rendered_both_ways([form])[0]
        assert html[start:end] == alone.replace(_csrf_value(alone), _csrf_value(html)).strip()


def _csrf_value(html: str) -> str:
    marker = 'name="csrfmiddlewaretoken" value="'
    start = html.index(marker) + len(marker)
    return html[start : html.index('"', start)]


def test_forms_with_the_same_initial_values_share_a_stamp_and_render_as_crispy_does() -> None:
    # The plan page's progress forms: each measure's form starts from today's date.
    today, other_day = datetime.date(2026, 12, 2), datetime.date(2026, 11, 30)
    forms = [
        MeasureProgressForm(action=f"/measures/{n}/progress/", key=str(uuid.uuid4()), initial=i)
        for n, i in enumerate([{"on": today}, {"on": today}, {"on": other_day}, {"on": today}])
    ]
    forms.append(MeasureProgressForm(action="/m/progress/", key="k", initial={"note": ["a"]}))
    crispy, stamped = rendered_both_ways(forms)
    assert stamped == crispy
    assert stamped.count('value="2026-12-02"') == 3
    assert stamped.count('value="2026-11-30"') == 1
    assert STAMP_KEY not in stamped
    assert STAMP_ACTION not in stamped


def test_the_page_renders_one_stamp_for_each_kind_and_initial_values() -> None:
    today = datetime.date(2026, 12, 2)
    rendered: list[object] = []
    original = row_forms._crispy

    def counting(context: object, form: object) -> object:
        rendered.append(form)
        return original(context, form)  # type: ignore[arg-type]

    forms = [
        MeasureProgressForm(action=f"/m/{n}/", key=str(n), initial={"on": today}) for n in range(5)
    ]
    forms.append(MeasureProgressForm(action="/m/x/", key="x", initial={"on": None}))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(row_forms, "_crispy", counting)
        rendered_both_ways(forms)
    # Two stamps (today, no date), none per row.
    assert len(rendered) == 2


@pytest.mark.django_db
def test_the_plan_page_renders_its_progress_forms_as_crispy_did(alice: User) -> None:
    case = CaseFactory(primary_worker=alice)
    measures = [{"what": f"Measure {n}", "order": n} for n in range(1, 4)]
    plan = plan_in_force(case, alice, measures=measures)
    response = logged_in(alice).get(reverse("plans:plan_detail", args=[case.pk, plan.pk]))
    html = response.content.decode()
    forms = [measure.progress_form for measure in response.context["measures"]]
    assert len(forms) == 3
    assert_page_renders_as_crispy(html, forms)
