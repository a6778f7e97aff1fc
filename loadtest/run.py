"""``make loadtest``: Polku under gunicorn with the production settings, and Locust against it.

1. migrates the PostgreSQL database ``<name>_seed`` beside ``LOADTEST_DATABASE_URL``'s
   (created if missing) and tops its demo data up to ``LOADTEST_CLIENTS`` clients
   (``seed_demo --force``, idempotent; the only step run with DEBUG and the dev tools),
   then gives the run a fresh copy of it as ``LOADTEST_DATABASE_URL``'s database;
2. collects the static files (the production manifest) when they are missing or stale;
3. starts gunicorn (``LOADTEST_GUNICORN_WORKERS``, default 2) on 127.0.0.1 with
   DEBUG off, a random SECRET_KEY and no dev tools, and waits for ``/healthz``;
4. runs ``loadtest/locustfile.py`` headless: ``LOADTEST_USERS`` users spawned at
   ``LOADTEST_SPAWN_RATE`` per second for ``LOADTEST_RUN_TIME``, ``LOADTEST_WAIT``
   seconds of mean think time;
5. prints p50/p95/max per page and overall, requests per second and the errors, and
   the CPU time each request cost gunicorn, PostgreSQL and Locust after the sign-in,
   stops gunicorn, and exits non-zero on any error.

Run from the repository with the project's virtualenv (the Makefile does). It
sends requests only to 127.0.0.1 and stops by itself: the run is bounded by
``LOADTEST_RUN_TIME`` and every step has a timeout.
"""

from __future__ import annotations

import csv
import json
import os
import resource
import secrets
import signal
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit, urlunsplit

if TYPE_CHECKING:
    import psycopg

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "var" / "loadtest"
PIDFILE = OUT / "gunicorn.pid"
PYTHON = sys.executable


def setting(name: str, default: str) -> str:
    return os.environ.get(name) or default


DATABASE_URL = setting("LOADTEST_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/polku_load")
CLIENTS = int(setting("LOADTEST_CLIENTS", "10000"))
USERS = int(setting("LOADTEST_USERS", "20"))
SPAWN_RATE = setting("LOADTEST_SPAWN_RATE", "5")
RUN_TIME = setting("LOADTEST_RUN_TIME", "60s")
WAIT = setting("LOADTEST_WAIT", "1")
PORT = int(setting("LOADTEST_PORT", "8123"))
GUNICORN_WORKERS = setting("LOADTEST_GUNICORN_WORKERS", "2")
HOST = f"http://127.0.0.1:{PORT}"


def say(text: str) -> None:
    print(f"loadtest: {text}", flush=True)


def run(args: list[str], env: dict[str, str], *, timeout: float) -> None:
    say(" ".join(args[1:] if args[0] == PYTHON else args))
    subprocess.run(args, env=env, cwd=ROOT, check=True, timeout=timeout)


def base_env() -> dict[str, str]:
    """The caller's environment with the load test's database; nothing from Polku's .env wins
    over what is set here (settings.py never lets .env override the real environment)."""
    env = dict(os.environ)
    env["DATABASE_URL"] = DATABASE_URL
    return env


def seeding_env() -> dict[str, str]:
    # seed_demo lives in the dev tools, which exist only with DEVTOOLS (default: DEBUG).
    return {**base_env(), "DEBUG": "true", "DEVTOOLS": "true"}


def production_env() -> dict[str, str]:
    """README's production settings, on plain HTTP over the loopback."""
    env = base_env()
    env.update(
        DEBUG="false",
        DEVTOOLS="false",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1",
        # Plain HTTP on 127.0.0.1: no redirect to HTTPS and cookies without the Secure flag,
        # or the simulated browsers could not sign in. Everything else as in production.
        SECURE_SSL_REDIRECT="false",
        SECURE_COOKIES="false",
        SECURE_HSTS_SECONDS="0",
        # The demo users have no second factor: the load test measures the pages, not the
        # sign-in. Production leaves this setting at its default (required).
        SECOND_FACTOR_REQUIRED="false",
        # A wrong LOADTEST_PASSWORD already fails the run; it must not also lock the demo
        # accounts out of the next runs for LOGIN_COOLOFF_MINUTES (all users share 127.0.0.1).
        LOGIN_FAILURE_LIMIT="1000",
    )
    return env


def _admin_connection() -> psycopg.Connection[Any]:
    """An autocommit connection to the server's ``postgres`` database (CREATE, DROP, VACUUM
    cannot run in a transaction)."""
    import psycopg  # Polku's own driver, in the virtualenv (imported when needed)

    admin_url = urlunsplit(urlsplit(DATABASE_URL)._replace(path="/postgres"))
    return psycopg.connect(admin_url, autocommit=True, connect_timeout=10)


