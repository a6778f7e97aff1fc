"""The start of the pathway: the victim's record, the case and who may read it.

Imports only :mod:`core` (core ← cases ← services ← checkpoints ← plans ←
dashboard ← lifecycle); later apps add their sections to its pages through
:mod:`core.panels`.

* :mod:`cases.models.access` — the one access check (``visible_to``), the rules
  beside it (who may change a case's workers, reveal turvakielto details, read
  only through break-glass), break-glass access, the access log, the
  disclosure log and the access-grant log;
* :mod:`cases.models.clients`, :mod:`cases.models.casework` — the client, minors
  and their representatives, the case with its Assistance System periods, the journal;
* :mod:`cases.models.people` — users, teams, team memberships (``led_by``,
  ``with_working_role``);
* :mod:`cases.actions` — every write, each logged; :mod:`cases.selectors` — the
  caseload and its flags, search;
* :mod:`cases.hetu`, :mod:`cases.periods`, :mod:`cases.duplicates` — the
  henkilötunnus, the recovery and reflection periods, duplicate warnings.
"""
