"""Panels that later apps add to the case page.

The case page belongs to ``cases``, which imports none of the apps after it
(services, checkpoints, plans, dashboard). Those apps register a panel here in
their ``AppConfig.ready()``; the case page renders every registered panel in order,
each from its own template with the context its function returns. The panel
function receives a case the user may already read (it came through
``Case.objects.visible_to``), so it needs no access check of its own.
"""

from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any, TypeVar

from django.db import models
from django.http import HttpRequest

# Receives the request and the page's record (for the case page, the case).
# Any for the request: each app passes its own (cases.http.AuthenticatedRequest).
PanelContext = Callable[[Any, Any], dict[str, Any]]

T = TypeVar("T")


@dataclass(frozen=True)
class CasePanel:
    """One section of the case page, contributed by another app."""

    key: str
    template: str
    context: PanelContext
    order: int = 100
    # Shown at the top of the page, before the client's details (the next steps).
    leads: bool = False


_PANELS: dict[str, CasePanel] = {}


def case_panel_register(panel: CasePanel) -> None:
    """Add ``panel`` to the case page (registering a key again replaces it)."""
    _PANELS[panel.key] = panel


def case_panels_render_data(
    request: HttpRequest, case: models.Model, *, leads: bool = False
) -> list[tuple[str, dict[str, Any]]]:
    """(template, context) for every registered panel, in order.

    ``leads`` picks the panels that lead the page instead of those that follow it.
    """
    panels = sorted(
        (panel for panel in _PANELS.values() if panel.leads == leads),
        key=lambda panel: (panel.order, panel.key),
    )
    return [(panel.template, {**panel.context(request, case), "case": case}) for panel in panels]


def panel_shared(request: HttpRequest, key: Hashable, read: Callable[[], T]) -> T:
    """What several panels of one page read: ``read()`` once per request, then reused.

    Panels only read, so the rows the first panel read are those the next one
    would read; ``key`` names the read and its arguments (the case, the date).
    """
    shared: dict[Hashable, Any] = request.__dict__.setdefault("_panels_shared", {})
    if key not in shared:
        shared[key] = read()
    result: T = shared[key]
    return result
