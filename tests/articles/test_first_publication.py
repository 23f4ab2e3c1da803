"""Publishing from the story form dates a story when it is published, not when its draft was started."""

import datetime as dt

import pytest
from django.utils import timezone

from articles.models import Article
from articles.services.workflow import article_publish, article_unpublish
from tests.articles.admin_helpers import admin_url, form_data
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

THREE_DAYS_AGO = timezone.now() - dt.timedelta(days=3)


def as_opened(article, **overrides):
    """The form as posted by a browser, with the hidden initial publish time Django renders beside it."""
    data = form_data(article)
    data["initial-publish_at_0"], data["initial-publish_at_1"] = data["publish_at_0"], data["publish_at_1"]
    return {**data, **overrides}


@pytest.fixture
def old_draft(writer):
    return ArticleFactory(status=Article.Status.DRAFT, created_by=writer, publish_at=THREE_DAYS_AGO)


def test_publishing_a_draft_started_days_ago_dates_it_now(desk_editor_client, old_draft):
    before = timezone.now()
    response = desk_editor_client.post(admin_url("change", old_draft.pk), as_opened(old_draft, status="published"))

    assert response.status_code == 302
    old_draft.refresh_from_db()
    assert old_draft.publish_at >= before.replace(microsecond=0)
    assert Article.objects.published().get() == old_draft


def test_a_deliberate_backdate_in_the_same_save_is_kept(desk_editor_client, old_draft):
    response = desk_editor_client.post(
        admin_url("change", old_draft.pk),
        as_opened(old_draft, status="published", publish_at_0="2026-01-05", publish_at_1="09:30:00"),
    )

    assert response.status_code == 302
    old_draft.refresh_from_db()
    assert timezone.localtime(old_draft.publish_at).strftime("%Y-%m-%d %H:%M") == "2026-01-05 09:30"


def test_a_schedule_set_in_the_same_save_is_kept(desk_editor_client, old_draft):
    later = timezone.localtime(timezone.now() + dt.timedelta(days=2))
    desk_editor_client.post(
        admin_url("change", old_draft.pk),
        as_opened(old_draft, status="published", publish_at_0=later.strftime("%Y-%m-%d"), publish_at_1="08:00:00"),
    )
    old_draft.refresh_from_db()
    assert Article.objects.scheduled().get() == old_draft


def test_republishing_a_story_readers_saw_keeps_its_date(desk_editor_client, desk_editor, old_draft):
    article_publish(article=old_draft, user=desk_editor, when=THREE_DAYS_AGO)
    article_unpublish(article=old_draft, user=desk_editor)
    old_draft.refresh_from_db()

    desk_editor_client.post(admin_url("change", old_draft.pk), as_opened(old_draft, status="published"))

    old_draft.refresh_from_db()
    assert old_draft.publish_at == THREE_DAYS_AGO.replace(microsecond=0)


def test_a_story_added_as_published_after_a_long_writing_session_is_dated_now(desk_editor_client):
    html = desk_editor_client.get(admin_url("add")).content.decode()
    assert 'name="initial-publish_at_0"' in html  # the browser posts the time the form was opened, as here
    started = timezone.localtime(timezone.now() - dt.timedelta(hours=5))
    when = {"publish_at_0": started.strftime("%Y-%m-%d"), "publish_at_1": started.strftime("%H:%M:%S")}
    data = {
        **form_data(Article(headline="Fresh", slug="fresh", status="published", publish_at=started)),
        **{f"initial-{key}": value for key, value in when.items()},
    }
    before = timezone.now().replace(microsecond=0)

    response = desk_editor_client.post(admin_url("add"), data)

    assert response.status_code == 302
    assert Article.objects.get(slug="fresh").publish_at >= before


def test_a_story_published_without_a_logged_transition_keeps_its_date_once_unpublished(desk_editor_client, desk_editor):
    """Demo or imported stories go live without a logged move; unpublishing one logs the move away from published."""
    story = ArticleFactory(status=Article.Status.PUBLISHED, publish_at=THREE_DAYS_AGO)
    article_unpublish(article=story, user=desk_editor)
    story.refresh_from_db()

    desk_editor_client.post(admin_url("change", story.pk), as_opened(story, status="published"))

    story.refresh_from_db()
    assert story.status == Article.Status.PUBLISHED
    assert story.publish_at == THREE_DAYS_AGO.replace(microsecond=0)


def test_the_fact_check_reads_the_story_as_of_the_day_it_will_carry(desk_editor_client, old_draft):
    """A first publication is dated now, so the form checks the text as of today: the service's own check then
    agrees, and a contradiction that only today's date brings is a form error, never a refused save (403)."""
    from tests.factories import AmbassadorFactory, TenureFactory

    ambassador = AmbassadorFactory(full_name="Anna Example")  # in post when the draft was started, not today
    TenureFactory(ambassador=ambassador, started_on=dt.date(2020, 1, 1), ended_on=THREE_DAYS_AGO.date())
    old_draft.standfirst = "Ambassador Anna Example spoke."
    old_draft.save()
    old_draft.ambassadors.add(ambassador)

    response = desk_editor_client.post(
        admin_url("change", old_draft.pk),
        as_opened(old_draft, status="published", standfirst="Ambassador Anna Example spoke."),
    )

    assert response.status_code == 200
    assert "contradiction(s) with the record" in response.content.decode()
    old_draft.refresh_from_db()
    assert old_draft.status == Article.Status.DRAFT


def test_a_record_changed_after_the_forms_check_brings_the_form_back_not_a_403(desk_editor_client, old_draft, monkeypatch):
    """The service checks again inside its transaction; when it refuses what the form let through (the record
    moved in between, here: the form's check saw nothing), the editor gets the form back with their text."""
    from articles import factcheck_admin
    from tests.factories import AmbassadorFactory, TenureFactory

    ambassador = AmbassadorFactory(full_name="Anna Example")
    TenureFactory(ambassador=ambassador, started_on=dt.date(2020, 1, 1), ended_on=THREE_DAYS_AGO.date())
    old_draft.ambassadors.add(ambassador)
    monkeypatch.setattr(factcheck_admin, "check_story", lambda **kwargs: [])  # the record as the form saw it

    response = desk_editor_client.post(
        admin_url("change", old_draft.pk),
        as_opened(old_draft, status="published", standfirst="Ambassador Anna Example spoke, said our reporter."),
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "Nothing was saved; your text is still in the form." in html
    assert "Ambassador Anna Example spoke, said our reporter." in html
    old_draft.refresh_from_db()
    assert old_draft.status == Article.Status.DRAFT
