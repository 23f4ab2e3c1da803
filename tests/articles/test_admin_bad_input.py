"""Bad input in the admin gives a message, never a 500: values prefilled from the address, and commands."""

import pytest
from django.core.management import CommandError, call_command

from articles.models import Article
from tests.articles.admin_helpers import admin_url
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "query",
    [
        "publish_at=anything",
        "publish_at=2026-13-45",
        "publish_at=99999999999-01-01",
        "due_on=tomorrow-ish",
        "planned_for=2026-02-30",
        "section=abc",
        "chair_year_override=99999999999999999999",
        "tags=1,abc",
        "base_version=abc",
    ],
)
def test_a_bad_prefilled_value_opens_the_form_with_a_message(desk_editor_client, query):
    desk_editor_client.raise_request_exception = True
    response = desk_editor_client.get(f"{admin_url('add')}?{query}")
    assert response.status_code == 200
    assert 'name="headline"' in response.content.decode()


def test_the_message_names_the_value_that_was_left_out(desk_editor_client):
    response = desk_editor_client.get(f"{admin_url('add')}?publish_at=anything&headline=Kept")
    html = response.content.decode()
    assert "The link gave “anything” as the publish time" in html
    assert 'value="Kept"' in html


def test_a_good_prefilled_time_fills_the_form(desk_editor_client):
    response = desk_editor_client.get(f"{admin_url('add')}?publish_at=2026-03-04T05:06:07%2B00:00")
    assert response.status_code == 200
    assert 'name="publish_at_1" value="05:06:07"' in response.content.decode()


def test_purge_trash_with_an_absurd_retention_is_a_clean_command_error():
    ArticleFactory(status=Article.Status.DRAFT)
    for days in ("99999999", "9999999999999"):
        with pytest.raises(CommandError, match="smaller number"):
            call_command("purge_trash", "--days", days)
    assert Article.objects.count() == 1
