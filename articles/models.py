"""Stories and how they are filed: authors, sections, tags, and links to the diplomatic record."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.db.models.functions import Coalesce, ExtractYear
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from newsroom.images import validate_image
from newsroom.rules import matches
from resolutions.models import Ambassador, ChairYear, Resolution

from .html import sanitize_body, strip_control_characters


class Author(models.Model):
    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=120, unique=True)
    role = models.CharField(
        max_length=120, blank=True, help_text="Their job at the newsroom, e.g. “UN correspondent”. Leave blank if unknown."
    )
    bio = models.TextField(blank=True, help_text="Shown on their author page. Only facts; leave blank if unknown.")
    url = models.URLField("profile link", blank=True, help_text="An external page about the author, if any.")

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("articles:author", kwargs={"slug": self.slug})


class Section(models.Model):
    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return f"{reverse('articles:list')}?{urlencode({'section': self.slug})}"


class Tag(models.Model):
    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return f"{reverse('articles:list')}?{urlencode({'tag': self.slug})}"


def chair_year_rule():
    """The one chair-year rule, as an expression over a story's row: the editor's choice, else the chair year of
    the first-adopted linked resolution, else the chair year of the publish year."""
    first_resolution = (
        Resolution.objects.filter(articles=models.OuterRef("pk"), chair_year__isnull=False)
        .order_by("year", "adopted_on")
        .values("chair_year")[:1]
    )
    publish_year = ChairYear.objects.filter(year=ExtractYear(models.OuterRef("publish_at"))).values("pk")[:1]
    return Coalesce(
        models.F("chair_year_override"), models.Subquery(first_resolution), models.Subquery(publish_year)
    )


# Not in the trash: the condition of the partial indexes behind `published()` and the list filters.
NOT_TRASHED = Q(deleted_at__isnull=True)


class ArticleQuerySet(models.QuerySet):
    @staticmethod
    def visibility(now=None):
        """The one visibility rule, in its two parts: a story is *live* (published, not in the trash) and *due*
        (its publish time has come, its embargo has lifted, and it has not expired). Readers see live and due
        stories; live ones whose time has not come yet are scheduled.

        Every public surface starts from `published()`; `Article.is_published`, `scheduled()` and the page
        cache's schedule are built from these two parts, never restated.
        """
        now = now or timezone.now()
        live = Q(status=Article.Status.PUBLISHED) & NOT_TRASHED
        return live, ArticleQuerySet._arrived(now) & ArticleQuerySet.unexpired_q(now)

    @staticmethod
    def _arrived(now):
        """The first half of *due*: the publish time has come and no embargo holds the story back."""
        return Q(publish_at__lte=now) & ArticleQuerySet.unembargoed_q(now)

    @staticmethod
    def unembargoed_q(now):
        return Q(embargo_until__isnull=True) | Q(embargo_until__lte=now)

    @staticmethod
    def unexpired_q(now):
        return Q(expire_at__isnull=True) | Q(expire_at__gt=now)

    @classmethod
    def published_q(cls, now=None):
        live, due = cls.visibility(now)
        return live & due

    @classmethod
    def scheduled_q(cls, now=None):
        """Live, and its time has not come yet (an expired story is not scheduled: it is over)."""
        now = now or timezone.now()
        live, _due = cls.visibility(now)
        return live & ~cls._arrived(now)

    def published(self, now=None):
        return self.filter(self.published_q(now))

    def scheduled(self, now=None):
        return self.filter(self.scheduled_q(now))

    # The time boundaries of the visibility rule: a live story changes visibility by itself at each of them.
    TIME_BOUNDARIES = ("publish_at", "embargo_until", "expire_at")

    def visibility_changed(self, start, end):
        """Stories whose visibility changed by itself after `start` and by `end`: live ones whose publish time
        came, whose embargo lifted or which expired. A new time boundary of the visibility rule adds its field
        to `TIME_BOUNDARIES`."""
        live, _due = self.visibility()
        crossed = Q()
        for name in self.TIME_BOUNDARIES:
            crossed |= Q(**{f"{name}__gt": start, f"{name}__lte": end})
        return self.filter(live).filter(crossed)

    def upcoming_changes(self, now):
        """The next moments at which what readers see changes without a write, as one-row querysets (the page
        cache's schedule): the next publish time, embargo end and expiry of a live story."""
        live, _due = self.visibility(now)
        return [
            self.filter(live, **{f"{name}__gt": now}).order_by(name).values(name)[:1] for name in self.TIME_BOUNDARIES
        ]

    def active(self):
        """Every story not in the trash, whatever its status: what the newsroom works on."""
        return self.filter(NOT_TRASHED)

    def trashed(self):
        return self.exclude(NOT_TRASHED)

    @staticmethod
    def desk_q(user):
        """A writer's own stories: the ones they started and the ones assigned to them."""
        return Q(created_by=user.pk) | Q(assignee=user.pk)

    def worked_on_by(self, user):
        return self.filter(self.desk_q(user))

    def visible_to(self, user):
        """What `user` may read at a story's address: the public sees published stories; editors preview any story
        not in the trash; writers also their own unpublished ones (as in the admin, never another writer's)."""
        if user.has_perm("articles.publish_article"):
            return self.active()
        if user.is_authenticated and user.has_perm("articles.change_article"):
            return self.active().filter(self.published_q() | self.desk_q(user))
        return self.published()

    def refile(self):
        """Re-derive the chair year of these stories by `chair_year_rule()`, in one UPDATE."""
        return self.update(chair_year=chair_year_rule())

    def for_listing(self):
        """What a list of stories shows, in a fixed number of queries; bodies are not read for a list."""
        return self.select_related("section", "chair_year__chair").prefetch_related("authors").defer("body", "body_html")

    def for_detail(self):
        """The story page's story: its row, section, chair year, tags and ambassadors, in three queries. The page
        adds its fact boxes (`Resolution.objects.for_fact_boxes()`) and reads the bylines together with its
        related stories' (articles/views.py)."""
        return self.select_related("section", "chair_year__chair").prefetch_related(
            "tags", models.Prefetch("ambassadors", queryset=Ambassador.objects.select_related("country"))
        )


class WithdrawalReason(models.TextChoices):
    LEGAL = "legal", "Legal"
    ERROR = "error", "Serious error"
    DUPLICATE = "duplicate", "Duplicate"
    OTHER = "other", "Other"


# Shown to readers and in feeds and sitemaps as plain text.
PLAIN_TEXT_FIELDS = ("headline", "standfirst", "hero_alt", "hero_caption", "hero_credit", "source_name", "credit_line")


class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        REVIEW = "review", "In review"
        PUBLISHED = "published", "Published"
        WITHDRAWN = "withdrawn", "Withdrawn"

    class Type(models.TextChoices):
        """What kind of journalism a story is, labelled for readers (The Trust Project's "type of work")."""

        NEWS = "news", "News"
        ANALYSIS = "analysis", "Analysis"
        OPINION = "opinion", "Opinion"
        EXPLAINER = "explainer", "Explainer"

    headline = models.CharField(max_length=200)
    slug = models.SlugField(
        max_length=200, unique=True, help_text="The end of the story's address, after /news/. Changing it breaks old links."
    )
    story_type = models.CharField(
        "type",
        max_length=10,
        choices=Type.choices,
        default=Type.NEWS,
        db_default=Type.NEWS,  # rows written in raw SQL (seed_bulk) are news too
        help_text="Shown to readers above the headline: news reports facts; analysis interprets them; opinion "
        "argues a view; an explainer gives background.",
    )
    standfirst = models.TextField(
        max_length=600, blank=True, help_text="One or two sentences under the headline; also the search snippet."
    )
    body = models.TextField(
        blank=True,
        help_text="Limited HTML: paragraphs, headings (h2-h4), links, lists, quotes, bold and italic. "
        "Anything else (scripts, styles, embeds) is removed before readers see it.",
    )
    body_html = models.TextField(editable=False, blank=True)
    hero_image = models.ImageField(
        upload_to="articles/%Y/%m/",
        blank=True,
        width_field="hero_width",
        height_field="hero_height",
        validators=[validate_image],
        help_text="JPEG, PNG, WebP or GIF, up to 20 MB and 40 megapixels.",
    )
    hero_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    hero_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    hero_alt = models.CharField(
        "image description", max_length=250, blank=True, help_text="What the photo shows, for screen readers."
    )
    hero_decorative = models.BooleanField(
        "decorative photo",
        default=False,
        db_default=False,  # rows inserted by raw SQL (seed_bulk) are not decorative
        help_text="Only for a photo that shows nothing a reader needs: it then has no description and screen "
        "readers skip it. Otherwise a story with a photo needs a description to be submitted or published.",
    )
    hero_caption = models.CharField("caption", max_length=300, blank=True)
    hero_credit = models.CharField("photo credit", max_length=150, blank=True)
    authors = models.ManyToManyField(Author, blank=True, related_name="articles", verbose_name="bylines")
    source_name = models.CharField(
        "source", max_length=120, blank=True, help_text="The publication the story comes from, e.g. NewsLax."
    )
    source_url = models.URLField("source link", blank=True)
    credit_line = models.CharField(max_length=200, blank=True, help_text="Shown at the end, e.g. “Design by NewsLax”.")
    section = models.ForeignKey(Section, on_delete=models.SET_NULL, null=True, blank=True, related_name="articles")
    tags = models.ManyToManyField(Tag, blank=True, related_name="articles")
    status = models.CharField(
        max_length=10,
        choices=Status.choices,
        default=Status.DRAFT,
        help_text="Only published stories reach readers, and only from their publish time.",
    )
    publish_at = models.DateTimeField(
        "publish time",
        default=timezone.now,
        help_text="A published story appears to readers from this time. A time in the future schedules it.",
    )
    embargo_until = models.DateTimeField(
        "embargo until",
        null=True,
        blank=True,
        help_text="Held back from readers until this time, whatever its status; it goes public then by itself.",
    )
    expire_at = models.DateTimeField(
        "expires",
        null=True,
        blank=True,
        help_text="From this time readers no longer see the story (its address answers 404, or sends readers on "
        "to the story named below). Leave blank to keep it.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    revised_at = models.DateTimeField(
        "last significant update",
        null=True,
        blank=True,
        editable=False,
        help_text="Readers see it as “Updated”; set by a significant update or a correction, never by a quiet fix.",
    )
    withdrawn_at = models.DateTimeField("withdrawn", null=True, blank=True, editable=False)
    withdrawn_reason = models.CharField(
        "reason for withdrawal", max_length=20, choices=WithdrawalReason.choices, blank=True, db_default=""
    )
    withdrawn_note = models.CharField(
        "withdrawal note", max_length=300, blank=True, db_default="", help_text="A sentence on why, for the newsroom and, if "
        "marked public, for readers."
    )
    withdrawn_reason_public = models.BooleanField(
        "show the reason to readers", default=False, db_default=False, help_text="Otherwise readers only see that it was withdrawn."
    )
    redirect_to = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="send readers to",
        help_text="While this story is unpublished, withdrawn or expired, its address sends readers here (301).",
    )
    resolutions = models.ManyToManyField(Resolution, blank=True, related_name="articles")
    ambassadors = models.ManyToManyField(Ambassador, blank=True, related_name="articles")
    chair_year_override = models.ForeignKey(
        ChairYear,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="chair year override",
        help_text="Leave blank to use the chair year of the first linked resolution, else the publish year.",
    )
    chair_year = models.ForeignKey(
        ChairYear,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="articles",
        verbose_name="filed under chair year",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        help_text="The story's owner: writers may only edit their own drafts.",
    )
    version = models.PositiveIntegerField(
        default=1, editable=False, help_text="Goes up on every save, so two editors cannot overwrite each other."
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_stories",
        limit_choices_to={"is_staff": True, "is_active": True},
        help_text="Who works on the story next. They see it on their desk.",
    )
    due_on = models.DateField("due", null=True, blank=True, help_text="When the assignee should be done.")
    planned_for = models.DateField(
        "planned for",
        null=True,
        blank=True,
        help_text="The day the desk plans to run an unpublished story; shown on the calendar, never to readers.",
    )
    deleted_at = models.DateTimeField("moved to trash", null=True, blank=True, editable=False)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, editable=False, related_name="+"
    )

    objects = ArticleQuerySet.as_manager()

    class Meta:
        verbose_name = "story"
        verbose_name_plural = "stories"
        ordering = ["-publish_at", "-id"]
        get_latest_by = "publish_at"
        permissions = [
            ("publish_article", "Can publish, schedule and unpublish stories, edit anyone's, restore from trash"),
            ("withdraw_article", "Can withdraw a published story and reinstate it"),
        ]
        # The published() rule, alone and per list filter; partial on "not in the trash", so counting a chair
        # year's stories is an index-only scan.
        indexes = [
            models.Index(fields=["status", "publish_at"], name="article_live_idx", condition=NOT_TRASHED),
            # With the section and the id, a chair year's facets (articles/facets.py) are read from the index alone.
            models.Index(
                fields=["chair_year", "status", "publish_at", "section", "id"],
                name="article_chair_live_idx",
                condition=NOT_TRASHED,
                include=["embargo_until", "expire_at"],  # the rest of published() (PostgreSQL only)
            ),
            models.Index(
                fields=["section", "status", "publish_at"], name="article_section_live_idx", condition=NOT_TRASHED
            ),
            # The page cache's schedule looks for the next embargo end and expiry after every purge: few stories
            # have either, so these stay small.
            models.Index(fields=["embargo_until"], name="article_embargo_idx", condition=Q(embargo_until__isnull=False)),
            models.Index(fields=["expire_at"], name="article_expiry_idx", condition=Q(expire_at__isnull=False)),
        ]

    def __str__(self):
        return self.headline

    def save(self, *args, **kwargs):
        if self.hero_decorative:
            self.hero_alt = ""  # a decorative photo is rendered with alt="", so screen readers skip it
        for name in PLAIN_TEXT_FIELDS:
            setattr(self, name, strip_control_characters(getattr(self, name)))
        self.body_html = sanitize_body(strip_control_characters(self.body))
        if self.pk is not None and not self._state.adding:
            self.version += 1
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "body_html", "updated_at", "version"}
        with transaction.atomic():  # the row and its derived chair year commit (and purge the cache) together
            super().save(*args, **kwargs)
            self.refile()

    def get_absolute_url(self):
        return reverse("articles:detail", kwargs={"slug": self.slug})

    def clean(self):
        errors = {}
        # A photo reaches an editor's review or readers only with a description, or marked decorative.
        needs_alt = self.status in (self.Status.REVIEW, self.Status.PUBLISHED) and self.hero_image
        if needs_alt and not self.hero_decorative and not (self.hero_alt or "").strip():
            errors["hero_alt"] = (
                "Describe what the photo shows for readers who cannot see it, or tick “decorative photo”: a story "
                "with a photo is submitted for review or published only then."
            )
        if self.status == self.Status.WITHDRAWN and not self.withdrawn_reason:
            errors["withdrawn_reason"] = "Say why the story is withdrawn."
        if self.expire_at and self.publish_at and self.expire_at <= self.publish_at:
            errors["expire_at"] = "The story would expire before it is published: choose a later time."
        if self.redirect_to_id and self.redirect_to_id == self.pk:
            errors["redirect_to"] = "A story cannot send readers to itself."
        if errors:
            raise ValidationError(errors)

    @property
    def modified_at(self):
        """When readers were last told the story changed: its publication, or its last significant update or
        correction (`dateModified`, the feeds' updated time, the visible "Updated")."""
        return max(self.publish_at, self.revised_at or self.publish_at)

    @property
    def goes_public_at(self):
        """When a scheduled or embargoed story reaches readers."""
        return max(self.publish_at, self.embargo_until or self.publish_at)

    @property
    def is_embargoed(self):
        return not matches(self, ArticleQuerySet.unembargoed_q(timezone.now()))

    @property
    def is_expired(self):
        return not matches(self, ArticleQuerySet.unexpired_q(timezone.now()))

    @property
    def is_published(self):
        return matches(self, ArticleQuerySet.published_q())

    @property
    def is_scheduled(self):
        return matches(self, ArticleQuerySet.scheduled_q())

    def is_worked_on_by(self, user):
        return matches(self, ArticleQuerySet.desk_q(user))

    @property
    def is_trashed(self):
        return self.deleted_at is not None

    def refile(self):
        """Re-derive this story's chair year by the one rule (its links may have changed since it was saved)."""
        Article.objects.filter(pk=self.pk).refile()
        self.refresh_from_db(fields=["chair_year"])


