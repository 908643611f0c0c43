"""Settings for the test suite: development mode, fast password hashing, the outbox for e-mail.

``DATABASE_URL`` chooses the database as in production (CI runs the suite on SQLite and on
PostgreSQL).
"""

import os

os.environ.setdefault("WEGWEISER_DEBUG", "1")
os.environ.setdefault("WEGWEISER_LOG_LEVEL", "warning")

from wegweiser.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# The brute-force protection needs a request at every authentication, which ``client.login``
# does not give; tests of the login switch it on (tests/test_accounts_login.py).
AXES_ENABLED = False

# Playwright's sync API runs an event loop in the test thread; the ORM calls of a test around it
# are still synchronous (pytest-django's live server handles requests in its own thread).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# The API's rate limit is off; tests/test_api_http.py switches it on where it tests it.
WEGWEISER_API_RATE_LIMIT = 0
