"""What every app of Polku shares, and no domain of its own.

The bottom of the dependency chain (core ← cases ← services ← checkpoints ←
plans ← dashboard): nothing here imports another Polku app.

* :mod:`core.pdf` — the one PDF renderer (tagged PDF/UA-1, no fetching);
* :mod:`core.history` — saving history-tracked records, and differences between versions;
* :mod:`core.concurrency` — the one optimistic-concurrency check, inside the write's lock;
* :mod:`core.errors` — the refusal every action raises, and showing it at a form;
* :mod:`core.batch` — deferring per-record refreshes to the end of an action;
* :mod:`core.panels` — sections that later apps add to a page of an earlier one;
* :mod:`core.roles` — the role groups and their permissions;
* :mod:`core.scales` — the checkpoints' scales (mental state, literacy, CEFR);
* :mod:`core.codes` — ISO country and language codes;
* :mod:`core.models` — append-only building blocks (abstract: no tables);
* :mod:`core.forms`, :mod:`core.middleware`, :mod:`core.views` — the base UI,
  sign-in, languages, caching headers and ``/healthz``.
"""
