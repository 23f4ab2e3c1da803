"""The desk calendar: scheduled, published and planned stories by day, in the newsroom's time zone."""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone

from articles.models import Article, ArticleQuerySet
from articles.permissions import can_change_article, can_publish

VIEWS = ("month", "week")


@dataclass
class Day:
    date: dt.date
    in_month: bool = True
    entries: list = field(default_factory=list)


@dataclass
class Entry:
    article: Article
    kind: str  # "scheduled", "published" or "planned"
    time: dt.datetime | None = None
    movable: bool = False


def parse_day(value):
    """A date from the query string, or None for anything that is not one."""
    try:
        return dt.date.fromisoformat((value or "").strip()[:10])
    except ValueError:
        return None


def span(view, day):
    """The first and last day shown: whole weeks, Monday first."""
    if view == "week":
        start = day - dt.timedelta(days=day.weekday())
        return start, start + dt.timedelta(days=6)
    first = day.replace(day=1)
    next_month = (first + dt.timedelta(days=32)).replace(day=1)
    start = first - dt.timedelta(days=first.weekday())
    last = next_month - dt.timedelta(days=1)
    return start, last + dt.timedelta(days=6 - last.weekday())


def _local_midnight(day):
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def stories_between(user, start, end):
    """Stories published or scheduled in these days, and unpublished ones planned for them (two queries)."""
    stories = Article.objects.active().select_related("created_by", "assignee").defer("body", "body_html")
    if not can_publish(user):
        stories = stories.worked_on_by(user)
    live, _ = ArticleQuerySet.visibility()
    timed = stories.filter(live, publish_at__gte=_local_midnight(start), publish_at__lt=_local_midnight(end + dt.timedelta(days=1)))
    planned = stories.exclude(live).filter(planned_for__gte=start, planned_for__lte=end)
    return list(timed.order_by("publish_at")), list(planned.exclude(Q(planned_for=None)).order_by("planned_for", "id"))


def calendar_weeks(user, view, day):
    """Weeks of `Day`s, each with its entries; `movable` says whether this user may move an entry."""
    start, end = span(view, day)
    days = {}
    for offset in range((end - start).days + 1):
        date = start + dt.timedelta(days=offset)
        days[date] = Day(date=date, in_month=view == "week" or date.month == day.month)
    timed, planned = stories_between(user, start, end)
    for story in timed:
        local = timezone.localtime(story.publish_at)
        kind = "scheduled" if story.is_scheduled else "published"
        movable = kind == "scheduled" and can_change_article(user, story)
        days[local.date()].entries.append(Entry(story, kind, local, movable))
    for story in planned:
        days[story.planned_for].entries.append(Entry(story, "planned", None, can_change_article(user, story)))
    ordered = list(days.values())
    return [ordered[i : i + 7] for i in range(0, len(ordered), 7)]


def neighbours(view, day):
    """The days the previous and next buttons lead to."""
    if view == "week":
        return day - dt.timedelta(days=7), day + dt.timedelta(days=7)
    first = day.replace(day=1)
    return (first - dt.timedelta(days=1)).replace(day=1), (first + dt.timedelta(days=32)).replace(day=1)
