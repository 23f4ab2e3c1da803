"""Two people edit the same story: the second save never silently overwrites the first."""

import re
import threading
import time

import pytest
from django.contrib.auth.models import Group
from django.db import connection, transaction

from articles.models import Article
from articles.services.revisions import article_revision_create
from articles.services.workflow import article_publish, article_save
from tests.articles.admin_helpers import admin_url, form_data, logged_in, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def second_editor(django_user_model):
    user = make_user(django_user_model, "eric", "Editors")
    user.first_name, user.last_name = "Eric", "Second"
    user.save()
    return user


def opened_form(client, article):
    """The change form as that person's browser has it: every field plus the hidden version."""
    form = client.get(admin_url("change", article.pk)).context["adminform"].form
    assert form["base_version"].value() == article.version
    return form_data(article, base_version=form["base_version"].value())


def hidden_version(html):
    return int(re.search(r'name="base_version" value="(\d+)"', html).group(1))


def test_second_save_comes_back_with_who_what_and_when(desk_editor, second_editor, writers_draft):
    """Both changed the headline: the second save stops, says who changed what and when, and keeps the text."""
    first, second = logged_in(desk_editor), logged_in(second_editor)
    first_data, second_data = opened_form(first, writers_draft), opened_form(second, writers_draft)

    saved = first.post(
        admin_url("change", writers_draft.pk), {**first_data, "headline": "First's headline", "body": "<p>New</p>"}
    )
    assert saved.status_code == 302

    response = second.post(
        admin_url("change", writers_draft.pk),
        {**second_data, "headline": "Second's headline", "standfirst": "Second's careful standfirst"},
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "edith changed this story at" in html
    assert "they changed: Headline, Body" in html
    assert "Nothing was saved yet" in html
    assert "Second&#x27;s careful standfirst" in html  # the second editor's text is kept in the form
    writers_draft.refresh_from_db()
    assert writers_draft.headline == "First's headline"
    assert writers_draft.standfirst == "A short standfirst."


def test_saving_again_after_the_warning_does_not_overwrite(desk_editor, second_editor, writers_draft):
    """Saving the same form again is not a choice: it comes back until each field both changed is chosen."""
    first, second = logged_in(desk_editor), logged_in(second_editor)
    first_data, second_data = opened_form(first, writers_draft), opened_form(second, writers_draft)
    first.post(admin_url("change", writers_draft.pk), {**first_data, "headline": "First's headline"})
    url = admin_url("change", writers_draft.pk)
    second.post(url, {**second_data, "headline": "Second's headline"})

    again = second.post(url, {**second_data, "headline": "Second's headline"})

    assert again.status_code == 200
    assert "Changed by both of you" in again.content.decode()
    writers_draft.refresh_from_db()
    assert writers_draft.headline == "First's headline"


def test_a_publish_in_between_stays_and_the_edit_is_merged(desk_editor, second_editor, writers_draft):
    second = logged_in(second_editor)
    data = opened_form(second, writers_draft)
    article_publish(article=Article.objects.get(pk=writers_draft.pk), user=desk_editor)
    response = second.post(admin_url("change", writers_draft.pk), {**data, "headline": "Late"}, follow=True)
    assert response.status_code == 200
    assert "their Status, Publish time kept" in response.content.decode()
    assert Article.objects.published().get().headline == "Late"


def test_one_person_saving_twice_is_not_a_conflict(desk_editor, writers_draft):
    client = logged_in(desk_editor)
    url = admin_url("change", writers_draft.pk)
    assert client.post(url, {**opened_form(client, writers_draft), "headline": "One"}).status_code == 302
    writers_draft.refresh_from_db()
    assert client.post(url, {**opened_form(client, writers_draft), "headline": "Two"}).status_code == 302
    writers_draft.refresh_from_db()
    assert (writers_draft.headline, writers_draft.version) == ("Two", 3)


def test_a_garbled_version_is_a_form_error_not_a_500(desk_editor, writers_draft):
    response = logged_in(desk_editor).post(
        admin_url("change", writers_draft.pk), form_data(writers_draft, base_version="abc")
    )
    assert response.status_code == 200
    assert "errorlist" in response.content.decode()


def test_a_change_without_a_version_saves_nothing_and_keeps_the_text(desk_editor, writers_draft):
    client = logged_in(desk_editor)
    url = admin_url("change", writers_draft.pk)
    data = {**form_data(writers_draft), "headline": "An edit from nowhere"}
    data.pop("base_version")

    response = client.post(url, data)

    assert response.status_code == 200
    html = response.content.decode()
    assert "did not say which version" in html
    assert 'value="An edit from nowhere"' in html
    writers_draft.refresh_from_db()
    assert writers_draft.headline != "An edit from nowhere"
    # The form now carries the current version: saving again is a deliberate overwrite.
    assert client.post(url, {**data, "base_version": hidden_version(html)}).status_code == 302
    writers_draft.refresh_from_db()
    assert writers_draft.headline == "An edit from nowhere"


def test_groups_exist_for_the_conflict_users():
    assert Group.objects.filter(name="Editors").exists()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_simultaneous_saves_queue_on_the_row_lock(desk_editor, second_editor, writers_draft):
    """Two saves at the same moment: the second waits for the first, then sees its version and stops.

    PostgreSQL only: SQLite has no row locks (it serialises whole-database writes instead).
    """
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL")
    second = logged_in(second_editor)
    data = opened_form(second, writers_draft)
    holding, result = threading.Event(), {}

    def first_editor_saves():
        try:
            with transaction.atomic():
                article = Article.objects.select_for_update().get(pk=writers_draft.pk)
                holding.set()
                wait_until_someone_waits_for_a_lock()
                article.headline = "First, by a hair"
                article_save(article=article, user=desk_editor)
                article_revision_create(article=article, user=desk_editor)
        except Exception as error:  # noqa: BLE001  surfaced by the assertion below, not lost in the thread
            result["first_error"] = error
        finally:
            connection.close()

    def second_editor_saves():
        try:
            holding.wait(5)
            result["response"] = second.post(admin_url("change", writers_draft.pk), {**data, "headline": "Second"})
        finally:
            connection.close()

    threads = [threading.Thread(target=first_editor_saves), threading.Thread(target=second_editor_saves)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(20)

    assert "first_error" not in result, result.get("first_error")
    assert result["response"].status_code == 200
    assert "edith changed this story" in result["response"].content.decode()
    assert Article.objects.get(pk=writers_draft.pk).headline == "First, by a hair"


def wait_until_someone_waits_for_a_lock():
    """Block until another session is queued on a lock (proof the second save really waits), 10 s at most."""
    with connection.cursor() as cursor:
        for _ in range(200):
            cursor.execute("SELECT pg_stat_clear_snapshot()")  # statistics views are frozen within a transaction
            cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'")
            if cursor.fetchone()[0]:
                return
            time.sleep(0.05)
    raise AssertionError("the second save never waited for the row lock")