def _database_url(name: str) -> str:
    return urlunsplit(urlsplit(DATABASE_URL)._replace(path=f"/{name}"))


def database_prepare() -> None:
    """Give the run a fresh copy of the seeded demo data.

    Every run writes (journal entries, assessments, plan versions, access-log rows) to
    the same few cases of the users' first caseload page: run after run on one
    database, those pages grow and the figures drift upwards. So the demo data is
    migrated and topped up in ``<name>_seed`` (idempotent, kept between runs), vacuumed,
    and each run gets ``<name>`` copied from it (``CREATE DATABASE … TEMPLATE``: a file
    copy, a second or two at 10 000 clients).
    """
    name = urlsplit(DATABASE_URL).path.lstrip("/")
    seed = f"{name}_seed"  # names from our own setting, quoted below
    with _admin_connection() as connection:
        if not connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [seed]
        ).fetchone():
            say(f"creating database {seed}")
            connection.execute(f'CREATE DATABASE "{seed}"')
    env = {**seeding_env(), "DATABASE_URL": _database_url(seed)}
    run([PYTHON, "manage.py", "migrate", "--noinput", "--verbosity", "0"], env, timeout=900)
    run([PYTHON, "manage.py", "seed_demo", "--force", "--clients", str(CLIENTS)], env, timeout=1800)
    import psycopg  # at run time (the one above is for the type checker)

    # Fresh statistics and all-visible pages, as a database a while in service has them.
    with psycopg.connect(_database_url(seed), autocommit=True, connect_timeout=10) as connection:
        connection.execute("VACUUM (ANALYZE)")
    say(f"copying {seed} to {name}")
    with _admin_connection() as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}" TEMPLATE "{seed}"')


def static_ensure() -> None:
    """Collect the static files (the manifest DEBUG=false needs) unless they are up to date."""
    manifest = ROOT / "staticfiles" / "staticfiles.json"
    sources = [p for p in (ROOT / "static").rglob("*") if p.is_file()]
    newest = max((p.stat().st_mtime for p in sources), default=0.0)
    if manifest.exists() and manifest.stat().st_mtime >= newest:
        return
    run(
        [PYTHON, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"],
        production_env(),
        timeout=600,
    )


def gunicorn_start(log: Path) -> subprocess.Popen[bytes]:
    args = [
        str(Path(PYTHON).parent / "gunicorn"),
        "config.wsgi",
        "--bind",
        f"127.0.0.1:{PORT}",
        "--workers",
        GUNICORN_WORKERS,
        "--timeout",
        "60",
    ]
    say(" ".join(args[1:]) + f" (log: {log.relative_to(ROOT)})")
    with log.open("wb") as out:
        # Its own process group, so that stopping it stops its workers too.
        process = subprocess.Popen(
            args, cwd=ROOT, env=production_env(), stdout=out, stderr=out, start_new_session=True
        )
    # For a caller's cleanup (.ci/run's trap) should this script itself be killed.
    PIDFILE.write_text(f"{process.pid}\n")
    return process


def gunicorn_stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)
    PIDFILE.unlink(missing_ok=True)


def healthz_wait(process: subprocess.Popen[bytes], *, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {process.returncode}")
        try:
            with urllib.request.urlopen(f"{HOST}/healthz", timeout=5) as response:  # noqa: S310
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.5)
    raise RuntimeError(f"{HOST}/healthz did not answer 200 in {timeout:.0f} s")


def seconds(run_time: str) -> float:
    units = {"s": 1, "m": 60, "h": 3600}
    total, number = 0.0, ""
    for char in run_time:
        if char.isdigit() or char == ".":
            number += char
        else:
            total += float(number) * units[char]
            number = ""
    return total + (float(number) if number else 0.0)


# --- CPU time ------------------------------------------------------------------------
# Where a request's time goes on the machine: gunicorn's Python, PostgreSQL, or Locust
# itself, which shares the cores. At 100 ms of CPU a request, two cores serve at most
# 20 requests a second, whatever the pages' latencies say.

TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


@dataclass(frozen=True)
class Process:
    """One line of ``/proc/<pid>/stat``: who the process is and the CPU it has used."""

    pid: int
    name: str
    parent: int
    group: int
    cpu: float  # its own user and system time, seconds
    children_cpu: float  # that of its children it has waited for


