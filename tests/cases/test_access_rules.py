"""The access rules against Polku's own users: break-glass, workers, turvakielto, grants.

Each test is a way a colleague, a lead or an administrator could try to see
more than their work needs, and shows that the rule holds.
"""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation

from cases import actions
from cases.models import (
    AccessGrant,
    AccessGrantRefused,
    AccessLog,
    AppendOnlyError,
    BreakGlassAccess,
    Case,
    Role,
    Team,
    TeamMembership,
    User,
)
from core.actor import acting_as
from core.concurrency import VersionConflict, record_version
from tests.cases.test_record_views import form_data
from tests.conftest import logged_in
from tests.factories.cases import CaseFactory, ClientFactory, UserFactory

ADDRESS = "Salainen katu 7 B 12, 00100 Helsinki"


@pytest.fixture
def case(alice: User, team_a: Team) -> Case:
    return CaseFactory(primary_worker=alice, team=team_a)


@pytest.fixture
def protected(alice: User, team_a: Team) -> Case:
    """A turvakielto client of alice's: address, phone, municipality and henkilötunnus."""
    client = ClientFactory(
        turvakielto=True,
        address=ADDRESS,
        phone="+358 40 765 4321",
        home_municipality="Vantaa",
        henkilotunnus="131052-308T",
        date_of_birth=datetime.date(1952, 10, 13),
    )
    return CaseFactory(primary_worker=alice, team=team_a, client=client)


def glass_broken(user: User, case: Case) -> BreakGlassAccess:
    return actions.break_glass_open(user=user, case=case, reason="Päivystys: asiakas soitti")


def logged(user: User, action: AccessLog.Action) -> int:
    return AccessLog.objects.filter(user=user, action=action).count()


# --- Break-glass is read-only ---------------------------------------------------------


def test_break_glass_gives_reading_and_journal_but_no_way_to_change_the_workers(
    case: Case, bob: User
) -> None:
    glass_broken(bob, case)
    client = logged_in(bob)
    page = client.get(reverse("case_detail", args=[case.pk]))
    assert page.status_code == 200
    assert page.context["read_only"]
    assert reverse("case_edit", args=[case.pk]) not in page.content.decode()
    for name in ("case_edit", "client_edit", "case_close", "representative_edit"):
        assert client.get(reverse(name, args=[case.pk])).status_code == 403, name
    # Ticking himself as a worker, as the attack did, is refused.
    posted = client.post(
        reverse("case_edit", args=[case.pk]),
        {
            "team": str(case.team_id),
            "primary_worker": str(case.primary_worker_id),
            "other_workers": [str(bob.pk)],
            "opened_on": case.opened_on.isoformat(),
            "version": record_version(case),
        },
    )
    assert posted.status_code == 403
    assert not case.other_workers.exists()
    # Every other write through the case is refused too; the journal is not.
    assert client.post(reverse("services:costs", args=[case.pk]), {}).status_code == 403
    entry = client.post(
        reverse("journal", args=[case.pk]),
        {"entry_date": timezone.localdate().isoformat(), "entry_type": "phone_call", "text": "x"},
    )
    assert entry.status_code == 302


def test_break_glass_access_ends_at_expiry_and_leaves_nothing_behind(case: Case, bob: User) -> None:
    access = glass_broken(bob, case)
    client = logged_in(bob)
    assert client.get(reverse("case_detail", args=[case.pk])).status_code == 200
    BreakGlassAccess.objects.filter(pk=access.pk).update(
        granted_at=timezone.now() - datetime.timedelta(days=2),
        expires_at=timezone.now() - datetime.timedelta(seconds=1),
    )
    for name in ("case_detail", "journal", "plans:plan_list"):
        assert client.get(reverse(name, args=[case.pk])).status_code == 404, name
    assert not Case.objects.visible_to(bob).filter(pk=case.pk).exists()


def test_the_action_refuses_a_change_through_break_glass_whatever_the_form(
    case: Case, bob: User
) -> None:
    glass_broken(bob, case)
    seen = Case.objects.visible_to(bob).with_access(bob).get(pk=case.pk)
    with pytest.raises(actions.CaseActionError):
        actions.case_update(
            case=seen, by=bob, fields={}, other_workers=[bob], expected_version=record_version(case)
        )
    with pytest.raises(actions.CaseActionError):
        actions.case_close(case=seen, by=bob, reason="Ei")
    assert not case.other_workers.exists()


