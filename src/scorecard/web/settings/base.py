"""Core Django settings: apps, time zone, keys."""

from scorecard.web.settings import environment

SECRET_KEY = environment.secret_key()
DEBUG = environment.debug()
ALLOWED_HOSTS: list[str] = ["127.0.0.1", "localhost"]

INSTALLED_APPS = [
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "scorecard.web.catalogue",
    "scorecard.web.figures",
    "scorecard.web.computations",
]

USE_TZ = True
TIME_ZONE = "Europe/London"
LANGUAGE_CODE = "en-gb"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
