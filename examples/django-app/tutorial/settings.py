"""Settings for the sessionlint example: Django's defaults, as `startproject` leaves them.

Nothing here hardens or weakens cookies on purpose: the point of the example is to show what a
stock Django app really sends (sessionid HttpOnly + SameSite=Lax but not Secure over plain
HTTP, csrftoken not Secure, and whatever the views set by hand)."""
import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent

SECRET_KEY = "example-only-not-secret-0123456789abcdefghijklmnopqrstuvwxyz"
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
]

ROOT_URLCONF = "tutorial.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": False,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
            ],
        },
    },
]

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": os.environ.get("EXAMPLE_DB", str(BASE_DIR / "db.sqlite3")),
    }
}

LOGIN_REDIRECT_URL = "/session/get/"
LOGOUT_REDIRECT_URL = "/cookie/get/"
USE_TZ = True

# For the baseline example (examples/README.md): re-recording with
# EXAMPLE_FLAW=session-cookie-readable adds exactly one flaw, a session cookie without HttpOnly.
if os.environ.get("EXAMPLE_FLAW") == "session-cookie-readable":
    SESSION_COOKIE_HTTPONLY = False