# --- Who changes a case's workers and team ----------------------------------------------


def update(case: Case, by: User, **changes: object) -> Case:
    fields = {"team": case.team, "primary_worker": case.primary_worker}
    others = changes.pop("other_workers", list(case.other_workers.all()))
    fields.update(changes)
    seen = Case.objects.visible_to(by).with_access(by).get(pk=case.pk)
    return actions.case_update(
        case=seen,
        by=by,
        fields=fields,
        other_workers=others,
        expected_version=record_version(case),
    )


def test_the_responsible_worker_adds_a_colleague_and_the_grant_is_logged(
    case: Case, alice: User, bob: User
) -> None:
    update(case, alice, other_workers=[bob])
    assert list(case.other_workers.all()) == [bob]
    grant = AccessGrant.objects.get(subject=bob, case=case)
    assert (grant.kind, grant.actor, grant.case) == (
        AccessGrant.Kind.CASE_WORKER_ADDED,
        alice,
        case,
    )


def test_an_other_worker_cannot_change_who_works_on_the_case(
    case: Case, alice: User, bob: User, team_a: Team
) -> None:
    update(case, alice, other_workers=[bob])
    carol = UserFactory(role=Role.SOCIAL_WORKER, teams=[team_a])
    with pytest.raises(actions.CaseActionError):
        update(case, bob, other_workers=[bob, carol])
    with pytest.raises(actions.CaseActionError):
        update(case, bob, primary_worker=bob)
    assert case.other_workers.count() == 1


def test_nobody_adds_themselves_to_a_case_not_even_the_lead(case: Case, leena: User) -> None:
    with pytest.raises(actions.CaseActionError):
        update(case, leena, other_workers=[leena])
    assert not case.other_workers.exists()
    assert not AccessGrant.objects.filter(subject=leena, case=case).exists()


def test_workers_come_from_the_cases_team(case: Case, alice: User, charlie: User) -> None:
    with pytest.raises(ValidationError):
        update(case, alice, other_workers=[charlie])


def test_only_the_lead_moves_a_case_to_another_team(
    case: Case, alice: User, leena: User, team_b: Team
) -> None:
    TeamMembership.objects.create(team=team_b, user=alice)
    with pytest.raises(ValidationError):
        update(case, alice, team=team_b)
    TeamMembership.objects.create(team=team_b, user=leena)
    moved = update(case, leena, team=team_b)
    assert moved.team == team_b
    assert AccessGrant.objects.filter(kind=AccessGrant.Kind.CASE_TEAM_CHANGED, case=case).exists()


def test_the_case_form_offers_only_what_the_rules_allow(
    case: Case, alice: User, bob: User, leena: User
) -> None:
    as_alice = logged_in(alice).get(reverse("case_edit", args=[case.pk])).context["form"]
    assert as_alice.fields["team"].disabled
    assert not as_alice.fields["other_workers"].disabled
    offered = set(as_alice.fields["other_workers"].queryset)
    # The team's working people; alice only as the responsible worker she already is.
    assert {bob, leena, alice} == offered
    update(case, alice, other_workers=[bob])
    as_bob = logged_in(bob).get(reverse("case_edit", args=[case.pk])).context["form"]
    assert as_bob.fields["other_workers"].disabled
    assert as_bob.fields["primary_worker"].disabled
    as_leena = logged_in(leena).get(reverse("case_edit", args=[case.pk])).context["form"]
    assert not as_leena.fields["team"].disabled
    assert leena not in set(as_leena.fields["other_workers"].queryset)


def test_an_other_worker_saving_the_case_dates_keeps_the_workers(
    case: Case, alice: User, bob: User
) -> None:
    update(case, alice, other_workers=[bob])
    client = logged_in(bob)
    form = client.get(reverse("case_edit", args=[case.pk])).context["form"]
    data = form_data(form)
    data["referred_on"] = timezone.localdate().isoformat()
    data["other_workers"] = [str(bob.pk)]  # ignored: the field is disabled for bob
    assert client.post(reverse("case_edit", args=[case.pk]), data).status_code == 302
    case.refresh_from_db()
    assert case.referred_on == timezone.localdate()
    assert list(case.other_workers.all()) == [bob]


# --- turvakielto behind the reveal everywhere -------------------------------------------------


