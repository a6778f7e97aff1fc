"""Tampered input is a form error or a 400, never a 500.

Every page that takes a case, client, plan or claim identifier, and every
page that takes none, is fetched by its user; hypothesis then posts random and hostile
values into every field of its forms, and sends them as every query
parameter its forms read, and no answer may be a server error. Pages added
later are covered without editing this test.
"""

from html.parser import HTMLParser

import pytest
from django.test import Client as HttpClient
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cases.models import User
from tests.conftest import logged_in
from tests.record_urls import PATTERNS, RECORD_URLS, url_for

# Pages that take no identifier: every one but the admin's, the sign-out and the
# health check (which read no form), found from the resolver like the rest.
PAGES = sorted(
    name
    for name, pattern in PATTERNS.items()
    if name
    and not getattr(pattern.pattern, "converters", {})
    and not name.startswith("admin:")
    and name not in {"logout", "healthz", "login"}
)

# Values known to break careless code: each is sent into every field at once.
KNOWN_HOSTILE = [
    "",
    " ",
    "abc",
    "-1",
    "0",
    "99999999999999999999",
    "1e308",
    "NaN",
    "0001-01-01",
    "9999-12-31",
    "31.02.2026",
    "00000000-0000-0000-0000-000000000000",
    "'; DROP TABLE cases_client; --",
    "<script>alert(1)</script>",
    '=HYPERLINK("http://x")',
    "\u202e\u0645\u0631\u062d\u0628\u0627",
    "x" * 5000,
    "on",
    "true",
]
# The ones sent into every field of every page; the others are drawn at random.
SENT_TO_EVERY_FIELD = ["", "abc", "-1", "99999999999999999999", "0001-01-01", "9999-12-31"]
HOSTILE = st.one_of(st.text(max_size=40), st.sampled_from(KNOWN_HOSTILE))


# The header's language switcher, and what no view reads as data.
IGNORED = (None, "", "csrfmiddlewaretoken", "language", "next")


class FieldNames(HTMLParser):
    """The names of a page's form fields, by the method of their form."""

    def __init__(self) -> None:
        super().__init__()
        self.method = "get"
        self.names: dict[str, set[str]] = {"get": set(), "post": set()}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "form":
            self.method = (found.get("method") or "get").lower()
        elif tag in ("input", "select", "textarea") and found.get("name") not in IGNORED:
            self.names[self.method].add(found["name"] or "")


def field_names(client: HttpClient, url: str) -> dict[str, set[str]]:
    response = client.get(url)
    parser = FieldNames()
    if response.status_code == 200 and "html" in response.get("Content-Type", ""):
        parser.feed(response.content.decode())
    return parser.names


def hostile_requests(
    client: HttpClient, url: str, names: dict[str, set[str]], data: st.DataObject
) -> None:
    post_names = sorted(names["post"]) or ["q"]
    get_names = sorted(names["get"] | {"page", "sort", "format", "start", "end", "kind"})
    posted = {name: data.draw(HOSTILE, label=name) for name in post_names}
    # Some fields take several values (checkboxes, multiple selects).
    extra = data.draw(st.sampled_from(post_names), label="repeated")
    form = {**posted, extra: [posted[extra], data.draw(HOSTILE, label="second")]}
    answer = client.post(url, form)
    assert answer.status_code < 500, (url, "POST", form, answer.status_code)
    query = {name: data.draw(HOSTILE, label=f"?{name}") for name in get_names}
    answer = client.get(url, query)
    assert answer.status_code < 500, (url, "GET", query, answer.status_code)


HYPOTHESIS = settings(
    max_examples=2,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def run_hostile(client: HttpClient, url: str) -> None:
    """Fetch the page once for its fields, then send hostile values into them.

    First each known hostile value into every field at once, then random
    combinations drawn by hypothesis.
    """
    names = field_names(client, url)
    get_names = names["get"] | {"page", "sort", "format", "start", "end", "kind"}
    for value in SENT_TO_EVERY_FIELD:
        answer = client.post(url, dict.fromkeys(names["post"] or {"q"}, value))
        assert answer.status_code < 500, (url, "POST", value[:40], answer.status_code)
        answer = client.get(url, dict.fromkeys(get_names, value))
        assert answer.status_code < 500, (url, "GET", value[:40], answer.status_code)

    @HYPOTHESIS
    @given(data=st.data())
    def send(data: st.DataObject) -> None:
        hostile_requests(client, url, names, data)

    send()


@pytest.mark.parametrize("name", RECORD_URLS)
def test_hostile_values_on_a_record_page_never_give_a_server_error(
    name: str, world: dict[str, object], alice: User
) -> None:
    run_hostile(logged_in(alice), url_for(name, world))


@pytest.mark.parametrize("name", PAGES)
def test_hostile_values_on_a_page_without_an_identifier_never_give_a_server_error(
    name: str, world: dict[str, object], leena: User
) -> None:
    run_hostile(logged_in(leena), reverse(name))
