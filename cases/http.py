"""The request type of Polku's pages: signed in, with Polku's own user model."""

from django.http import HttpRequest

from cases.models import User


class AuthenticatedRequest(HttpRequest):
    """A request past ``LoginRequiredMiddleware``: ``user`` is a signed-in :class:`User`.

    For the type checker only; Django still builds plain ``HttpRequest``
    objects. Every page but the login page and ``/healthz`` requires login
    (``config.settings.MIDDLEWARE``), so views annotate their request with it.
    """

    user: User
