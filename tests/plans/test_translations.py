"""The plan's translation page and the translations in the plan's history: entered by the
worker, saved without a new plan version, shown in the history and its difference,
refused when someone changed them meanwhile; as owner, lead, colleague and outsider."""

import pytest
from django.urls import reverse
from django.utils import translation

from cases.models import AccessLog, Case, Team, User
from core.concurrency import record_version
from plans.actions import (
    PlanActionError,
    TranslationConflict,
    plan_translations_save,
    plan_update,
)
from plans.history import plan_diff, translation_changes, translation_history
from plans.models import Plan, TextTranslation
from plans.selectors import CHANGED, MISSING, TRANSLATED, plan_texts
from tests.conftest import logged_in
from tests.factories.cases import CaseFactory
from tests.plans.conftest import plan_in_force

GOAL = "Oma asunto"
MEASURE = "Asuntohakemus"


@pytest.fixture
def plan(alice: User, team_a: Team) -> Plan:
    case: Case = CaseFactory(primary_worker=alice, team=team_a, client__reading_language="ar")
    return plan_in_force(
        case,
        alice,
        client_view="Haluan oman kodin",
        goals=[{"text": GOAL}],
        measures=[{"what": MEASURE, "goal": 0, "responsible": "Asiakas"}],
    )


def url(plan: Plan, language: str | None = None) -> str:
    base = reverse("plans:plan_translations", kwargs={"case_id": plan.case_id, "plan_id": plan.pk})
    return f"{base}?language={language}" if language else base


def page_data(response) -> dict[str, str]:
    """The form as the page shows it, ready to post back."""
    form = response.context["form"]
    return {name: form[name].value() or "" for name in form.fields}


def typed(data: dict[str, str], plan_text: str, translation: str) -> dict[str, str]:
    """``data`` with ``translation`` typed into the field of the text whose original is given."""
    for name, value in list(data.items()):
        if name.startswith("original-") and value == plan_text:
            data[f"text-{name.removeprefix('original-')}"] = translation
    return data


# --- The page --------------------------------------------------------------------------


def test_the_page_opens_in_the_clients_reading_language_with_every_text(
    plan: Plan, alice: User
) -> None:
    response = logged_in(alice).get(url(plan))
    assert response.status_code == 200
    assert response.context["language"].code == "ar"
    html = response.content.decode()
    for original in ("Haluan oman kodin", GOAL, MEASURE):
        assert original in html
    # Arabic is typed right to left, and says it is Arabic.
    assert html.count('lang="ar" dir="rtl"') == 3
    assert 'data-testid="translation-status" data-status="draft"' in html
    assert AccessLog.objects.filter(
        user=alice, action=AccessLog.Action.VIEW_PLAN, client=plan.case.client
    ).exists()


def test_saving_adds_the_translations_without_a_new_plan_version(plan: Plan, alice: User) -> None:
    browser = logged_in(alice)
    data = typed(page_data(browser.get(url(plan, "ar"))), GOAL, "شقة خاصة بي")
    response = browser.post(url(plan, "ar"), data)
    assert response.status_code == 302
    assert response["Location"] == url(plan, "ar")
    saved = TextTranslation.objects.get(plan=plan)
    assert (saved.language, saved.part, saved.text, saved.source) == (
        "ar",
        "goal",
        "شقة خاصة بي",
        GOAL,
    )
    plan.refresh_from_db()
    assert plan.version == 2 and plan.history.count() == 2
    row = saved.history.get()
    assert (row.history_user, row.plan_version) == (alice, 2)
    texts = {text.original: text.status for text in plan_texts(plan, "ar")}
    assert texts == {"Haluan oman kodin": MISSING, GOAL: TRANSLATED, MEASURE: MISSING}


def test_the_lead_may_translate_a_colleague_or_outsider_may_not(
    plan: Plan, leena: User, bob: User, charlie: User
) -> None:
    assert logged_in(leena).get(url(plan)).status_code == 200
    for user in (bob, charlie):
        browser = logged_in(user)
        assert browser.get(url(plan)).status_code == 404
        assert browser.post(url(plan, "ar"), {"text-0": "x"}).status_code == 404
    assert not TextTranslation.objects.exists()


