"""`{{ moment|when }}`: when something in a history happened, in UK time (the site's time zone)
with its zone, "27 Oct 2024 01:30 BST" and, an hour later, "27 Oct 2024 01:30 GMT": a time in a
history is never ambiguous, not even in the hour the clocks go back. (Django's own "T" format
gives no zone at all in that hour.)"""

from __future__ import annotations

import datetime as dt

from django import template
from django.utils import dateformat, timezone

register = template.Library()


@register.filter
def when(moment: dt.datetime | None) -> str:
    if moment is None:
        return ""
    local = timezone.localtime(moment)
    return f"{dateformat.format(local, 'j M Y H:i')} {local.tzname()}"
