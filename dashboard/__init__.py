"""The end of the pathway: where each case stands, and the team lead's view of all of them.

It gathers from every app before it (core ← cases ← services ← checkpoints ←
plans ← dashboard) and nothing imports it:

* :mod:`dashboard.models` — outcome assessments toward the desired state, and
  the pathway state (one derived row per case);
* :mod:`dashboard.pathway` — keeps the pathway state true to its sources;
* :mod:`dashboard.selectors` — the dashboard's numbers and the lists behind them;
* :mod:`dashboard.actions` — recording an outcome assessment;
* :mod:`dashboard.views`, :mod:`dashboard.charts`, :mod:`dashboard.panels` — the pages.
"""
