"""`{{ text|code_spans }}`: text with `names` between backticks shown as code, the rest
escaped."""

from __future__ import annotations

import re

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

BACKTICKED = re.compile(r"`([^`]+)`")


@register.filter
def code_spans(text: str) -> SafeString:
    return mark_safe(BACKTICKED.sub(r"<code>\1</code>", escape(text)))  # escaped first
