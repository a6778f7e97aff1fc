"""Readiness checkpoints (tarkistuspisteet): mental state, literacy and language.

Imports :mod:`core`, :mod:`cases` and :mod:`services`. Dated, append-only
assessments (:mod:`checkpoints.models`) say how far a client has come;
:mod:`checkpoints.readiness` evaluates a service's or measure's readiness rules
against them, and so gates the measures that plans may start.
"""
