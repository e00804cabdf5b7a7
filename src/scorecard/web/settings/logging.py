"""Logging: a page that fails (a 500) is written to standard error with its traceback, for the
people running the service (gunicorn passes standard error to the service's log). Django's own
default writes it nowhere when debug is off (with debug on, its console already does). Requests
refused as the person's mistake (4xx) are not written. Messages name addresses and exceptions,
never record contents (docs/deployment.md)."""

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "debug_off": {"()": "django.utils.log.RequireDebugFalse"},
    },
    "formatters": {
        "plain": {"format": "{asctime} {levelname} {name}: {message}", "style": "{"},
    },
    "handlers": {
        "stderr": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "level": "ERROR",
            "filters": ["debug_off"],
        },
    },
    "loggers": {
        "django.request": {"handlers": ["stderr"]},
    },
}