@pytest.mark.parametrize("who", ["leena", "bob_break_glass"])
def test_those_the_reveal_rule_refuses_never_see_the_protected_details_in_the_form(
    who: str, protected: Case, leena: User, bob: User
) -> None:
    user = leena if who == "leena" else bob
    if who == "bob_break_glass":
        glass_broken(bob, protected)
        # Break-glass may not even open the form.
        assert logged_in(bob).get(reverse("client_edit", args=[protected.pk])).status_code == 403
        return
    response = logged_in(user).get(reverse("client_edit", args=[protected.pk]))
    html = response.content.decode()
    form = response.context["form"]
    for field in ("address", "phone", "home_municipality", "henkilotunnus"):
        assert field not in form.fields
    assert ADDRESS not in html and "Vantaa" not in html and "131052-308T" not in html
    assert form.fields["turvakielto"].disabled
    assert response.context["reveal_form"] is None
    assert logged(user, AccessLog.Action.VIEW_CLIENT) == 1
    assert logged(user, AccessLog.Action.REVEAL_PROTECTED) == 0


def test_a_lead_can_neither_reveal_nor_overwrite_nor_unprotect(
    protected: Case, leena: User
) -> None:
    client = logged_in(leena)
    url = reverse("client_edit", args=[protected.pk])
    assert client.post(url, {"reveal": "1"}).status_code == 403
    data = form_data(client.get(url).context["form"])
    data.update({"address": "Toinen osoite 1", "safety_notes": "Lisätty"})
    data.pop("turvakielto", None)  # an unticked box sends nothing
    assert client.post(url, data).status_code == 302
    protected.client.refresh_from_db()
    assert protected.client.address == ADDRESS  # not a field of the lead's form
    assert protected.client.turvakielto  # disabled: cannot be turned off unrevealed
    assert protected.client.safety_notes == "Lisätty"


def test_the_clients_own_worker_sees_the_details_only_after_a_logged_reveal(
    protected: Case, alice: User
) -> None:
    client = logged_in(alice)
    url = reverse("client_edit", args=[protected.pk])
    masked = client.get(url)
    assert ADDRESS not in masked.content.decode()
    assert masked.context["reveal_form"] is not None
    assert logged(alice, AccessLog.Action.REVEAL_PROTECTED) == 0
    revealed = client.post(url, {"reveal": "1"})
    assert revealed.status_code == 200
    assert ADDRESS in revealed.content.decode()
    assert logged(alice, AccessLog.Action.REVEAL_PROTECTED) == 1
    data = form_data(revealed.context["form"])
    data["address"] = "Uusi turvaosoite 3"
    assert client.post(url, data).status_code == 302
    protected.client.refresh_from_db()
    assert protected.client.address == "Uusi turvaosoite 3"


def test_the_conflict_view_masks_what_the_reader_may_not_see(
    protected: Case, alice: User, leena: User
) -> None:
    url = reverse("client_edit", args=[protected.pk])
    leenas = logged_in(leena)
    leena_data = form_data(leenas.get(url).context["form"])
    alices = logged_in(alice)
    alice_data = form_data(alices.post(url, {"reveal": "1"}).context["form"])
    alice_data["address"] = "Muuttunut osoite 99"
    assert alices.post(url, alice_data).status_code == 302
    reveals_before = logged(leena, AccessLog.Action.REVEAL_PROTECTED)
    leena_data["safety_notes"] = "Leenan huomio"
    conflict = leenas.post(url, leena_data)
    assert conflict.status_code == 200
    changes = conflict.context["form"].conflict
    assert [(c.field, c.masked) for c in changes] == [("address", True)]
    html = conflict.content.decode()
    assert "Muuttunut osoite 99" not in html and ADDRESS not in html
    assert logged(leena, AccessLog.Action.REVEAL_PROTECTED) == reveals_before


def test_printing_a_protected_henkilotunnus_is_a_reveal_and_only_for_own_workers(
    protected: Case, alice: User, leena: User
) -> None:
    from plans.actions import plan_copy_issue, plan_create
    from plans.models import Plan

    plan = plan_create(case=protected, kind=Plan.Kind.CLIENT_PLAN, by=alice)
    with pytest.raises(ValidationError):
        plan_copy_issue(plan=plan, by=leena, language="fi", include_henkilotunnus=True)
    form = (
        logged_in(leena)
        .get(reverse("plans:plan_copy_new", args=[protected.pk, plan.pk]))
        .context["form"]
    )
    assert "include_henkilotunnus" not in form.fields
    plan_copy_issue(plan=plan, by=alice, language="fi", include_henkilotunnus=True)
    assert logged(alice, AccessLog.Action.REVEAL_PROTECTED) == 1


