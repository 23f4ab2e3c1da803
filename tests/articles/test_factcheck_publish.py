"""Publishing against the fact check: contradictions wait for an editor's acknowledgement, kept with who and when;
and "Draft a story" from a resolution's admin page."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from articles.factcheck import check_article
from articles.models import Article, FactCheckAcknowledgement
from articles.services.factcheck import UnacknowledgedContradictions, article_factcheck_acknowledge
from articles.services.workflow import article_publish, article_save
from newsroom.actors import SYSTEM
from resolutions.models import Resolution
from tests.articles.admin_helpers import admin_url, form_data

pytestmark = pytest.mark.django_db

SLUG = "the-united-nations-approves-a-resolution-on-cooperation-with-asean"


@pytest.fixture
def wrong_story(demo):
    """The demo story, as a draft dated at the event, claiming 120 co-sponsors and a unanimous adoption."""
    story = Article.objects.get(slug=SLUG)
    story.status = Article.Status.DRAFT
    story.standfirst = "The resolution was adopted unanimously, with 120 co-sponsors."
    story.save()
    return story


def contradictions(story):
    return [f for f in check_article(story) if f.contradicts]


def test_publishing_a_contradicting_story_needs_an_acknowledgement(wrong_story, editor):
    with pytest.raises(UnacknowledgedContradictions) as refused:
        article_publish(article=wrong_story, user=editor, when=wrong_story.publish_at)
    assert "“120 co-sponsors” (the record: 110 co-sponsors" in str(refused.value)
    assert not Article.objects.published().exists()

    keys = [f.key for f in contradictions(wrong_story)]
    assert len(keys) == 2
    article_publish(article=wrong_story, user=editor, when=wrong_story.publish_at, acknowledge=keys)
    assert Article.objects.published().get() == wrong_story
    acks = FactCheckAcknowledgement.objects.filter(article=wrong_story)
    assert {ack.claim for ack in acks} == {"120 co-sponsors", "unanimously"}
    assert all(ack.user == editor and ack.at <= timezone.now() for ack in acks)
    assert "source: https://press.un.org/en/2020/ga12290.doc.htm" in acks.get(claim="120 co-sponsors").record


def test_an_acknowledgement_covers_later_saves_until_the_claim_changes(wrong_story, editor):
    keys = [f.key for f in contradictions(wrong_story)]
    article_publish(article=wrong_story, user=editor, when=wrong_story.publish_at, acknowledge=keys)
    wrong_story.headline = "A new headline"
    article_save(article=wrong_story, user=editor)  # still published, same claims: no new acknowledgement needed
    wrong_story.standfirst = "Adopted with 125 co-sponsors."
    with pytest.raises(UnacknowledgedContradictions):
        article_save(article=wrong_story, user=editor)


def test_drafts_are_never_held_up(wrong_story, editor):
    wrong_story.body += "\n\nMore: 130 co-sponsors."
    article_save(article=wrong_story, user=editor)
    assert Article.objects.get(pk=wrong_story.pk).status == Article.Status.DRAFT


def test_only_editors_acknowledge(wrong_story, writer):
    with pytest.raises(PermissionDenied):
        article_factcheck_acknowledge(
            article=wrong_story, user=writer, findings=check_article(wrong_story),
            keys=[f.key for f in contradictions(wrong_story)],
        )


def test_the_system_actor_gets_no_pass(wrong_story):
    with pytest.raises(UnacknowledgedContradictions):
        article_publish(article=wrong_story, user=SYSTEM, when=wrong_story.publish_at)


def test_the_demo_story_publishes_without_acknowledgement(demo, editor):
    story = Article.objects.get(slug=SLUG)
    article_save(article=story, user=editor)  # published, checks clean
    assert Article.objects.published().get() == story


def test_the_change_form_shows_the_fact_check_panel(demo, editor_client):
    story = Article.objects.get(slug=SLUG)
    html = editor_client.get(admin_url("change", story.pk)).content.decode()
    assert '<h2 id="factcheck-heading">Fact check</h2>' in html
    assert "<td>“110 co-sponsors”</td>" in html and "Matches" in html
    assert "Not in the record" in html  # "Head of the Delegation": the record has him as Permanent Representative
    assert 'name="factcheck_acknowledge"' not in html  # nothing to acknowledge


def test_the_form_refuses_to_publish_a_contradiction_and_keeps_the_text(wrong_story, editor_client):
    url = admin_url("change", wrong_story.pk)
    data = form_data(wrong_story, status=Article.Status.PUBLISHED, body=wrong_story.body + "\n\nMy new paragraph.")
    response = editor_client.post(url, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "The fact check found 2 contradiction(s) with the record, so the story was not published." in html
    assert "My new paragraph." in html  # the editor's text is still in the form
    assert html.count('name="factcheck_acknowledge"') == 2
    assert "Contradicts" in html and "Imprecise: “unanimously”" in html
    wrong_story.refresh_from_db()
    assert wrong_story.status == Article.Status.DRAFT and "My new paragraph." not in wrong_story.body

    keys = [f.key for f in contradictions(wrong_story)]
    data["base_version"] = wrong_story.version
    response = editor_client.post(url, {**data, "factcheck_acknowledge": keys})
    assert response.status_code == 302
    assert Article.objects.published().get() == wrong_story
    history = editor_client.get(admin_url("history", wrong_story.pk)).content.decode()
    assert "Fact check acknowledgements" in history and "“120 co-sponsors”" in history and "editor" in history
    change = editor_client.get(url).content.decode()
    assert "Acknowledged by editor" in change


def test_acknowledging_only_some_contradictions_is_not_enough(wrong_story, editor_client):
    keys = [f.key for f in contradictions(wrong_story)]
    data = form_data(wrong_story, status=Article.Status.PUBLISHED, factcheck_acknowledge=keys[:1])
    response = editor_client.post(admin_url("change", wrong_story.pk), data)
    assert "The fact check found 1 contradiction(s)" in response.content.decode()
    assert not FactCheckAcknowledgement.objects.exists()  # nothing is kept from a refused save


def test_the_publish_action_says_why_it_skipped_a_story(wrong_story, editor_client):
    response = editor_client.post(
        admin_url("changelist"), {"action": "publish_selected", "_selected_action": [wrong_story.pk]}, follow=True
    )
    assert "This story contradicts the record" in response.content.decode()
    assert not Article.objects.published().exists()


# Draft a story from a resolution.


def draft_url(resolution):
    return reverse("admin:articles_article_add_from_resolution", args=[resolution.pk])


def test_a_draft_is_built_from_the_records_facts_with_their_sources(demo, editor_client, editor):
    resolution = Resolution.objects.get(symbol="A/RES/77/12")
    response = editor_client.post(draft_url(resolution))
    draft = Article.objects.exclude(slug=SLUG).get()
    assert response["Location"] == admin_url("change", draft.pk)
    assert draft.status == Article.Status.DRAFT and draft.created_by == editor
    assert draft.headline.startswith("General Assembly adopts A/RES/77/12 on “Cooperation between")
    assert draft.standfirst == "Adopted 21 November 2022 without a vote, with 115 co-sponsors."
    assert "adopted A/RES/77/12" in draft.body and "on 21 November 2022, at its 39th plenary meeting" in draft.body
    assert "(Source: UN Digital Library MARCXML (undl-asean-records.xml, record 1), MARC 992$a)" in draft.body
    assert "115 co-sponsors, the most co-sponsors of any edition" in draft.body
    assert "introduced by Sovann Ke of Cambodia, on behalf of ASEAN, as ASEAN Chair 2022" in draft.body
    assert list(draft.resolutions.all()) == [resolution]
    assert list(draft.ambassadors.values_list("slug", flat=True)) == ["sovann-ke"]
    assert draft.revisions.get().note == f"Drafted from the record of {resolution}"
    assert not contradictions(draft)


def test_a_draft_of_an_edition_without_a_symbol_says_only_what_is_known(demo, editor_client):
    resolution = Resolution.objects.get(series__slug="asean-un-cooperation", year=2020)
    editor_client.post(draft_url(resolution))
    draft = Article.objects.exclude(slug=SLUG).get()
    assert "then Permanent Representative of Viet Nam" in draft.body  # his post on the adoption day
    assert draft.headline.startswith("General Assembly adopts resolution on “Cooperation")  # no symbol on record
    assert "adopted the resolution “Cooperation between" in draft.body and "on 23 November 2020" in draft.body
    assert "The text: " not in draft.body  # no document link without a symbol
    assert not contradictions(draft)


def test_drafting_is_post_only_and_permission_checked(demo, client, writer_client, django_user_model):
    resolution = Resolution.objects.get(symbol="A/RES/77/12")
    assert writer_client.get(draft_url(resolution)).status_code == 405
    assert writer_client.post(draft_url(resolution)).status_code == 302  # writers add stories
    assert Article.objects.exclude(slug=SLUG).get().created_by.username == "wendy"
    nobody = django_user_model.objects.create_user("viewer", is_staff=True)
    client.force_login(nobody)
    assert client.post(draft_url(resolution)).status_code == 403
    assert writer_client.post(reverse("admin:articles_article_add_from_resolution", args=[999999])).status_code == 404


def test_the_resolution_admin_offers_draft_a_story(demo, editor_client):
    resolution = Resolution.objects.get(symbol="A/RES/77/12")
    html = editor_client.get(reverse("admin:resolutions_resolution_change", args=[resolution.pk])).content.decode()
    assert f'action="{draft_url(resolution)}"' in html and ">Draft a story</button>" in html
    assert "MARC 992$a" in html  # the imported values and their sources


def test_a_draft_published_today_needs_no_acknowledgement(demo, editor_client, editor):
    resolution = Resolution.objects.get(series__slug="asean-un-cooperation", year=2020)
    editor_client.post(draft_url(resolution))
    draft = Article.objects.exclude(slug=SLUG).get()
    article_publish(article=draft, user=editor)  # dated today, years after his post ended: "then" keeps it true
    assert draft.publish_at.date() == timezone.localdate() > dt.date(2022, 2, 15)
    assert Article.objects.published().filter(pk=draft.pk).exists()
