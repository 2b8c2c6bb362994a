"""The project's settings with the slow filing mail backend (tests/production/slow_mail.py)."""

from config.settings import *  # noqa: F403

EMAIL_BACKEND = "tests.production.slow_mail.SlowFileBackend"