# --- Nobody widens their own access; every grant is logged ---------------------------------


def test_nobody_grants_themselves_a_role_or_a_team_whatever_the_path(
    administrator: User, team_a: Team
) -> None:
    lead_group = Group.objects.get(name=Role.TEAM_LEAD.value)
    attempts = [
        lambda: administrator.groups.add(lead_group),
        lambda: lead_group.user_set.add(administrator),
        lambda: TeamMembership.objects.create(
            team=team_a, user=administrator, role=TeamMembership.TeamRole.LEAD
        ),
        lambda: _saved_as_superuser(administrator),
    ]
    with acting_as(administrator):
        for attempt in attempts:
            with pytest.raises(AccessGrantRefused), transaction.atomic():
                attempt()
    administrator.refresh_from_db()
    assert not administrator.is_superuser
    assert not administrator.has_role(Role.TEAM_LEAD)
    assert not TeamMembership.objects.filter(user=administrator).exists()


def _saved_as_superuser(user: User) -> None:
    again = User.objects.get(pk=user.pk)
    again.is_superuser = True
    again.save()


def test_the_admin_shows_an_administrator_their_own_access_read_only(
    administrator: User, team_a: Team
) -> None:
    administrator.user_permissions.add(*_admin_permissions())
    client = logged_in(administrator)
    url = reverse("admin:cases_user_change", args=[administrator.pk])
    page = client.get(url)
    assert page.status_code == 200
    for field in ("groups", "is_superuser", "is_staff"):
        assert field in page.context["adminform"].readonly_fields
    lead_group = Group.objects.get(name=Role.TEAM_LEAD.value)
    data = {
        "username": administrator.username,
        "first_name": "X",
        "last_name": "Y",
        "email": "x@polku.invalid",
        "groups": [str(lead_group.pk)],
        "is_active": "on",
        "date_joined_0": "2026-01-01",
        "date_joined_1": "10:00:00",
        "language": "",
    }
    client.post(url, data)
    assert not administrator.has_role(Role.TEAM_LEAD)
    # Through the team's page, the administrator cannot add themselves either.
    team_url = reverse("admin:cases_team_change", args=[team_a.pk])
    response = client.post(
        team_url,
        {
            "name": team_a.name,
            "memberships-TOTAL_FORMS": "1",
            "memberships-INITIAL_FORMS": "0",
            "memberships-MIN_NUM_FORMS": "0",
            "memberships-MAX_NUM_FORMS": "1000",
            "memberships-0-user": str(administrator.pk),
            "memberships-0-role": "lead",
            "memberships-0-team": str(team_a.pk),
        },
    )
    assert response.status_code == 200  # the form, with the refusal at the row
    with translation.override("fi"):  # the administrator reads the admin in Finnish
        refusal = translation.gettext(
            "Nobody can widen their own access: ask another administrator."
        )
    assert refusal in response.content.decode()
    assert not TeamMembership.objects.filter(user=administrator).exists()


def _admin_permissions() -> list:
    from django.contrib.auth.models import Permission

    return list(
        Permission.objects.filter(
            content_type__app_label="cases", codename__in=["change_team", "view_team"]
        )
    )


def test_an_administrators_grant_to_another_user_is_logged_and_shown_to_the_lead(
    administrator: User, leena: User, team_a: Team
) -> None:
    newcomer = UserFactory(username="uusi")
    with acting_as(administrator):
        newcomer.groups.add(Group.objects.get(name=Role.SOCIAL_WORKER.value))
        TeamMembership.objects.create(team=team_a, user=newcomer)
    kinds = set(AccessGrant.objects.filter(subject=newcomer).values_list("kind", "actor"))
    assert kinds == {
        (AccessGrant.Kind.GROUP_ADDED, administrator.pk),
        (AccessGrant.Kind.TEAM_JOINED, administrator.pk),
    }
    page = logged_in(leena).get(reverse("break_glass_reviews"))
    grants = page.context["grants"]
    assert {grant.subject for grant in grants} >= {newcomer}
    assert str(newcomer) in page.content.decode()


