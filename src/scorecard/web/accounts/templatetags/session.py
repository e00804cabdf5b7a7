"""`{% session_timeout_warning %}`: the warning, on every page of someone signed in, that their
session is about to end (WCAG 2.2.1 Timing Adjustable; docs/design.md). static/dashboard/timeout.js
opens it two minutes before the session would end (asking the server first how long is left) and
keeps the session on request."""

from __future__ import annotations

from django import template
from django.conf import settings
from django.urls import reverse

register = template.Library()


def in_words(seconds: int) -> str:
    """ "2 hours", "90 minutes", "1 minute": how long a session lasts without a request."""
    if seconds >= 3600 and seconds % 3600 == 0:
        hours = seconds // 3600
        return f"{hours} hour{'s' if hours != 1 else ''}"
    minutes = max(1, round(seconds / 60))
    return f"{minutes} minute{'s' if minutes != 1 else ''}"


@register.inclusion_tag("accounts/_session_timeout.html")
def session_timeout_warning() -> dict[str, object]:
    seconds = int(settings.SESSION_COOKIE_AGE)
    return {
        "seconds": seconds,
        "length": in_words(seconds),
        "keep_url": reverse("accounts:stay-signed-in"),
        "check_url": reverse("accounts:session-time-left"),
        "sign_in_url": reverse("accounts:sign-in"),
    }