def process_parse(text: str) -> Process:
    """Read a ``/proc/<pid>/stat`` line (the name in parentheses may hold anything)."""
    head, _, rest = text.rpartition(")")
    pid, _, name = head.partition(" (")
    # After the name: state, ppid, pgrp, … utime (14th field), stime, cutime, cstime.
    fields = rest.split()
    return Process(
        pid=int(pid),
        name=name,
        parent=int(fields[1]),
        group=int(fields[2]),
        cpu=(int(fields[11]) + int(fields[12])) / TICKS,
        children_cpu=(int(fields[13]) + int(fields[14])) / TICKS,
    )


def processes(proc: Path = Path("/proc")) -> list[Process]:
    """Every process of the machine; none where there is no ``/proc`` (not Linux)."""
    found = []
    for stat in proc.glob("[0-9]*/stat"):
        try:
            found.append(process_parse(stat.read_text()))
        except (OSError, ValueError, IndexError):  # it ended meanwhile
            continue
    return found


def machine_busy(proc: Path = Path("/proc")) -> float:
    """The machine's CPU seconds, all cores, spent on anything but idling and waiting."""
    try:
        first = (proc / "stat").read_text().splitlines()[0].split()
    except (OSError, IndexError):
        return 0.0
    # cpu user nice system idle iowait irq softirq steal …: guest time is within user.
    ticks = [int(x) for x in first[1:9]]
    return (sum(ticks) - ticks[3] - ticks[4]) / TICKS


def cpu_seconds(
    gunicorn_group: int, locust_pid: int, proc: Path = Path("/proc")
) -> dict[str, float]:
    """CPU seconds used so far by gunicorn (its process group), PostgreSQL, Locust and
    the whole machine.

    PostgreSQL's are those of every ``postgres`` process, and what its postmaster
    got back from the connections that ended: on a machine that runs nothing else,
    the load test's.
    """
    found = processes(proc)
    names = {p.pid: p.name for p in found}
    postgres = [p for p in found if p.name.startswith("postgres")]
    return {
        "gunicorn": sum(p.cpu + p.children_cpu for p in found if p.group == gunicorn_group),
        "PostgreSQL": sum(p.cpu for p in postgres)
        + sum(
            p.children_cpu for p in postgres if not names.get(p.parent, "").startswith("postgres")
        ),
        "Locust": sum(p.cpu for p in found if p.pid == locust_pid),
        "machine": machine_busy(proc),
    }


@dataclass(frozen=True)
class CpuWindow:
    """The CPU seconds each part used between the sign-in's end and Locust's."""

    used: dict[str, float]
    seconds: float

    def per_request(self, requests: int) -> str:
        """One line: the milliseconds of CPU each request cost each part."""
        parts = {k: v for k, v in self.used.items() if k != "machine"}
        rest = self.used["machine"] - sum(parts.values())
        cores = os.cpu_count() or 1
        busy = 100 * self.used["machine"] / (self.seconds * cores) if self.seconds else 0.0
        shares = [f"{name} {1000 * used / requests:.0f} ms" for name, used in parts.items()]
        shares.append(f"the rest of the machine {1000 * max(rest, 0.0) / requests:.0f} ms")
        return (
            f"CPU per request after sign-in: {', '.join(shares)} "
            f"(the machine's {cores} cores {busy:.0f} % busy)"
        )


def locust_run(prefix: Path, gunicorn_group: int) -> tuple[int, CpuWindow | None]:
    args = [
        PYTHON,
        "-m",
        "locust",
        "-f",
        str(ROOT / "loadtest" / "locustfile.py"),
        "--headless",
        "--host",
        HOST,
        "--users",
        str(USERS),
        "--spawn-rate",
        SPAWN_RATE,
        "--run-time",
        RUN_TIME,
        "--stop-timeout",
        "10",
        "--csv",
        str(prefix),
        "--only-summary",
    ]
    say(f"locust: {USERS} users, spawn {SPAWN_RATE}/s, {RUN_TIME}, mean think time {WAIT} s")
    signed_in = OUT / "signed-in"
    signed_in.unlink(missing_ok=True)
    env = {
        **os.environ,
        "LOADTEST_WAIT": WAIT,
        "LOADTEST_FAILURES_FILE": f"{prefix}_all_failures.json",
        "LOADTEST_OUT": str(OUT),
        "LOADTEST_SIGNED_IN_FILE": str(signed_in),
    }
    log = OUT / "locust.log"
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.monotonic()
    deadline = started + seconds(RUN_TIME) + 180
    start: tuple[dict[str, float], float] | None = None
    with log.open("wb") as out:
        process = subprocess.Popen(args, cwd=ROOT, env=env, stdout=out, stderr=out)
        try:
            while process.poll() is None:
                if start is None and signed_in.exists():
                    start = cpu_seconds(gunicorn_group, process.pid), time.monotonic()
                if time.monotonic() > deadline:
                    raise subprocess.TimeoutExpired(args, seconds(RUN_TIME) + 180)
                time.sleep(0.1)
            # Locust has exited: its own CPU is now its parent's (ours) to read.
            end = cpu_seconds(gunicorn_group, process.pid), time.monotonic()
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    # Locust shares the machine with gunicorn and PostgreSQL: say how much of it it took.
    say(f"locust itself used {cpu:.0f} s of CPU in {time.monotonic() - started:.0f} s")
    if process.returncode not in (0, 1):
        print(log.read_text(errors="replace")[-4000:], file=sys.stderr)
    window = None
    if start is not None:
        # Its /proc entry went when it was waited for: Locust's CPU at the end is that.
        end[0]["Locust"] = cpu
        used = {name: end[0][name] - start[0][name] for name in start[0]}
        window = CpuWindow(used=used, seconds=end[1] - start[1])
    return process.returncode, window


