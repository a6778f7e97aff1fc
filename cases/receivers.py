"""Signal receivers of the cases app: the access-grant log, whoever makes the change.

Connected in ``CasesConfig.ready``. Changes to users' role groups, superuser
and active flags and team memberships are logged here rather than in a view,
because they are made in the admin (and could be made in the shell), and the
log must hold whatever path they take. A change that would widen its own
author's access is refused here too, as the last line behind the admin's forms.
"""

from typing import Any

from django.contrib.auth.models import Group

from cases.models import AccessGrant, TeamMembership, User
from cases.models.access import access_grant_refuse_own
from core.actor import current_actor

Kind = AccessGrant.Kind


def _write(**fields: Any) -> None:
    from cases.actions import access_grant_write

    access_grant_write(actor=current_actor(), **fields)


def user_groups_changed(
    sender: type,
    instance: User | Group,
    action: str,
    reverse: bool,
    pk_set: set[Any] | None,
    **kwargs: Any,
) -> None:
    """``m2m_changed`` of ``User.groups``: log each role added or removed; refuse one's own."""
    if action == "pre_clear":
        # What a clear() removes is known only before it runs.
        # reverse: the instance is a Group (group.user_set.clear()), otherwise a User.
        instance._groups_cleared = (  # type: ignore[union-attr]
            list(instance.user_set.values_list("pk", flat=True))  # type: ignore[union-attr]
            if reverse
            else list(instance.groups.values_list("pk", flat=True))  # type: ignore[union-attr]
        )
        return
    if action == "post_clear":
        pk_set = set(getattr(instance, "_groups_cleared", []))
        action = "post_remove"
    if action not in ("pre_add", "post_add", "post_remove") or not pk_set:
        return
    if reverse:  # group.user_set.add(users)
        pairs = [(user_id, instance.pk) for user_id in pk_set]
    else:  # user.groups.add(groups)
        pairs = [(instance.pk, group_id) for group_id in pk_set]
    if action == "pre_add":
        actor = current_actor()
        for user_id, _group_id in pairs:
            if actor is not None and actor.pk == user_id:
                access_grant_refuse_own(actor=actor, subject=actor)
        return
    names: dict[object, str] = dict(
        Group.objects.filter(pk__in={g for _u, g in pairs}).values_list("pk", "name")
    )
    kind = Kind.GROUP_ADDED if action == "post_add" else Kind.GROUP_REMOVED
    for user_id, group_id in pairs:
        _write(subject_id=user_id, kind=kind, detail=names.get(group_id, ""))


def user_saving(sender: type[User], instance: User, raw: bool = False, **kwargs: Any) -> None:
    """``pre_save`` of a user: refuse making oneself a superuser; remember the flags before."""
    # Kept on the instance for the post_save receiver.
    if raw or instance._state.adding:
        instance._flags_before = (False, True)  # type: ignore[attr-defined]
        return
    before = User.objects.filter(pk=instance.pk).values_list("is_superuser", "is_active").first()
    instance._flags_before = before or (False, True)  # type: ignore[attr-defined]
    was_superuser, _was_active = instance._flags_before  # type: ignore[attr-defined]
    if instance.is_superuser and not was_superuser:
        access_grant_refuse_own(actor=current_actor(), subject=instance)


def user_saved(sender: type[User], instance: User, raw: bool = False, **kwargs: Any) -> None:
    """``post_save`` of a user: log a change of the superuser or active flag."""
    if raw:
        return
    was_superuser, was_active = getattr(instance, "_flags_before", (False, True))
    if instance.is_superuser != was_superuser:
        kind = Kind.SUPERUSER_GRANTED if instance.is_superuser else Kind.SUPERUSER_REVOKED
        _write(subject=instance, kind=kind)
    if instance.is_active != was_active:
        _write(subject=instance, kind=Kind.ACTIVATED if instance.is_active else Kind.DEACTIVATED)


def membership_saving(
    sender: type[TeamMembership], instance: TeamMembership, raw: bool = False, **kwargs: Any
) -> None:
    """``pre_save`` of a membership: refuse joining or leading a team oneself."""
    if raw:
        return
    before = (
        None
        if instance._state.adding
        else TeamMembership.objects.filter(pk=instance.pk).values_list("role", flat=True).first()
    )
    instance._role_before = before  # type: ignore[attr-defined]  # for the post_save receiver
    widens = before is None or (
        instance.role == TeamMembership.TeamRole.LEAD and before != TeamMembership.TeamRole.LEAD
    )
    if widens:
        access_grant_refuse_own(actor=current_actor(), subject=User(pk=instance.user_id))


def membership_saved(
    sender: type[TeamMembership],
    instance: TeamMembership,
    created: bool,
    raw: bool = False,
    **kwargs: Any,
) -> None:
    """``post_save`` of a membership: log joining a team, or a change of role in it."""
    if raw:
        return
    before = getattr(instance, "_role_before", None)
    if created or before is None:
        kind = Kind.TEAM_JOINED
    elif before != instance.role:
        kind = Kind.TEAM_ROLE_CHANGED
    else:
        return
    _write(
        subject_id=instance.user_id,
        team_id=instance.team_id,
        kind=kind,
        detail=instance.get_role_display(),
    )


def membership_deleted(
    sender: type[TeamMembership], instance: TeamMembership, **kwargs: Any
) -> None:
    """``post_delete`` of a membership: log leaving a team."""
    _write(subject_id=instance.user_id, team_id=instance.team_id, kind=Kind.TEAM_LEFT)
