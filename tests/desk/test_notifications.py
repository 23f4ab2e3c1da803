"""Mail to the people a story concerns, through a real SMTP server on loopback, after the transaction commits;
a mail server that is down never blocks or undoes a save."""

import datetime as dt
import logging

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from articles.models import Article
from articles.services.workflow import (
    article_publish,
    article_schedule,
    article_send_back,
    article_submit_for_review,
)
from desk.models import Note
from desk.services import note_add
from tests.articles.admin_helpers import admin_url, form_data
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(writer):
    return ArticleFactory(status=Article.Status.DRAFT, created_by=writer, headline="Quy's last session")


@pytest.mark.slow
def test_submitting_for_review_mails_the_editors_by_smtp(smtp_server, draft, writer, desk_editor, other_writer, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        article_submit_for_review(article=draft, user=writer)
    assert [m.recipients for m in smtp_server.messages] == [["edith@example.org"]]  # not the writer, not other writers
    message = smtp_server.messages[0]
    assert message["Subject"] == "For review: Quy's last session"
    assert f"/admin/articles/article/{draft.pk}/change/" in smtp_server.text(message)


@pytest.mark.slow
def test_sending_back_mails_the_writer_the_comment_and_keeps_it_as_a_note(smtp_server, draft, writer, desk_editor, django_capture_on_commit_callbacks):
    article_submit_for_review(article=draft, user=writer)
    with django_capture_on_commit_callbacks(execute=True):
        article_send_back(article=draft, user=desk_editor, comment="Source the 110 co-sponsors, please.")
    draft.refresh_from_db()
    assert draft.status == Article.Status.DRAFT
    [message] = smtp_server.to("wendy@example.org")
    assert message["Subject"] == "Sent back: Quy's last session"
    assert "Source the 110 co-sponsors, please." in smtp_server.text(message)
    note = Note.objects.get(article=draft)
    assert (note.kind, note.author, note.text) == (Note.Kind.SENT_BACK, desk_editor, "Source the 110 co-sponsors, please.")


@pytest.mark.slow
def test_a_mention_in_a_note_mails_that_colleague(smtp_server, draft, writer, desk_editor, other_writer, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        note_add(article=draft, user=desk_editor, text="@wendy check the date with @WALTER. Thanks @nobody.")
    assert sorted(r for m in smtp_server.messages for r in m.recipients) == ["walter@example.org", "wendy@example.org"]
    assert "check the date" in smtp_server.text(smtp_server.messages[0])


def test_sending_back_needs_a_comment_and_an_editor(draft, writer, desk_editor):
    article_submit_for_review(article=draft, user=writer)
    with pytest.raises(ValidationError, match="comment"):
        article_send_back(article=draft, user=desk_editor, comment="   ")
    with pytest.raises(Exception, match="Only editors"):
        article_send_back(article=draft, user=writer, comment="Looks fine to me")
    draft.refresh_from_db()
    assert draft.status == Article.Status.REVIEW
    assert not Note.objects.exists()


def test_publishing_and_scheduling_mail_the_writer_and_assignee(draft, writer, other_writer, desk_editor, django_capture_on_commit_callbacks):
    draft.assignee = other_writer
    draft.save()
    with django_capture_on_commit_callbacks(execute=True):
        article_schedule(article=draft, user=desk_editor, when=timezone.now() + dt.timedelta(days=2))
    assert sorted(m.to[0] for m in mail.outbox) == ["walter@example.org", "wendy@example.org"]
    assert mail.outbox[0].subject == "Scheduled: Quy's last session"
    mail.outbox.clear()
    other = ArticleFactory(status=Article.Status.REVIEW, created_by=writer)
    with django_capture_on_commit_callbacks(execute=True):
        article_publish(article=other, user=desk_editor)
    assert [m.subject for m in mail.outbox] == [f"Published: {other.headline}"]


def test_nothing_is_sent_when_the_save_rolls_back(draft, writer, desk_editor, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        article_submit_for_review(article=draft, user=writer)
        raise RuntimeError("the request failed after the submit")
    assert mail.outbox == []
    draft.refresh_from_db()
    assert draft.status == Article.Status.DRAFT


def test_mail_waits_for_the_commit(draft, writer, desk_editor, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        article_submit_for_review(article=draft, user=writer)
        assert mail.outbox == []
    assert len(callbacks) == 1


@pytest.mark.slow
def test_a_mail_server_that_is_down_does_not_block_the_save(smtp_down, draft, writer, desk_editor, caplog, django_capture_on_commit_callbacks):
    with caplog.at_level(logging.ERROR, logger="desk.notifications"), django_capture_on_commit_callbacks(execute=True):
        article_submit_for_review(article=draft, user=writer)
    draft.refresh_from_db()
    assert draft.status == Article.Status.REVIEW
    assert "Could not send 1 notification(s): For review: Quy's last session" in caplog.text


def test_a_submit_from_the_admin_form_says_so_and_mails_the_editors(writer_client, writer, desk_editor, draft, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = writer_client.post(admin_url("change", draft.pk), form_data(draft, status="review"), follow=True)
    html = response.content.decode()
    assert "“Quy&#x27;s last session” was submitted for review; the editors have been told." in html
    assert "changed successfully" not in html
    assert [m.to for m in mail.outbox] == [["edith@example.org"]]
