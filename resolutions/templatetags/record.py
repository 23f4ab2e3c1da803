"""Phrases of the record for its pages: dates that are only as precise as the sources."""

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from newsroom.templatetags.newsroom import day_tag

register = template.Library()


@register.filter
def tenure_dates(tenure):
    """A tenure's dates in words; a blank date is unknown, so it is never guessed."""
    start, end = tenure.started_on, tenure.ended_on
    if start and end:
        return format_html("from {} to {}", day_tag(start), day_tag(end))
    if start:
        return format_html("from {}", day_tag(start))
    if end:
        return format_html("until {} (start not recorded)", day_tag(end))
    return mark_safe('<span class="not-recorded">dates not recorded</span>')