class ArticleTransition(models.Model):
    """Who moved a story between draft, review and published, and when: the workflow's audit trail."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField(max_length=10, choices=Article.Status.choices)
    to_status = models.CharField(max_length=10, choices=Article.Status.choices)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        get_latest_by = "at"

    def __str__(self):
        return f"{self.get_from_status_display()} → {self.get_to_status_display()}"


class ArticleRevision(models.Model):
    """A snapshot of every field of a story (links included) after one save: history, diffs and restores."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="revisions")
    version = models.PositiveIntegerField(help_text="The story's version this snapshot was taken at.")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    note = models.CharField(max_length=200, blank=True)
    snapshot = models.JSONField()

    class Meta:
        ordering = ["-created_at", "-id"]
        get_latest_by = "created_at"

    def __str__(self):
        return f"Version {self.version} of “{self.snapshot.get('headline', '')}”"

    @property
    def status_display(self):
        return dict(Article.Status.choices).get(self.snapshot.get("status"), "")


class FactCheckAcknowledgement(models.Model):
    """An editor's decision to publish a story although the fact check found it contradicts the record."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="factcheck_acknowledgements")
    key = models.CharField(max_length=40, help_text="Which finding: stays the same while the claim and the record do.")
    rule = models.CharField(max_length=60)
    claim = models.CharField(max_length=300, help_text="What the story says.")
    record = models.TextField(help_text="What the record says, with its source, when it was acknowledged.")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at", "-id"]
        get_latest_by = "at"
        constraints = [models.UniqueConstraint(fields=["article", "key"], name="one_acknowledgement_per_finding")]

    def __str__(self):
        return f"“{self.claim}” acknowledged"


class CorrectionQuerySet(models.QuerySet):
    def shown(self):
        """Corrections readers see: not withdrawn, on stories readers see (`published()`), newest first."""
        return self.filter(withdrawn_at__isnull=True, article__in=Article.objects.published()).order_by("-at", "-id")


class Correction(models.Model):
    """What an editor appended to a published story to say it was wrong (or unclear), and when. Edits and
    withdrawals keep what it said before in `history`."""

    class Kind(models.TextChoices):
        CORRECTION = "correction", "Correction"
        CLARIFICATION = "clarification", "Clarification"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="corrections", verbose_name="story")
    kind = models.CharField(max_length=15, choices=Kind.choices, default=Kind.CORRECTION)
    text = models.TextField(help_text="What was wrong and what is right, in plain words. Readers see it on the story.")
    at = models.DateTimeField("time", default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, editable=False, related_name="+"
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True, editable=False)
    history = models.JSONField(default=list, blank=True, editable=False)

    objects = CorrectionQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        get_latest_by = "at"

    def __str__(self):
        return f"{self.get_kind_display()} to “{self.article}”"

    def get_absolute_url(self):
        return f"{self.article.get_absolute_url()}#correction-{self.pk}"


class Redirect(models.Model):
    """An old story address that sends readers on to a story (301): kept by itself when a published story's
    slug changes, or added by an editor."""

    old_slug = models.SlugField(
        "old address", max_length=200, unique=True, help_text="The end of the old address, after /news/."
    )
    target = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="redirects", verbose_name="send readers to"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, editable=False, related_name="+"
    )

    class Meta:
        ordering = ["old_slug"]

    def __str__(self):
        return f"/news/{self.old_slug}/ → {self.target}"

    def get_absolute_url(self):
        return reverse("articles:detail", kwargs={"slug": self.old_slug})
