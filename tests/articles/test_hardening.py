"""Regressions found in review: each test is a bug a reader or an editor hit, fixed."""

import datetime as dt
import xml.dom.minidom

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from articles.services import revisions, workflow
from newsroom.actors import SYSTEM
from tests.articles.admin_helpers import form_data
from tests.factories import ArticleFactory, ChairYearFactory, ResolutionFactory, TagFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(client, editor):
    client.force_login(editor)
    client.raise_request_exception = False  # a 500 must show as a status, not as the test's exception
    return client


@pytest.mark.parametrize("url", ["/feeds/latest/", "/feeds/latest/atom/", "/sitemap-news.xml"])
def test_a_control_character_pasted_from_word_does_not_break_feeds_or_sitemaps(client, url):
    story = ArticleFactory(headline="Line one\x0bline two", standfirst="A\x0cB\x00C")
    assert story.headline == "Line one line two" and story.standfirst == "A BC"
    response = client.get(url)
    assert response.status_code == 200
    xml.dom.minidom.parseString(response.content)  # well-formed XML
    assert "Line one line two" in response.content.decode()


def test_publishing_an_old_draft_dates_it_now(editor_client):
    draft = ArticleFactory(status=Article.Status.DRAFT, publish_at=timezone.now() - dt.timedelta(days=10))
    editor_client.post(
        reverse("admin:articles_article_changelist"), {"action": "publish_selected", "_selected_action": [draft.pk]}
    )
    draft.refresh_from_db()
    assert draft.is_published
    assert draft.publish_at > timezone.now() - dt.timedelta(minutes=1)


def test_republishing_a_story_keeps_its_first_publish_time(editor):
    first = timezone.now() - dt.timedelta(days=3)
    story = ArticleFactory(status=Article.Status.DRAFT, publish_at=first)
    workflow.article_publish(article=story, user=editor, when=first)
    workflow.article_unpublish(article=story, user=editor)
    workflow.article_publish(article=story, user=editor)
    story.refresh_from_db()
    assert story.publish_at == first


def test_a_trashed_story_does_not_date_its_chair_year_in_the_sitemap(client):
    chair = ChairYearFactory(year=2020)
    kept = ArticleFactory(chair_year_override=chair)
    Article.objects.filter(pk=kept.pk).update(updated_at=timezone.now() - dt.timedelta(days=30))
    workflow.article_trash(article=ArticleFactory(chair_year_override=chair), user=SYSTEM)
    entry = client.get("/sitemap.xml").content.decode().split("/chair/2020/")[1].split("</url>")[0]
    assert timezone.now().date().isoformat() not in entry


def test_a_story_follows_its_resolution_to_another_chair_year(editor_client):
    chair_2020, chair_2021 = ChairYearFactory(year=2020), ChairYearFactory(year=2021)
    resolution = ResolutionFactory(chair_year=chair_2020)
    story = ArticleFactory(publish_at=dt.datetime(2019, 5, 1, tzinfo=dt.UTC))
    story.resolutions.add(resolution)
    story.refile()
    resolution.chair_year = chair_2021
    resolution.save()
    story.refresh_from_db()
    assert story.chair_year == chair_2021


def test_restoring_a_revision_whose_slug_is_now_taken_explains_and_keeps_the_story(staff, editor):
    story = ArticleFactory(slug="original", status=Article.Status.DRAFT)
    revision = revisions.article_revision_create(article=story, user=editor)
    story.slug = "renamed"
    workflow.article_save(article=story, user=editor)
    ArticleFactory(slug="original")
    response = staff.post(reverse("admin:articles_article_restore", args=[story.pk, revision.pk]), follow=True)
    assert response.status_code == 200
    assert "which another story has now" in response.content.decode()
    story.refresh_from_db()
    assert story.slug == "renamed"


