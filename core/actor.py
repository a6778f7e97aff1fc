"""Who is acting: the signed-in user of the request being served, for records written deep down.

Signal receivers that log a change (an administrator adding a user to a
group, say) cannot see the request. :class:`ActorMiddleware` puts the
request's user here for the length of the request; :func:`acting_as` does the
same for code run outside a request (a management command, a test).
"""

import contextlib
import contextvars
from collections.abc import Callable, Iterator
from typing import Any

from django.http import HttpRequest, HttpResponse

_actor: contextvars.ContextVar[Any | None] = contextvars.ContextVar("polku_actor", default=None)


def current_actor() -> Any | None:
    """The user acting now, or ``None`` outside a signed-in request (shell, migrations)."""
    return _actor.get()


@contextlib.contextmanager
def acting_as(user: Any | None) -> Iterator[None]:
    """Treat ``user`` as the one acting inside the block."""
    token = _actor.set(user)
    try:
        yield
    finally:
        _actor.reset(token)


class ActorMiddleware:
    """Make the signed-in user the current actor while their request is served."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return self.get_response(request)
        with acting_as(user):
            return self.get_response(request)
