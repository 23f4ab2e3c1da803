"""The desk on the admin home: editors see the review queue, the schedule, what was published, assignments and
what is overdue; writers see their drafts, their stories in review and what came back to them."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from articles.services.workflow import article_send_back, article_submit_for_review
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def panel(response, key):
    return next(p for p in response.context["desk_panels"] if p.key == key)


def test_editors_see_the_review_queue_oldest_first_with_who_and_when(desk_editor_client, writer, other_writer):
    first = ArticleFactory(status=Article.Status.DRAFT, created_by=writer, headline="Submitted first")
    second = ArticleFactory(status=Article.Status.DRAFT, created_by=other_writer, headline="Submitted second")
    article_submit_for_review(article=first, user=writer)
    article_submit_for_review(article=second, user=other_writer)
    second.transitions.update(at=timezone.now() + dt.timedelta(minutes=5))
    response = desk_editor_client.get(reverse("admin:index"))
    review = panel(response, "review")
    assert [s.headline for s in review.stories] == ["Submitted first", "Submitted second"]
    assert review.count == 2
    html = response.content.decode()
    assert "submitted by wendy" in html and "submitted by walter" in html
    assert 'href="/admin/articles/article/?status__exact=review"' not in html  # "All N" only when more than shown


def test_editors_see_scheduled_published_assigned_and_overdue(desk_editor_client, desk_editor, writer):
    soon = timezone.now() + dt.timedelta(days=1)
    ArticleFactory(headline="Goes out tomorrow", publish_at=soon)
    ArticleFactory(headline="Out already")
    ArticleFactory(status=Article.Status.DRAFT, headline="Mine to finish", assignee=desk_editor, due_on=timezone.localdate() + dt.timedelta(days=3))
    ArticleFactory(status=Article.Status.DRAFT, headline="Late one", assignee=writer, due_on=timezone.localdate() - dt.timedelta(days=2))
    response = desk_editor_client.get(reverse("admin:index"))
    assert [s.headline for s in panel(response, "scheduled").stories] == ["Goes out tomorrow"]
    assert [s.headline for s in panel(response, "published").stories] == ["Out already"]
    assert [s.headline for s in panel(response, "assigned").stories] == ["Mine to finish"]
    assert [s.headline for s in panel(response, "overdue").stories] == ["Late one"]
    html = response.content.decode()
    assert 'class="desk-overdue"' in html and "overdue, due" in html


def test_finished_work_is_neither_assigned_nor_overdue(desk_editor_client, desk_editor):
    """Published stories count as done even once they expire, sit under embargo or are withdrawn."""
    late = {"assignee": desk_editor, "due_on": timezone.localdate() - dt.timedelta(days=2)}
    now = timezone.now()
    ArticleFactory(headline="Expired", expire_at=now - dt.timedelta(hours=1), publish_at=now - dt.timedelta(days=1), **late)
    ArticleFactory(headline="Embargoed", embargo_until=now + dt.timedelta(days=1), **late)
    ArticleFactory(headline="Withdrawn", status=Article.Status.WITHDRAWN, withdrawn_reason="error", **late)
    ArticleFactory(status=Article.Status.REVIEW, headline="Still in review", **late)
    response = desk_editor_client.get(reverse("admin:index"))
    assert [s.headline for s in panel(response, "assigned").stories] == ["Still in review"]
    assert [s.headline for s in panel(response, "overdue").stories] == ["Still in review"]


def test_writers_see_their_drafts_their_reviews_and_what_came_back(writer_client, writer, other_writer, desk_editor):
    ArticleFactory(status=Article.Status.DRAFT, created_by=writer, headline="Still writing")
    ArticleFactory(status=Article.Status.DRAFT, created_by=other_writer, headline="Walter's draft")
    waiting = ArticleFactory(status=Article.Status.DRAFT, created_by=writer, headline="Waiting for an editor")
    article_submit_for_review(article=waiting, user=writer)
    returned = ArticleFactory(status=Article.Status.DRAFT, created_by=writer, headline="Needs a source")
    article_submit_for_review(article=returned, user=writer)
    article_send_back(article=returned, user=desk_editor, comment="Which resolution is this?")
    response = writer_client.get(reverse("admin:index"))
    assert [p.key for p in response.context["desk_panels"]] == ["came_back", "drafts", "my_review", "assigned"]
    assert [s.headline for s in panel(response, "drafts").stories] == ["Still writing"]
    assert [s.headline for s in panel(response, "my_review").stories] == ["Waiting for an editor"]
    assert [s.headline for s in panel(response, "came_back").stories] == ["Needs a source"]
    html = response.content.decode()
    assert "Which resolution is this?" in html
    assert "Walter&#x27;s draft" not in html and "Walter's draft" not in html


def test_counts_and_a_link_to_all_when_a_panel_is_longer_than_shown(desk_editor_client, writer):
    ArticleFactory.create_batch(10, status=Article.Status.REVIEW, created_by=writer)
    response = desk_editor_client.get(reverse("admin:index"))
    review = panel(response, "review")
    assert (review.count, len(review.stories)) == (10, 8)
    assert 'href="/admin/articles/article/?status__exact=review">All 10</a>' in response.content.decode()


@pytest.mark.parametrize("stories", [2, 20])
def test_the_desk_reads_a_fixed_number_of_queries(desk_editor_client, writer, desk_editor, stories, django_assert_max_num_queries):
    for i in range(stories):
        story = ArticleFactory(status=Article.Status.DRAFT, created_by=writer, assignee=desk_editor, due_on=timezone.localdate())
        article_submit_for_review(article=story, user=writer)
        ArticleFactory(publish_at=timezone.now() + dt.timedelta(days=i + 1))
    with django_assert_max_num_queries(20):
        assert desk_editor_client.get(reverse("admin:index")).status_code == 200


def test_the_admin_home_needs_a_sign_in(client):
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
