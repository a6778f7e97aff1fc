"""Every URL requires login except the few that must be public.

The test walks the whole URL resolver, so URLs added later are covered without
editing it.
"""

import uuid
from collections.abc import Iterator

import pytest
from django.conf import settings
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

# URL names (with namespace) that anyone may open.
PUBLIC = {
    "login",
    "healthz",
    "set_language",  # the login page's language switcher
    "admin:login",  # the admin's own login form
}

SAMPLE_ARGUMENTS = {
    "uuid": lambda: uuid.uuid4(),
    "int": lambda: 1,
    "str": lambda: "x",
    "slug": lambda: "x",
    "path": lambda: "x",
}


def walk(resolver: URLResolver, namespace: str = "") -> Iterator[tuple[str, URLPattern]]:
    """Every pattern below ``resolver`` with its namespaced name."""
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from walk(entry, inner)
        else:
            yield f"{namespace}{entry.name}", entry


ALL_PATTERNS = list(walk(get_resolver()))


def test_login_required_middleware_is_installed() -> None:
    assert "django.contrib.auth.middleware.LoginRequiredMiddleware" in settings.MIDDLEWARE


def test_public_names_exist() -> None:
    names = {name for name, _pattern in ALL_PATTERNS}
    assert names >= PUBLIC


@pytest.mark.parametrize(("name", "pattern"), ALL_PATTERNS, ids=[n for n, _p in ALL_PATTERNS])
def test_view_requires_login_unless_public(name: str, pattern: URLPattern) -> None:
    """No view opts out of LoginRequiredMiddleware unless it is meant to be public."""
    needs_login = getattr(pattern.callback, "login_required", True)
    if name in PUBLIC:
        assert not needs_login, f"{name} should be public"
    else:
        assert needs_login, f"{name} is reachable without login"


def reversible(name: str, pattern: URLPattern) -> str | None:
    """A URL for the pattern, with sample arguments, or None for regex patterns."""
    converters = getattr(pattern.pattern, "converters", {})
    if not hasattr(pattern.pattern, "_route") or not pattern.name:
        return None
    kwargs = {}
    for key, converter in converters.items():
        sample = SAMPLE_ARGUMENTS.get(type(converter).__name__.replace("Converter", "").lower())
        if sample is None:
            return None
        kwargs[key] = sample()
    try:
        return reverse(name, kwargs=kwargs)
    except Exception:  # a pattern whose arguments we cannot guess
        return None


REVERSIBLE = [
    (name, url)
    for name, pattern in ALL_PATTERNS
    if name not in PUBLIC and (url := reversible(name, pattern))
]


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "url"), REVERSIBLE, ids=[n for n, _u in REVERSIBLE])
def test_anonymous_request_is_sent_to_login(client: Client, name: str, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 302, name
    location = response["Location"]
    assert location.startswith((reverse("login"), reverse("admin:login"))), location


def test_walk_finds_the_apps_urls() -> None:
    """Guard against a walk that silently finds nothing."""
    names = {name for name, _pattern in ALL_PATTERNS}
    assert {"home", "password_change", "logout", "admin:index"} <= names
    assert len(REVERSIBLE) >= 5
