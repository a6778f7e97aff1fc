"""Polku's load test: social workers and team leads of the demo data at work.

Run it through ``make loadtest`` (``loadtest/run.py`` starts gunicorn with the
production settings on PostgreSQL and reports the figures); by hand:

    .venv/bin/locust -f loadtest/locustfile.py --headless -H http://127.0.0.1:8000 \
        --users 20 --spawn-rate 5 --run-time 60s

Every user signs in through the real login form (CSRF token from the page) as
one of the demo accounts of ``seed_demo``; several simulated users share an
account, as colleagues at one desk would. Forms are filled from the page as a
browser submits them: the CSRF token, the version the edit started from and
the one-time submission token the page carries. Any answer that is not 2xx or
3xx is an error, and so is a save that the server refuses (the form comes back
with errors): the run then fails.

Environment: ``LOADTEST_WAIT`` (mean think time in seconds between a user's
steps, 0 for none), ``LOADTEST_PASSWORD`` (default ``polku-demo-2026``, the
``DEMO_PASSWORD`` default), ``LOADTEST_WORKERS`` and ``LOADTEST_LEADS``
(comma-separated accounts).
"""

from __future__ import annotations

import contextlib
import datetime
import json
import os
import random
import re
from collections import Counter
from typing import Any

from locust import HttpUser, between, constant, events

# run.py starts Locust as ``python -m locust`` from the project's root, so the package
# path resolves: one module name for this file's helpers, here and in the tests.
from loadtest.htmlforms import Form, form_errors, form_find, links_matching

UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
CASE_LINK = re.compile(rf"/cases/{UUID}/")
PLAN_LINK = re.compile(rf"/cases/{UUID}/plans/{UUID}/")
COPY_LINK = re.compile(rf"/cases/{UUID}/plans/{UUID}/copies/{UUID}/")

PASSWORD = os.environ.get("LOADTEST_PASSWORD", "polku-demo-2026")
WORKERS = os.environ.get("LOADTEST_WORKERS", "worker_a,worker_b").split(",")
LEADS = os.environ.get("LOADTEST_LEADS", "lead_a").split(",")
WAIT = float(os.environ.get("LOADTEST_WAIT", "1"))

# Uniform think time with the given mean; none at all for the stress run.
think = between(0, 2 * WAIT) if WAIT > 0 else constant(0)


# Every failure of the whole run, sign-in included: the figures start once every user
# has signed in (the statistics are reset then), but an error at any time fails the run.
FAILURES: Counter[tuple[str, str, str]] = Counter()


@events.request.add_listener  # type: ignore[untyped-decorator]  # Locust's hooks are untyped
def _failure_count(request_type: str, name: str, exception: Any = None, **_: Any) -> None:
    if exception is not None:
        FAILURES[(request_type, name, str(exception)[:300])] += 1


@events.quitting.add_listener  # type: ignore[untyped-decorator]  # Locust's hooks are untyped
def _failures_report(environment: Any, **_: Any) -> None:
    if FAILURES:
        environment.process_exit_code = 1
    path = os.environ.get("LOADTEST_FAILURES_FILE")
    if path:
        rows = [
            {"method": m, "name": n, "error": e, "count": c} for (m, n, e), c in FAILURES.items()
        ]
        with open(path, "w") as out:
            json.dump(rows, out, indent=1)


_signed_in_count = 0


def _signed_in(environment: Any) -> None:
    """Once the last user has signed in, start the figures afresh: they measure the pages
    at work, not the password hashing of the sign-in (which has its own figures in no run)."""
    global _signed_in_count
    _signed_in_count += 1
    runner = environment.runner
    if runner is not None and _signed_in_count == runner.target_user_count:
        environment.stats.reset_all()
        # run.py reads the server's CPU time from here on: the figures' own window.
        marker = os.environ.get("LOADTEST_SIGNED_IN_FILE")
        if marker:
            with open(marker, "w") as out:
                out.write("signed in\n")


class Refused(Exception):
    """The server answered, but not as a browser's user would need (a failure of the run)."""