def test_a_translation_changed_meanwhile_is_a_conflict_and_nothing_is_saved(
    plan: Plan, alice: User, leena: User
) -> None:
    browser = logged_in(alice)
    plan_translations_save(
        plan=plan,
        by=leena,
        language="ar",
        texts={f"goal:{plan.goals.get().pk}": ("بيت", "", GOAL)},
    )
    stale = page_data(browser.get(url(plan, "ar")))
    plan_translations_save(
        plan=plan,
        by=leena,
        language="ar",
        texts={
            f"goal:{plan.goals.get().pk}": (
                "منزل",
                record_version(TextTranslation.objects.get()),
                GOAL,
            )
        },
    )
    response = browser.post(url(plan, "ar"), typed(stale, GOAL, "شقة"))
    assert response.status_code == 200
    form = response.context["form"]
    assert form.non_field_errors()
    assert [(c.old, c.new) for c in form.conflict] == [("بيت", "منزل")]
    assert TextTranslation.objects.get().text == "منزل"
    # The form now carries the current version: saving again is deliberate, and goes through.
    again = browser.post(url(plan, "ar"), {**form.data.dict()})
    assert again.status_code == 302
    assert TextTranslation.objects.get().text == "شقة"


def test_an_original_changed_meanwhile_is_a_conflict(plan: Plan, alice: User) -> None:
    goal = plan.goals.get()
    with pytest.raises(TranslationConflict) as conflict:
        plan_translations_save(
            plan=plan, by=alice, language="ar", texts={f"goal:{goal.pk}": ("x", "", "Vanha")}
        )
    assert [(c.old, c.new) for c in conflict.value.changes()] == [("Vanha", GOAL)]
    assert not TextTranslation.objects.exists()


def test_an_empty_field_removes_the_translation_and_the_plans_language_needs_none(
    plan: Plan, alice: User
) -> None:
    key = f"goal:{plan.goals.get().pk}"
    plan_translations_save(plan=plan, by=alice, language="ar", texts={key: ("بيت", "", GOAL)})
    version = record_version(TextTranslation.objects.get())
    plan_translations_save(plan=plan, by=alice, language="ar", texts={key: ("", version, GOAL)})
    assert not TextTranslation.objects.exists()
    assert TextTranslation.history.filter(history_type="-").count() == 1
    with pytest.raises(PlanActionError):
        plan_translations_save(plan=plan, by=alice, language="fi", texts={})


def test_a_changed_original_flags_its_translation(plan: Plan, alice: User) -> None:
    goal = plan.goals.get()
    plan_translations_save(
        plan=plan, by=alice, language="ar", texts={f"goal:{goal.pk}": ("بيت", "", GOAL)}
    )
    plan = plan_update(
        plan=plan,
        by=alice,
        reason="Tarkennettu",
        expected_version=plan.version,
        goals=[{"id": goal.pk, "text": "Oma asunto Helsingistä"}],
    )
    statuses = {text.key: text.status for text in plan_texts(plan, "ar")}
    assert statuses[f"goal:{goal.pk}"] == CHANGED
    html = logged_in(alice).get(url(plan, "ar")).content.decode()
    assert 'data-status="changed"' in html


# --- The plan's history -------------------------------------------------------------------


def test_who_changed_which_translation_shows_in_the_history_and_its_difference(
    plan: Plan, alice: User, leena: User
) -> None:
    goal = plan.goals.get()
    plan_translations_save(
        plan=plan, by=leena, language="th", texts={f"goal:{goal.pk}": ("บ้านของฉัน", "", GOAL)}
    )
    with translation.override("en"):
        diff = plan_diff(plan, 1, 2)
        changes = translation_changes(translation_history(plan))
    [row] = diff.translations
    assert (row.change, row.saved_by_name) == ("added", leena.get_full_name() or leena.username)
    assert row.label.startswith("Thai · Goal: Oma asunto")
    assert [(c.language, c.change, c.plan_version) for c in changes] == [("Thai", "added", 2)]
    history = reverse("plans:plan_history", args=[plan.case_id, plan.pk])
    html = logged_in(alice).get(history).content.decode()
    assert 'id="translation-changes"' in html and "บ้านของฉัน" in html
    assert 'data-diff-part="translations"' in html and 'data-testid="part-author"' in html


def test_a_removed_goal_takes_its_translations_along_in_the_same_version(
    plan: Plan, alice: User
) -> None:
    goal = plan.goals.get()
    plan_translations_save(
        plan=plan, by=alice, language="ar", texts={f"goal:{goal.pk}": ("بيت", "", GOAL)}
    )
    plan = plan_update(
        plan=plan,
        by=alice,
        reason="Tavoite poistettu",
        expected_version=plan.version,
        goals=[],
        measures=[{"id": plan.measures.get().pk, "what": MEASURE}],
    )
    assert not TextTranslation.objects.exists()
    removed = TextTranslation.history.get(history_type="-")
    assert (removed.plan_version, removed.history_user, removed.history_change_reason) == (
        plan.version,
        alice,
        "Tavoite poistettu",
    )
    with translation.override("en"):
        assert [t.change for t in plan_diff(plan, 2, 3).translations] == ["removed"]
