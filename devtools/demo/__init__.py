"""Synthetic demo data: :mod:`~devtools.demo.clients` (teams, users, clients, cases) and
:mod:`~devtools.demo.pathway` (plans, checkpoints, outcomes and referrals of open cases)."""