def warm_up() -> None:
    """Let each gunicorn worker load the URLs, templates and catalogues before the clock runs."""
    for _ in range(int(GUNICORN_WORKERS) * 5):
        with urllib.request.urlopen(f"{HOST}/accounts/login/", timeout=30) as response:  # noqa: S310
            response.read()


def report(prefix: Path, window: CpuWindow | None = None) -> int:
    """Print the figures from Locust's CSV (and the CPU per request, when measured);
    return the number of errors."""
    with open(f"{prefix}_stats.csv", newline="") as stats_file:
        rows = list(csv.DictReader(stats_file))
    pages = sorted(
        (r for r in rows if r["Name"] != "Aggregated"),
        key=lambda r: -float(r["95%"] if r["95%"] != "N/A" else 0),
    )
    total = next(r for r in rows if r["Name"] == "Aggregated")
    line = "{:<42} {:>7} {:>6} {:>7} {:>7} {:>7} {:>7}"
    print()
    print(
        line.format(
            "request (slowest p95 first)", "count", "errors", "p50 ms", "p95 ms", "max ms", "req/s"
        )
    )
    for row in [*pages, total]:
        print(
            line.format(
                f"{row['Type']} {row['Name']}"[:42],
                row["Request Count"],
                row["Failure Count"],
                row["50%"],
                row["95%"],
                f"{float(row['Max Response Time']):.0f}",
                f"{float(row['Requests/s']):.1f}",
            )
        )
    # Every failure of the run, the sign-in and ramp-up before the figures' reset included.
    failures_file = Path(f"{prefix}_all_failures.json")
    failures = json.loads(failures_file.read_text()) if failures_file.exists() else []
    errors: int = max(int(total["Failure Count"]), sum(int(f["count"]) for f in failures))
    for failure in failures:
        print(f"  ERROR x{failure['count']}: {failure['method']} {failure['name']}: ", end="")
        print(failure["error"])
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    print(
        f"\nloadtest: {total['Request Count']} requests after sign-in, "
        f"{float(total['Requests/s']):.1f} req/s, "
        f"p50 {total['50%']} ms, p95 {total['95%']} ms, "
        f"max {float(total['Max Response Time']):.0f} ms, {errors} errors "
        f"({USERS} users, think {WAIT} s, {RUN_TIME}, {GUNICORN_WORKERS} gunicorn workers, "
        f"{CLIENTS} clients; load average {load})"
    )
    if int(total["Request Count"]) == 0:
        say("no request was made")
        return 1
    if window is not None:
        say(window.per_request(int(total["Request Count"])))
    return errors


def stop_on_signal(signum: int, _frame: object) -> None:
    raise SystemExit(128 + signum)


def main() -> int:
    signal.signal(signal.SIGTERM, stop_on_signal)
    OUT.mkdir(parents=True, exist_ok=True)
    database_prepare()
    static_ensure()
    gunicorn = gunicorn_start(OUT / "gunicorn.log")
    try:
        healthz_wait(gunicorn)
        warm_up()
        prefix = OUT / "locust"
        for stale in [*OUT.glob("locust_*"), *OUT.glob("refused-*.html")]:
            stale.unlink()
        code, window = locust_run(prefix, gunicorn.pid)
        errors = report(prefix, window)
    except Exception:
        tail = (OUT / "gunicorn.log").read_text(errors="replace").splitlines()[-40:]
        print("\n".join(["--- gunicorn.log (last lines) ---", *tail]), file=sys.stderr)
        raise
    finally:
        gunicorn_stop(gunicorn)
    if errors or code:
        say(f"FAILED: {errors} errors (locust exit code {code})")
        return 1
    say("passed: no errors")
    return 0


if __name__ == "__main__":
    sys.exit(main())
