"""The calendar: scheduled and planned stories by day in the newsroom's time zone, and moving one to another day
as a normal, permission-checked edit."""

import datetime as dt
import zoneinfo

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db
CALENDAR = reverse("admin:articles_article_calendar")


def move_url(story):
    return reverse("admin:articles_article_calendar_move", args=[story.pk])


def days_with(response, headline):
    return [d.date for week in response.context["weeks"] for d in week if any(e.article.headline == headline for e in d.entries)]


def test_a_story_falls_on_its_day_in_the_newsrooms_time_zone(settings, desk_editor_client):
    settings.TIME_ZONE = "Asia/Ho_Chi_Minh"  # UTC+7: 20:00 UTC on the 14th is 03:00 on the 15th in Hanoi
    when = dt.datetime(2036, 3, 14, 20, 0, tzinfo=dt.UTC)
    ArticleFactory(headline="Dawn in Hanoi", publish_at=when)
    ArticleFactory(headline="Planned piece", status=Article.Status.DRAFT, planned_for=dt.date(2036, 3, 20))
    response = desk_editor_client.get(CALENDAR, {"day": "2036-03-01"})
    assert days_with(response, "Dawn in Hanoi") == [dt.date(2036, 3, 15)]
    assert days_with(response, "Planned piece") == [dt.date(2036, 3, 20)]
    html = response.content.decode()
    assert "03:00 scheduled" in html and "Planned" in html and "Asia/Ho_Chi_Minh" in html


def test_week_view_shows_seven_days_from_monday(desk_editor_client):
    response = desk_editor_client.get(CALENDAR, {"view": "week", "day": "2036-03-19"})
    [week] = response.context["weeks"]
    assert [d.date for d in week] == [dt.date(2036, 3, 17) + dt.timedelta(days=i) for i in range(7)]


@pytest.mark.parametrize("day", ["not-a-date", "2036-02-30", "99999-01-01", "0001-01-01", "\x00"])
def test_bad_dates_show_today_with_a_message(desk_editor_client, day):
    response = desk_editor_client.get(CALENDAR, {"day": day, "view": "fortnight"})
    assert response.status_code == 200
    assert response.context["view"] == "month"
    assert "That is not a date the calendar can show" in response.content.decode()


def test_moving_a_scheduled_story_keeps_its_time_and_is_recorded(desk_editor_client):
    when = timezone.now().replace(microsecond=0) + dt.timedelta(days=3)
    story = ArticleFactory(publish_at=when)
    target = (timezone.localtime(when) + dt.timedelta(days=2)).date()
    response = desk_editor_client.post(move_url(story), {"day": target.isoformat(), "view": "week"})
    assert response.status_code == 302 and "view=week" in response["Location"]
    story.refresh_from_db()
    assert timezone.localtime(story.publish_at).date() == target
    assert timezone.localtime(story.publish_at).time() == timezone.localtime(when).time()
    assert story.revisions.filter(note__startswith="Moved to").exists()


def test_a_writer_moves_a_planned_draft_but_not_a_scheduled_story(writer_client, writer):
    draft = ArticleFactory(status=Article.Status.DRAFT, created_by=writer, planned_for=dt.date(2036, 5, 1))
    writer_client.post(move_url(draft), {"day": "2036-05-04"})
    draft.refresh_from_db()
    assert draft.planned_for == dt.date(2036, 5, 4)
    scheduled = ArticleFactory(created_by=writer, publish_at=timezone.now() + dt.timedelta(days=2))
    response = writer_client.post(move_url(scheduled), {"day": "2036-05-04"})
    assert response.status_code == 403  # only editors reschedule
    before = scheduled.publish_at
    scheduled.refresh_from_db()
    assert scheduled.publish_at == before


def test_a_writer_cannot_move_another_writers_story(writer_client, other_writer):
    theirs = ArticleFactory(status=Article.Status.DRAFT, created_by=other_writer, planned_for=dt.date(2036, 5, 1))
    assert writer_client.post(move_url(theirs), {"day": "2036-05-04"}).status_code == 404
    theirs.refresh_from_db()
    assert theirs.planned_for == dt.date(2036, 5, 1)


def test_moving_into_the_past_or_a_live_story_is_refused_with_a_message(desk_editor_client):
    scheduled = ArticleFactory(publish_at=timezone.now() + dt.timedelta(days=1))
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    response = desk_editor_client.post(move_url(scheduled), {"day": yesterday.isoformat()}, follow=True)
    assert "has passed" in response.content.decode()
    live = ArticleFactory()
    response = desk_editor_client.post(move_url(live), {"day": "2036-01-01"}, follow=True)
    assert "already public" in response.content.decode()
    assert desk_editor_client.post(move_url(live), {"day": "garbage"}, follow=True).status_code == 200


def test_moving_needs_a_post(desk_editor_client):
    story = ArticleFactory(status=Article.Status.DRAFT)
    assert desk_editor_client.get(move_url(story)).status_code == 405
    assert desk_editor_client.post(reverse("admin:articles_article_calendar_move", args=["abc"]), {"day": "2036-01-01"}).status_code == 404


@pytest.mark.parametrize("stories", [2, 20])
def test_the_calendar_reads_a_fixed_number_of_queries(desk_editor_client, stories, django_assert_max_num_queries):
    start = timezone.make_aware(dt.datetime(2036, 3, 2, 9), zoneinfo.ZoneInfo("UTC"))
    for i in range(stories):
        ArticleFactory(publish_at=start + dt.timedelta(days=i % 25))
        ArticleFactory(status=Article.Status.DRAFT, planned_for=dt.date(2036, 3, 1 + i % 25))
    with django_assert_max_num_queries(10):
        assert desk_editor_client.get(CALENDAR, {"day": "2036-03-01"}).status_code == 200
