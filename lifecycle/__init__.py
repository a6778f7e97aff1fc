"""The end of a client's data: the client's own report, retention, legal hold and erasure.

The last app of the chain (core ← cases ← services ← checkpoints ← plans ←
dashboard ← lifecycle), because what it does reaches every app: the client's
data report (GDPR art. 15) gathers everything Polku holds on a client, and
destruction removes every row about them, whichever app keeps it.
"""
