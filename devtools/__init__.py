"""Tools for developers, CI and benchmarks: synthetic demo data and the benchmarks.

Installed only where ``DEVTOOLS`` is on (by default with ``DEBUG``): production's
``INSTALLED_APPS`` and dependencies carry neither it nor Faker. It may import
every app; no app imports it.

* ``manage.py seed_demo`` (:mod:`devtools.demo`) — demo teams, users and
  synthetic clients with a pathway (Faker ``fi_FI``; never a real person);
* ``manage.py bench`` (:mod:`devtools.bench`) — the figures README reports.
"""
