"""The nine statutory services of 746/2011 38 a § for each client, and what they cost.

Imports :mod:`core` and :mod:`cases` only. (The name is the domain's: business
logic lives in :mod:`services.actions` and :mod:`services.selectors`, never in
a module called ``services.py``.)

* :mod:`services.models.entitlements` — the entitlement board: each service's
  status per client;
* :mod:`services.models.referrals` — referrals to providers, with the client's consent;
* :mod:`services.models.claims` — costs and state-compensation claims;
* :mod:`services.models.reference` — service types, providers and their print names;
* :mod:`services.readiness_rules` — the readiness a support service needs, as data
  that :mod:`checkpoints` evaluates.
"""