def test_the_grant_log_is_append_only(alice: User) -> None:
    grant = actions.access_grant_write(actor=None, subject=alice, kind=AccessGrant.Kind.ACTIVATED)
    with pytest.raises(AppendOnlyError):
        grant.save()
    with pytest.raises(AppendOnlyError):
        grant.delete()
    with pytest.raises(AppendOnlyError):
        AccessGrant.objects.all().delete()


# --- Versions: a missing or malformed one is a conflict --------------------------------------


@pytest.mark.parametrize("version", ["", "abc", "999999", " "])
def test_a_missing_or_malformed_version_is_a_conflict(
    case: Case, alice: User, version: str
) -> None:
    with pytest.raises(VersionConflict):
        actions.client_update(
            client=case.client, by=alice, fields={"phone": "1"}, expected_version=version
        )
    url = reverse("client_edit", args=[case.pk])
    client = logged_in(alice)
    data = form_data(client.get(url).context["form"])
    data.update({"version": version, "phone": "+358 50 1"})
    response = client.post(url, data)
    assert response.status_code == 200
    assert response.context["form"].conflict == []
    case.client.refresh_from_db()
    assert case.client.phone == ""
    # Read, and saved again deliberately: it goes through.
    data["version"] = response.context["form"].data["version"]
    assert client.post(url, data).status_code == 302


def test_a_plan_step_without_its_version_is_a_conflict(case: Case, alice: User) -> None:
    from plans.actions import PlanConflict, plan_activate, plan_create
    from plans.models import Plan

    plan = plan_create(
        case=case,
        kind=Plan.Kind.CLIENT_PLAN,
        by=alice,
        fields={"review_due_on": timezone.localdate()},
    )
    with pytest.raises(PlanConflict):
        plan_activate(plan=plan, by=alice, reason="Valmis", expected_version=None)
    url = reverse("plans:plan_activate", args=[case.pk, plan.pk])
    response = logged_in(alice).post(
        url, {"in_force_from": timezone.localdate().isoformat(), "reason": "Valmis"}
    )
    assert response.status_code == 200
    plan.refresh_from_db()
    assert plan.status == Plan.Status.DRAFT


# --- Caching ------------------------------------------------------------------------------


def test_no_signed_in_response_may_be_stored(case: Case, alice: User) -> None:
    client = logged_in(alice)
    for url in (
        reverse("case_detail", args=[case.pk]),
        reverse("client_edit", args=[case.pk]),
        reverse("access_log", args=[case.client_id]) + "?format=csv",
        reverse("home"),
    ):
        cache_control = client.get(url)["Cache-Control"]
        assert "no-store" in cache_control and "private" in cache_control, url


# --- The small ones -------------------------------------------------------------------------


def test_a_journal_entry_cannot_be_dated_before_the_case(case: Case, alice: User) -> None:
    response = logged_in(alice).post(
        reverse("journal", args=[case.pk]),
        {"entry_date": "0001-01-01", "entry_type": "meeting", "text": "Muistiinpano"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["entry_date"]
    assert response.context["form"]["text"].value() == "Muistiinpano"


def test_a_double_submit_makes_one_journal_entry(case: Case, alice: User) -> None:
    client = logged_in(alice)
    url = reverse("journal", args=[case.pk])
    token = client.get(url).context["form"]["submission"].value()
    data = {
        "entry_date": timezone.localdate().isoformat(),
        "entry_type": "meeting",
        "text": "Tapaaminen",
        "submission": str(token),
    }
    first, second = client.post(url, data), client.post(url, data)
    assert first.status_code == second.status_code == 302
    assert second["Location"] == first["Location"]
    assert case.journal_entries.count() == 1
    # A new form has a new token: a second entry on purpose is made.
    data["submission"] = str(client.get(url).context["form"]["submission"].value())
    client.post(url, data)
    assert case.journal_entries.count() == 2


def test_a_double_submit_makes_one_client(alice: User, team_a: Team) -> None:
    from tests.cases.test_record_views import new_client_data

    client = logged_in(alice)
    token = client.get(reverse("client_create")).context["client_form"]["submission"].value()
    data = new_client_data(team_a, alice, **{"client-submission": str(token)})
    first = client.post(reverse("client_create"), data)
    second = client.post(reverse("client_create"), data)
    assert first.status_code == second.status_code == 302
    assert second["Location"] == first["Location"]
    assert Case.objects.count() == 1
