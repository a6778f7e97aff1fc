"""gunicorn's settings for Polku: read by ``gunicorn config.wsgi`` started in this folder.

gunicorn reads ``./gunicorn.conf.py`` of the folder it starts in, so README's
production command and ``make loadtest`` both run with it; the command line
still sets the address and the number of workers.
"""

import gc
from typing import Any


def post_worker_init(worker: Any) -> None:
    """Get each worker ready before it takes its first request.

    Django imports the URLconf, and with it every view, form and the PDF
    engine, on the first request a worker serves: that user would wait for it.
    Then the objects made so far, which live as long as the worker, are moved
    out of the garbage collector's sight (``gc.freeze``): its full collections,
    which otherwise walk all of them again in the middle of a request, only look
    at what requests make.
    """
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018  (the property imports the URLconf)
    gc.collect()
    gc.freeze()
