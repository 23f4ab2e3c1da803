"""Small helpers for the readers' pages: absolute URLs and JSON-LD that cannot break out of its script tag."""

import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone
from django.utils.safestring import mark_safe

register = template.Library()

# The characters that could end a <script> element or start an HTML comment, escaped as JSON allows.
JSON_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


@register.simple_tag(takes_context=True)
def absolute_uri(context, location=None):
    """`request.build_absolute_uri(location)`; the current path (without query string) when omitted."""
    request = context["request"]
    return request.build_absolute_uri(location if location is not None else request.path)


@register.filter
def json_ld(data):
    """Serialise `data` for `<script type="application/ld+json">`: a headline containing `</script>` stays data."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, separators=(",", ":"))
    return mark_safe(text.translate(JSON_SCRIPT_ESCAPES))


@register.filter
def iso(value):
    """ISO 8601 to the second, as `<time datetime>` and OpenGraph want it (HTML allows at most milliseconds)."""
    if not value:
        return ""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return value.replace(microsecond=0).isoformat()
