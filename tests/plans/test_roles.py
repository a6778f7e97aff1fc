"""Who may do what with plans: workers and leads write them, leads review, admins nothing."""

from cases.models import User


def test_workers_and_leads_write_plans_and_leads_review(
    alice: User, leena: User, administrator: User
) -> None:
    for model in ("plan", "goal", "measure", "participant"):
        for verb in ("add", "change", "view"):
            assert alice.has_perm(f"plans.{verb}_{model}")
            assert leena.has_perm(f"plans.{verb}_{model}")
            assert not administrator.has_perm(f"plans.{verb}_{model}")
        assert not leena.has_perm(f"plans.delete_{model}")
    assert leena.has_perm("plans.add_planchangereview")
    assert not alice.has_perm("plans.add_planchangereview")
    assert not administrator.has_perm("plans.view_planchangereview")


def test_workers_and_leads_issue_and_read_copies_administrators_do_not(
    alice: User, leena: User, administrator: User
) -> None:
    for user in (alice, leena):
        assert user.has_perm("plans.add_issuedcopy")
        assert user.has_perm("plans.view_issuedcopy")
        assert not user.has_perm("plans.change_issuedcopy")
    assert not administrator.has_perm("plans.view_issuedcopy")
