"""Views of the cases app, split by area.

Every view that shows a client or a case gets it through
``Case.objects.visible_to(request.user)`` (see :mod:`cases.views.common`), so an
outsider gets 404, and writes the access log for what it shows.
"""
