"""Two editors change the same story: a three-way merge against the version the form was opened from.

Fields only the other editor changed are kept, fields only this editor changed are applied, links merge as sets,
and only fields both changed differently wait for a choice, shown side by side.
"""

import pytest

from articles.models import Article, ArticleRevision
from tests.articles.admin_helpers import admin_url, form_data, logged_in, make_user
from tests.factories import AuthorFactory, TagFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def second_editor(django_user_model):
    return make_user(django_user_model, "eric", "Editors")


@pytest.fixture
def tags(db):
    return {name: TagFactory(name=name, slug=name.lower()) for name in ("ASEAN", "Climate", "Trade")}


@pytest.fixture
def story(writers_draft, tags):
    writers_draft.tags.set([tags["ASEAN"]])
    writers_draft.authors.set([AuthorFactory(name="Lan Pham")])
    return writers_draft


def opened(client, article):
    """What this editor's browser holds: the form as it was when they opened the story."""
    client.get(admin_url("change", article.pk))
    article.refresh_from_db()
    return form_data(article)


def test_edits_to_different_fields_are_merged_and_saved_at_once(desk_editor, second_editor, story, tags):
    first, second = logged_in(desk_editor), logged_in(second_editor)
    first_form, second_form = opened(first, story), opened(second, story)
    first.post(
        admin_url("change", story.pk),
        {**first_form, "headline": "Edith's headline", "tags": [tags["ASEAN"].pk, tags["Climate"].pk]},
    )

    response = second.post(
        admin_url("change", story.pk),
        {**second_form, "body": "<p>Eric's new body.</p>", "tags": [tags["Trade"].pk]},  # Eric drops ASEAN
        follow=True,
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "Merged with the changes edith saved meanwhile: their Headline kept; Tags combined with yours" in html
    story.refresh_from_db()
    assert story.headline == "Edith's headline"  # only Edith changed it: not reverted
    assert story.body == "<p>Eric's new body.</p>"  # only Eric changed it: applied
    assert set(story.tags.values_list("name", flat=True)) == {"Climate", "Trade"}  # her addition, his add and removal
    assert story.authors.get().name == "Lan Pham"
    assert story.revisions.latest("id").note == "Merged with changes saved meanwhile"


def test_a_field_both_changed_is_shown_side_by_side_and_nothing_is_saved(desk_editor, second_editor, story):
    first, second = logged_in(desk_editor), logged_in(second_editor)
    first_form, second_form = opened(first, story), opened(second, story)
    first.post(admin_url("change", story.pk), {**first_form, "headline": "Edith's headline", "standfirst": "Hers."})

    response = second.post(
        admin_url("change", story.pk), {**second_form, "headline": "Eric's headline", "body": "<p>His body.</p>"}
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "Both of you changed Headline: choose which version to keep" in html
    panel = html[html.index('id="merge-conflicts"') :]
    assert panel.index("Edith&#x27;s headline") < panel.index("Eric&#x27;s headline")  # theirs, then yours
    assert 'name="merge_headline" value="theirs"' in panel and 'name="merge_headline" value="yours"' in panel
    assert "Standfirst" not in panel and "Body" not in panel  # only one side changed those
    story.refresh_from_db()
    assert (story.headline, story.standfirst, story.body) == ("Edith's headline", "Hers.", "<p>The body of the story.</p>")


@pytest.mark.parametrize(("choice", "headline"), [("theirs", "Edith's headline"), ("yours", "Eric's headline")])
def test_the_editor_chooses_per_field_and_the_rest_still_merges(desk_editor, second_editor, story, choice, headline):
    first, second = logged_in(desk_editor), logged_in(second_editor)
    first_form, second_form = opened(first, story), opened(second, story)
    first.post(admin_url("change", story.pk), {**first_form, "headline": "Edith's headline", "standfirst": "Hers."})
    mine = {**second_form, "headline": "Eric's headline", "body": "<p>His body.</p>"}
    html = second.post(admin_url("change", story.pk), mine).content.decode()
    shown_version = html.split('name="merge_version" value="')[1].split('"')[0]

    response = second.post(
        admin_url("change", story.pk), {**mine, "merge_version": shown_version, "merge_headline": choice}
    )

    assert response.status_code == 302
    story.refresh_from_db()
    assert (story.headline, story.standfirst, story.body) == (headline, "Hers.", "<p>His body.</p>")


def test_a_choice_made_against_an_older_save_is_asked_again(desk_editor, second_editor, story):
    first, second = logged_in(desk_editor), logged_in(second_editor)
    first_form, second_form = opened(first, story), opened(second, story)
    first.post(admin_url("change", story.pk), {**first_form, "headline": "Edith's headline"})
    mine = {**second_form, "headline": "Eric's headline"}
    html = second.post(admin_url("change", story.pk), mine).content.decode()
    shown_version = html.split('name="merge_version" value="')[1].split('"')[0]
    story.refresh_from_db()
    first.post(admin_url("change", story.pk), {**form_data(story), "headline": "Edith's second thought"})

    response = second.post(admin_url("change", story.pk), {**mine, "merge_version": shown_version, "merge_headline": "yours"})

    assert response.status_code == 200
    assert "Edith&#x27;s second thought" in response.content.decode()
    assert Article.objects.get(pk=story.pk).headline == "Edith's second thought"


def test_without_a_snapshot_of_the_opened_version_the_old_warning_stays(desk_editor, second_editor, story):
    first, second = logged_in(desk_editor), logged_in(second_editor)
    first_form, second_form = opened(first, story), opened(second, story)
    first.post(admin_url("change", story.pk), {**first_form, "body": "<p>Edith's body.</p>"})
    ArticleRevision.objects.filter(article=story, version=second_form["base_version"]).delete()

    response = second.post(admin_url("change", story.pk), {**second_form, "standfirst": "His."})

    assert response.status_code == 200
    assert "save again to overwrite their changes" in response.content.decode()
    assert Article.objects.get(pk=story.pk).standfirst == "A short standfirst."


def test_a_field_newer_than_the_opened_revision_is_not_a_false_conflict(desk_editor, second_editor, story):
    first, second = logged_in(desk_editor), logged_in(second_editor)
    first_form, second_form = opened(first, story), opened(second, story)
    first.post(admin_url("change", story.pk), {**first_form, "headline": "Edith's headline"})
    base = ArticleRevision.objects.get(article=story, version=second_form["base_version"])
    del base.snapshot["hero_decorative"]  # as a revision taken before the field existed
    base.save()

    response = second.post(admin_url("change", story.pk), {**second_form, "hero_decorative": "on"})

    assert response.status_code == 302
    story.refresh_from_db()
    assert (story.headline, story.hero_decorative) == ("Edith's headline", True)


def test_times_and_choices_read_as_words_side_by_side(desk_editor, second_editor, story):
    first, second = logged_in(desk_editor), logged_in(second_editor)
    first_form, second_form = opened(first, story), opened(second, story)
    first.post(admin_url("change", story.pk), {**first_form, "publish_at_0": "2026-01-05", "publish_at_1": "09:30:00"})

    html = second.post(
        admin_url("change", story.pk), {**second_form, "publish_at_0": "2026-02-07", "publish_at_1": "10:15:00"}
    ).content.decode()

    panel = html[html.index('id="merge-conflicts"') :]
    assert "5 Jan 2026" in panel or "5 January 2026" in panel
    assert "T09:30" not in panel