@pytest.mark.parametrize(
    ("trashed", "message"),
    [(True, "A story in the trash keeps this address"), (False, "Another story already has this address")],
)
def test_a_taken_address_says_where_and_keeps_the_new_story(staff, trashed, message):
    ArticleFactory(slug="asean-chair-2020", deleted_at=timezone.now() if trashed else None)
    data = form_data(Article(headline="Viet Nam takes the chair", slug="asean-chair-2020", body="<p>Hanoi.</p>"))
    response = staff.post(reverse("admin:articles_article_add"), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert 'value="Viet Nam takes the chair"' in html
    assert not Article.objects.filter(headline="Viet Nam takes the chair").exists()


@pytest.mark.parametrize("query", ["from=%C2%B2&to=1", "from=99999999999999999999999&to=1", "from=1&to=%D9%A1"])
def test_comparing_revisions_with_odd_ids_is_not_an_error(staff, query):
    story = ArticleFactory()
    revisions.article_revision_create(article=story, user=SYSTEM)
    assert staff.get(f"/admin/articles/article/{story.pk}/history/compare/?{query}").status_code < 500


@pytest.mark.parametrize(
    ("changelist", "lookup"),
    [("articles/article", "publish_at__year"), ("resolutions/resolution", "adopted_on__year")],
)
@pytest.mark.parametrize("value", ["99999999999", "-99999999999", "2020&{field}__month=99999999999"])
def test_a_date_drill_down_past_any_calendar_is_a_notice_not_an_error(staff, changelist, lookup, value):
    value = value.replace("{field}", lookup.split("__")[0])
    response = staff.get(f"/admin/{changelist}/?{lookup}={value}")
    assert response.status_code == 302
    assert response["Location"].endswith("?e=1")  # the admin's own "bad filter" notice


@pytest.mark.parametrize("object_id", ["abc", "99999999999999999999999", "1%00"])
def test_restoring_from_the_trash_with_odd_ids_is_a_404(staff, object_id):
    assert staff.post(f"/admin/articles/article/{object_id}/untrash/").status_code == 404


@pytest.mark.parametrize(
    "field, value",
    [("authors", "abc"), ("chair_year_override", "abc"), ("section", "99999999999999999999"), ("tags", "1e5")],
)
def test_a_tampered_search_select_value_is_a_form_error(staff, field, value):
    TagFactory()
    data = {
        "headline": "Tampered", "slug": "tampered", "body": "x", "status": "draft",
        "publish_at_0": "2020-11-23", "publish_at_1": "12:00", field: value,
    }
    response = staff.post(reverse("admin:articles_article_add"), data)
    assert response.status_code == 200
    assert "errorlist" in response.content.decode()
    assert not Article.objects.filter(slug="tampered").exists()


def test_a_nul_byte_in_the_search_select_box_is_not_an_error(staff):
    url = "/admin/autocomplete/?app_label=articles&model_name=article&field_name=tags&term=%00"
    assert staff.get(url).status_code == 200


def test_if_none_match_star_does_not_answer_for_a_missing_page(client, settings):
    settings.CACHES = {**settings.CACHES, "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "star"}}
    assert client.get("/news/no-such-story/", HTTP_IF_NONE_MATCH="*").status_code == 404


def test_refiling_in_bulk_follows_the_same_rule_as_saving_one_story():
    chair_2018, chair_2020 = ChairYearFactory(year=2018), ChairYearFactory(year=2020)
    chair_2022 = ChairYearFactory(year=2022)
    linked = ArticleFactory(publish_at=dt.datetime(2022, 3, 1, tzinfo=dt.UTC))
    linked.resolutions.add(ResolutionFactory(year=2020, chair_year=chair_2020), ResolutionFactory(year=2018, chair_year=chair_2018))
    unlinked = ArticleFactory(publish_at=dt.datetime(2022, 3, 1, tzinfo=dt.UTC))
    overridden = ArticleFactory(chair_year_override=chair_2020)
    Article.objects.update(chair_year=None)
    Article.objects.all().refile()
    for story, expected in ((linked, chair_2018), (unlinked, chair_2022), (overridden, chair_2020)):
        story.refresh_from_db()
        assert story.chair_year == expected
        story.save()  # saving one story derives the same chair year
        assert story.chair_year == expected
