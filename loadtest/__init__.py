"""``make loadtest``: Locust against Polku under gunicorn (README, "Load test")."""
