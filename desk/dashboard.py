"""The desk on the admin home: what each person has to act on, with counts and links.

Editors: stories in review (oldest first, who submitted them and when), scheduled ones, recently published,
overdue assignments and the stories assigned to them. Writers: their drafts, their stories in review, what came
back to them and what is assigned to them. Each panel is a count and a short list: two queries.
"""

from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from articles.models import Article, ArticleTransition
from articles.permissions import can_publish

from .models import Note

SHOWN = 8


@dataclass
class Panel:
    key: str
    title: str
    empty: str
    stories: list = field(default_factory=list)
    count: int = 0
    more_url: str = ""


def _changelist(**params):
    url = reverse("admin:articles_article_changelist")
    return f"{url}?{urlencode(params)}" if params else url


class DeskQuerySet:
    """The rows behind each panel, named for what they show; `stories` is the base (active, list columns)."""

    def __init__(self, user):
        self.user = user
        self.today = timezone.localdate()
        self.stories = Article.objects.active().select_related("created_by", "assignee").defer("body", "body_html")

    def in_review(self):
        submitted = ArticleTransition.objects.filter(article=OuterRef("pk"), to_status=Article.Status.REVIEW).order_by(
            "-at", "-id"
        )
        seen = ArticleTransition.objects.filter(article=OuterRef("pk"), to_status=Article.Status.PUBLISHED)
        return (
            self.stories.filter(status=Article.Status.REVIEW)
            .annotate(
                submitted_at=Subquery(submitted.values("at")[:1]),
                submitted_by=Subquery(submitted.values("user__username")[:1]),
                seen_by_readers=Exists(seen),
            )
            .order_by("submitted_at", "id")
        )

    def scheduled(self):
        return self.stories.scheduled().order_by("publish_at", "id")

    def recently_published(self):
        return self.stories.published().order_by("-publish_at", "-id")

    # Work still to do: a story published (scheduled, embargoed or expired since) or withdrawn is done with.
    OPEN = (Article.Status.DRAFT, Article.Status.REVIEW)

    def assigned_to_me(self):
        return self.stories.filter(assignee=self.user, status__in=self.OPEN).order_by("due_on", "id")

    def overdue(self):
        return self.stories.filter(due_on__lt=self.today, status__in=self.OPEN).order_by("due_on")

    def my_drafts(self):
        return self.stories.filter(created_by=self.user, status=Article.Status.DRAFT).exclude(pk__in=self._sent_back())

    def my_in_review(self):
        return self.stories.filter(created_by=self.user, status=Article.Status.REVIEW).order_by("-updated_at")

    def came_back(self):
        latest_note = Note.objects.filter(article=OuterRef("pk"), kind=Note.Kind.SENT_BACK).order_by("-created_at")
        return (
            self.stories.worked_on_by(self.user)
            .filter(pk__in=self._sent_back())
            .annotate(comment=Subquery(latest_note.values("text")[:1]), sent_back_at=Subquery(latest_note.values("created_at")[:1]))
            .order_by("-sent_back_at")
        )

    def _sent_back(self):
        """Drafts whose last move was from review back to draft: an editor returned them."""
        last = ArticleTransition.objects.filter(article=OuterRef("article")).order_by("-at", "-id").values("pk")[:1]
        return (
            ArticleTransition.objects.filter(pk=Subquery(last), from_status=Article.Status.REVIEW, to_status=Article.Status.DRAFT)
            .filter(article__status=Article.Status.DRAFT)
            .values("article")
        )


def _panel(key, title, empty, queryset, more_url):
    stories = list(queryset[:SHOWN])
    count = len(stories) if len(stories) < SHOWN else queryset.count()
    return Panel(key=key, title=title, empty=empty, stories=stories, count=count, more_url=more_url)


def desk_for(user):
    """The panels `user` sees on the admin home, in order."""
    rows = DeskQuerySet(user)
    mine = _changelist(assignee=user.pk)
    if can_publish(user):
        return [
            _panel("review", "In review", "Nothing waits for review.", rows.in_review(), _changelist(status__exact="review")),
            _panel("scheduled", "Scheduled", "Nothing is scheduled.", rows.scheduled(), _changelist(status__exact="published")),
            _panel("assigned", "Assigned to me", "Nothing is assigned to you.", rows.assigned_to_me(), mine),
            _panel("overdue", "Overdue assignments", "No assignment is overdue.", rows.overdue(), _changelist(due="overdue")),
            _panel("published", "Recently published", "Nothing published yet.", rows.recently_published(), _changelist(status__exact="published")),
        ]
    return [
        _panel("came_back", "Came back to me", "Nothing came back to you.", rows.came_back(), _changelist(status__exact="draft")),
        _panel("drafts", "My drafts", "No drafts.", rows.my_drafts(), _changelist(status__exact="draft")),
        _panel("my_review", "My stories in review", "None of your stories is in review.", rows.my_in_review(), _changelist(status__exact="review")),
        _panel("assigned", "Assigned to me", "Nothing is assigned to you.", rows.assigned_to_me(), mine),
    ]