class PolkuUser(HttpUser):
    """A signed-in staff member; subclasses choose the accounts and the mix."""

    abstract = True
    wait_time = think
    accounts: list[str] = []
    _next_account = 0

    @property
    def origin(self) -> str:
        """The server's address (``--host``, which run.py always gives)."""
        assert self.host is not None
        return self.host

    def on_start(self) -> None:
        cls = type(self)
        self.username = cls.accounts[cls._next_account % len(cls.accounts)]
        cls._next_account += 1
        self.cases: list[str] = []
        self.log_in()
        _signed_in(self.environment)
        self.caseload()

    # --- plumbing ---------------------------------------------------------------------

    def get(self, path: str, name: str, **kwargs: Any) -> str:
        """GET a page; a non-2xx answer (after redirects) fails the request."""
        with self.client.get(path, name=name, catch_response=True, **kwargs) as response:
            if not 200 <= response.status_code < 400:
                response.failure(f"{response.status_code} on GET {name}")
                raise Refused(name)
            if "/accounts/login/" in response.url and "login" not in name:
                response.failure(f"signed out: {name} sent to the login page")
                raise Refused(name)
            response.success()
            return str(response.text)

    def submit(self, form: Form, name: str, *, button: str = "save") -> tuple[int, str, str]:
        """POST ``form`` as its ``button`` sends it, without following the redirect.

        Returns (status, Location, body). A 3xx is the save's success; a 200 is
        the form back with its errors, which the caller judges.
        """
        data = list(form.fields)
        data += [(n, v) for n, v in form.submits if n == button][:1]
        with self.client.post(
            form.action,
            data=data,
            name=name,
            allow_redirects=False,
            catch_response=True,
            headers={"Referer": form.action},
        ) as response:
            if 300 <= response.status_code < 400:
                response.success()
            elif response.status_code == 200:
                response.success()  # judged by the caller: a conflict or a refusal
            else:
                response.failure(f"{response.status_code} on POST {name}")
                raise Refused(name)
            return response.status_code, response.headers.get("Location", ""), response.text

    def refused(self, name: str, detail: str, body: str = "") -> None:
        """Record a refused save as a failure of its own name, for the report (the page
        that came back is kept in LOADTEST_OUT, when set, to read its errors)."""
        out = os.environ.get("LOADTEST_OUT")
        if out and body:
            kept = os.path.join(out, f"refused-{datetime.datetime.now():%H%M%S%f}.html")
            with open(kept, "w") as page:
                page.write(body)
            detail = f"{detail} (page: {kept})"
        self.environment.events.request.fire(
            request_type="POST",
            name=f"{name} (refused)",
            response_time=0,
            response_length=0,
            exception=Refused(detail),
            context={},
        )

    def saved(self, name: str, form: Form, follow_name: str, *, button: str = "save") -> str:
        """Submit ``form``; on success follow the redirect as the browser does."""
        status, location, body = self.submit(form, name, button=button)
        if status == 200:
            self.refused(name, form_errors(body), body)
            raise Refused(name)
        return self.get(location, follow_name)

    def log_in(self) -> None:
        page = self.get("/accounts/login/", "login form")
        form = form_find(page, self.origin + "/accounts/login/", having="username")
        if form is None:
            raise Refused("no login form")
        form.set("username", self.username)
        form.set("password", PASSWORD)
        status, location, body = self.submit(form, "login", button="login")
        if status != 302 or "/accounts/login/" in location:
            self.refused("login", f"{self.username}: {form_errors(body)}", body)
            raise Refused("login")

    def a_case(self) -> str:
        if not self.cases:
            self.caseload()
        if not self.cases:
            raise Refused("the caseload shows no case")
        return random.choice(self.cases)

    # --- steps ------------------------------------------------------------------------

    def caseload(self) -> None:
        page = self.get("/", "caseload")
        found = links_matching(page, CASE_LINK)
        if found:
            self.cases = found

    def case_page(self) -> str:
        case = self.a_case()
        self.get(case, "case page")
        return case

    def journal_entry(self) -> None:
        case = self.a_case()
        page = self.get(f"{case}journal/", "journal")
        form = form_find(page, self.origin + f"{case}journal/", having="text")
        if form is None:
            raise Refused("no journal form")
        form.set("entry_type", random.choice(form.choices.get("entry_type") or ["meeting"]))
        form.set("text", f"Tapaaminen asiakkaan kanssa (kuormitustesti {_now()}).")
        self.saved("journal entry [POST]", form, "journal")

    def assessment(self) -> None:
        case = self.a_case()
        url = f"{case}assessments/mental-state/new/"
        page = self.get(url, "assessment form")
        form = form_find(page, self.origin + url, having="basis")
        if form is None:
            raise Refused("no assessment form")
        levels = form.choices.get("level") or []
        if levels:
            form.set("level", random.choice(levels))
        form.set("basis", "Keskustelu asiakkaan kanssa.")
        form.set("note", f"Kuormitustesti {_now()}.")
        self.saved("assessment [POST]", form, "case page")

    def a_plan(self) -> str | None:
        """An editable plan of one of a few cases of the caseload, through its case page."""
        for _ in range(4):
            case = self.a_case()
            page = self.get(case, "case page")
            plans = links_matching(page, PLAN_LINK)
            random.shuffle(plans)
            for plan in plans:
                if plan.startswith(case):
                    plan_page = self.get(plan, "plan page")
                    if f'href="{plan}edit/"' in plan_page:
                        return plan
        return None

    def plan_edit(self) -> None:
        plan = self.a_plan()
        if plan is None:
            return  # none of these cases has an editable plan: the user moves on
        url = f"{plan}edit/"
        page = self.get(url, "plan edit form")
        form = form_find(page, self.origin + url, having="plan-expected_version")
        if form is None:
            raise Refused("no plan form")
        form.set("plan-disagreements", f"Asiakas toivoo muutosta aikatauluun ({_now()}).")
        form.set("plan-reason", "Päivitetty asiakkaan tapaamisessa.")
        status, location, body = self.submit(form, "plan edit [POST]")
        if status == 200:
            # A colleague saved the plan meanwhile: the page shows what changed and now
            # carries the current version; the worker reads it and saves again.
            again = form_find(body, self.origin + url, having="plan-expected_version")
            sent = form.get("plan-expected_version")
            if again is None or again.get("plan-expected_version") == sent:
                self.refused("plan edit [POST]", form_errors(body), body)
                raise Refused("plan edit")
            status, location, body = self.submit(again, "plan edit [POST, after a conflict]")
            if status == 200:
                self.refused("plan edit [POST, after a conflict]", form_errors(body), body)
                raise Refused("plan edit")
        self.get(location, "plan page")

    def client_copy(self) -> None:
        """Issue the client's copy of a plan and download the PDF, as the plan page does."""
        plan = self.a_plan()
        if plan is None:
            return
        url = f"{plan}copies/new/"
        page = self.get(url, "copy form")
        form = form_find(page, self.origin + url, having="copy-language")
        if form is None:
            raise Refused("no copy form")
        if form.get("copy-explained_in"):
            # The day is asked only when an interpreter went through the plan.
            form.set("copy-explained_on", datetime.date.today().isoformat())
        plan_page = self.saved("copy issue [POST]", form, "plan page")
        copies = links_matching(plan_page, COPY_LINK)
        if not copies:
            raise Refused("the issued copy is not on the plan page")
        with self.client.get(copies[0], name="copy PDF", catch_response=True) as response:
            if response.status_code != 200 or not response.content.startswith(b"%PDF"):
                response.failure(f"{response.status_code}: not a PDF")
            else:
                response.success()

    def dashboard(self) -> None:
        self.get("/dashboard/", "dashboard")


def _now() -> str:
    return datetime.datetime.now().strftime("%H.%M.%S")


def _step(method_name: str) -> Any:
    """A task that runs one step; a refusal is already recorded, so the user goes on."""

    def run(user: PolkuUser) -> None:
        with contextlib.suppress(Refused):
            getattr(user, method_name)()

    run.__name__ = method_name
    return run


class SocialWorker(PolkuUser):
    """Works through the caseload: reads cases, writes the journal, assesses, plans."""

    weight = 3
    accounts = WORKERS
    tasks = {  # type: ignore[assignment]  # Locust also takes {task: weight}
        _step("caseload"): 20,
        _step("case_page"): 25,
        _step("journal_entry"): 15,
        _step("assessment"): 6,
        _step("plan_edit"): 6,
        _step("client_copy"): 2,
        _step("dashboard"): 4,
    }


class TeamLead(PolkuUser):
    """Follows the team: the dashboard, the caseload and cases, now and then a plan."""

    weight = 1
    accounts = LEADS
    tasks = {  # type: ignore[assignment]  # Locust also takes {task: weight}
        _step("dashboard"): 20,
        _step("caseload"): 20,
        _step("case_page"): 20,
        _step("journal_entry"): 5,
        _step("plan_edit"): 3,
    }
