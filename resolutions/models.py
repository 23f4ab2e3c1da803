"""The diplomatic record: countries, ASEAN chair years, ambassadors, resolutions and their series.

Every fact here is data with a source, so stories can compute what they say ("a record 110 co-sponsors")
instead of typing it twice. Unknown values stay blank; pages show nothing or "not recorded".
"""

import datetime as dt
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.text import slugify

from newsroom.images import validate_image


class Sourced(models.Model):
    """Where a record's facts come from, so the site can cite them."""

    sources = models.TextField(
        blank=True,
        help_text="One source per line: a URL, or a citation such as “A/RES/77/12, preamble”. "
        "Shown to readers under the facts.",
    )

    class Meta:
        abstract = True

    @property
    def source_list(self):
        """The sources as (text, url-or-None) pairs, in the order given."""
        items = []
        for line in self.sources.splitlines():
            line = line.strip()
            if line:
                items.append((line, line if re.match(r"https?://", line) else None))
        return items


class Country(Sourced):
    name = models.CharField("UN name", max_length=100, unique=True, help_text="As the UN writes it: “Viet Nam”.")
    common_name = models.CharField(max_length=100, blank=True, help_text="As readers know it: “Vietnam”.")
    slug = models.SlugField(max_length=100, unique=True)
    iso_alpha2 = models.CharField(
        "ISO alpha-2", max_length=2, blank=True, help_text="Blank when not sourced (voting data names members by alpha-3)."
    )
    iso_alpha3 = models.CharField("ISO alpha-3", max_length=3, unique=True, help_text="Its page is at /countries/ and this code in lower case.")
    iso_numeric = models.CharField("ISO numeric", max_length=3, blank=True)
    asean_joined_year = models.PositiveSmallIntegerField(
        "joined ASEAN (year)", null=True, blank=True, help_text="Blank for countries that are not ASEAN members."
    )
    asean_joined_on = models.DateField(
        "joined ASEAN (date)", null=True, blank=True, help_text="Only when the exact day is sourced."
    )

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "countries"
        constraints = [
            models.UniqueConstraint(fields=["iso_alpha2"], condition=~Q(iso_alpha2=""), name="unique_iso_alpha2_when_set"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("resolutions:country_detail", kwargs={"code": self.iso_alpha3.lower()})

    def clean(self):
        for field in ("iso_alpha2", "iso_alpha3"):
            setattr(self, field, (getattr(self, field) or "").upper())
        if self.asean_joined_on:
            self.asean_joined_year = self.asean_joined_on.year

    @property
    def is_asean_member(self):
        return self.asean_joined_year is not None

    def was_asean_member_on(self, day):
        """Membership is dated: 2020 stories have ten members, Timor-Leste joined in 2025."""
        if self.asean_joined_on:
            return self.asean_joined_on <= day
        return self.asean_joined_year is not None and self.asean_joined_year < day.year

    @property
    def display_name(self):
        """The UN name, with the common name after it when they differ."""
        if self.common_name and self.common_name != self.name:
            return f"{self.name} ({self.common_name})"
        return self.name


class ChairYear(Sourced):
    """An ASEAN chairmanship: the chair rotates each calendar year (ASEAN Charter, article 31)."""

    year = models.PositiveSmallIntegerField(unique=True, validators=[MinValueValidator(1967), MaxValueValidator(2200)])
    chair = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="chair_years")
    theme = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-year"]
        get_latest_by = "year"

    def __str__(self):
        return f"{self.year} — {self.chair.name}"

    def get_absolute_url(self):
        return reverse("resolutions:chair_year", kwargs={"year": self.year})


class Ambassador(Sourced):
    full_name = models.CharField(max_length=150, help_text="As written in English: “Dang Dinh Quy”.")
    native_name = models.CharField(max_length=150, blank=True, help_text="With diacritics: “Đặng Đình Quý”.")
    slug = models.SlugField(max_length=150, unique=True)
    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, related_name="ambassadors", help_text="The country they represent."
    )
    birth_year = models.PositiveSmallIntegerField(null=True, blank=True)
    portrait = models.ImageField(
        upload_to="portraits/%Y/",
        blank=True,
        validators=[validate_image],
        width_field="portrait_width",
        height_field="portrait_height",
    )
    portrait_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    portrait_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    portrait_alt = models.CharField(
        "portrait description", max_length=200, blank=True, help_text="What the portrait shows, for screen readers."
    )
    bio = models.TextField("short bio", blank=True)

    class Meta:
        ordering = ["full_name"]

    def __str__(self):
        return self.full_name

    def get_absolute_url(self):
        return reverse("resolutions:ambassador_detail", kwargs={"slug": self.slug})


class TenureQuerySet(models.QuerySet):
    def held_on(self, day):
        """Tenures running on `day`: who held a post on a given date."""
        return self.filter(Q(started_on__lte=day), Q(ended_on__isnull=True) | Q(ended_on__gte=day))


class Tenure(models.Model):
    """One dated term in a post, so “who was Viet Nam's ambassador to the UN on 23 November 2020” is answerable."""

    class Post(models.TextChoices):
        PERMANENT_REPRESENTATIVE = "permanent-representative", "Permanent Representative"
        DEPUTY_PERMANENT_REPRESENTATIVE = "deputy-permanent-representative", "Deputy Permanent Representative"
        AMBASSADOR = "ambassador", "Ambassador"
        HEAD_OF_DELEGATION = "head-of-delegation", "Head of the Delegation"

    ambassador = models.ForeignKey(Ambassador, on_delete=models.CASCADE, related_name="tenures")
    post = models.CharField(max_length=40, choices=Post.choices, default=Post.PERMANENT_REPRESENTATIVE)
    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="+", help_text="Country represented.")
    organisation = models.CharField(max_length=150, default="United Nations, New York")
    started_on = models.DateField(null=True, blank=True, help_text="Leave blank when not sourced.")
    ended_on = models.DateField(null=True, blank=True, help_text="Blank while in post, or when not sourced.")
    note = models.CharField(max_length=250, blank=True, help_text="E.g. “credentials presented 12 July 2018”.")

    objects = TenureQuerySet.as_manager()

    class Meta:
        ordering = ["ambassador", models.F("started_on").asc(nulls_last=True)]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(started_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="tenure_ends_after_start",
            )
        ]

    def __str__(self):
        return f"{self.get_post_display()} of {self.country}, {self.organisation}"

    def clean(self):
        if self.started_on and self.ended_on and self.ended_on < self.started_on:
            raise ValidationError({"ended_on": "A tenure cannot end before it starts."})


class ResolutionSeries(Sourced):
    """A recurring text, such as the biennial ASEAN-UN cooperation resolution."""

    title = models.CharField(max_length=250)
    slug = models.SlugField(max_length=250, unique=True)
    first_adopted_year = models.PositiveSmallIntegerField(null=True, blank=True)
    interval_years = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="How often a new edition is adopted: 2 for a biennial resolution."
    )
    agenda_item = models.CharField(max_length=250, blank=True)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["title"]
        verbose_name_plural = "resolution series"

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("resolutions:series_detail", kwargs={"slug": self.slug})

    @property
    def interval_display(self):
        """"every year", "every 2 years"; empty when the interval is not recorded."""
        if not self.interval_years:
            return ""
        if self.interval_years == 1:
            return "every year"
        return f"every {self.interval_years} years"


SYMBOL_SUFFIXES = {"REV": "Rev", "ADD": "Add", "CORR": "Corr", "AMEND": "Amend"}


def normalise_symbol(symbol):
    """UN symbols in their official form, however typed: "a/res/77/ 12" -> "A/RES/77/12",
    "a/77/l.12/rev.1" -> "A/77/L.12/Rev.1" (the UN writes revision and addendum suffixes in title case)."""
    symbol = re.sub(r"\s+", "", symbol or "").upper()
    return re.sub(r"/(REV|ADD|CORR|AMEND)\.", lambda m: f"/{SYMBOL_SUFFIXES[m.group(1)]}.", symbol)


SYMBOL_RE = re.compile(r"^[A-Z]+(/[A-Za-z0-9.\-()]+)+$")
UN_DOCUMENTS_URL = "https://docs.un.org/en/"
UNDL_RECORD_URL = "https://digitallibrary.un.org/record/"


@dataclass(frozen=True)
class CosponsorRecord:
    """How one edition's co-sponsor count compares with the rest of its series.

    Computed over the editions with a known count only: counts before 2020 are unknown for the ASEAN series,
    so the record is "among editions with a known count", and the page says so.
    """

    count: int
    compared_with: int  # editions with a known count, this one included
    first_year: int | None  # earliest year among them
    last_year: int | None
    record_at_time: bool  # more than every earlier edition with a known count
    series_max: bool  # no edition with a known count, earlier or later, has more
    surpassed_by: "Resolution | None"  # the first later edition with a higher count

    @property
    def summary(self):
        if self.compared_with < 2:
            return ""
        if self.series_max and self.record_at_time:
            return "the most co-sponsors of any edition"
        if self.record_at_time and self.surpassed_by is not None:
            return f"a record at the time, since surpassed in {self.surpassed_by.year}"
        return ""

    @property
    def basis(self):
        span = f"{self.first_year}–{self.last_year}" if self.first_year != self.last_year else f"{self.first_year}"
        return f"Compared with the {self.compared_with} editions of the series with a known co-sponsor count ({span})."


class ResolutionQuerySet(models.QuerySet):
    def for_listing(self):
        # An aggregate drops Meta.ordering, so restate it.
        return (
            self.select_related("series", "chair_year__chair", "introduced_by")
            .annotate(listed_cosponsors=models.Count("co_sponsors", distinct=True))
            .order_by(*Resolution._meta.ordering)
        )

    def for_detail(self):
        """Everything a fact box or resolution page shows, in a fixed number of queries."""
        return self.select_related(
            "series", "chair_year__chair", "introduced_by__country", "drafting_lead"
        ).prefetch_related(
            "co_sponsors",
            models.Prefetch(
                "series__resolutions",
                queryset=Resolution.objects.annotate(listed_cosponsors=models.Count("co_sponsors", distinct=True)),
                to_attr="editions",
            ),
        )

    def for_fact_boxes(self):
        """These resolutions as a story's fact boxes show them, each with its series' editions (counted
        co-sponsors) as `series.editions`, in one query: the resolutions and the rest of their series are read
        together, so the computed co-sponsor record costs nothing more."""
        return with_editions(self.fact_box_rows())

    def fact_box_rows(self):
        """The one query behind `for_fact_boxes()`: these resolutions (`wanted`) and every edition of their series."""
        wanted = self.values("pk")
        return (
            Resolution.objects.filter(
                Q(pk__in=wanted) | Q(series__in=self.filter(series__isnull=False).values("series"))
            )
            .select_related("series", "chair_year__chair", "introduced_by__country", "drafting_lead")
            .annotate(
                listed_cosponsors=models.Count("co_sponsors", distinct=True),
                wanted=models.Exists(wanted.filter(pk=models.OuterRef("pk"))),
            )
            .order_by(*Resolution._meta.ordering, "pk")
        )

    def find_symbol(self, text):
        """Resolutions whose symbol or draft symbol matches `text`, typed in any case or spacing."""
        symbol = normalise_symbol(text)
        if not symbol:
            return self.none()
        return self.filter(Q(symbol=symbol) | Q(draft_symbol=symbol))

    def for_permalink(self, text):
        """The resolution a symbol names, best match first: its symbol, its draft's, then a revision of that draft
        ("A/77/L.12" finds the text adopted from A/77/L.12/Rev.1)."""
        symbol = normalise_symbol(text)
        if not symbol:
            return None
        for condition in (Q(symbol=symbol), Q(draft_symbol=symbol), Q(draft_symbol__startswith=f"{symbol}/Rev.")):
            found = self.filter(condition).order_by("-year", "pk").first()
            if found is not None:
                return found
        return None


class Resolution(Sourced):
    class Organ(models.TextChoices):
        GENERAL_ASSEMBLY = "ga", "General Assembly"
        SECURITY_COUNCIL = "sc", "Security Council"

    class Method(models.TextChoices):
        WITHOUT_VOTE = "without-vote", "Without a vote (by consensus)"
        RECORDED_VOTE = "recorded-vote", "Recorded vote"

    title = models.CharField(max_length=300)
    slug = models.SlugField(max_length=200, unique=True)
    symbol = models.CharField(
        "UN symbol",
        max_length=60,
        blank=True,
        help_text="E.g. A/RES/77/12. Leave blank when not confirmed; it is stored in upper case without spaces.",
    )
    draft_symbol = models.CharField(max_length=60, blank=True, help_text="E.g. A/77/L.12/Rev.1.")
    organ = models.CharField(max_length=2, choices=Organ.choices, default=Organ.GENERAL_ASSEMBLY)
    session = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="General Assembly session number: 75 for 2020-21."
    )
    agenda_item = models.CharField(max_length=120, blank=True, help_text="E.g. 128 (q).")
    year = models.PositiveSmallIntegerField(
        "year adopted",
        validators=[MinValueValidator(1945), MaxValueValidator(2200)],
        help_text="Filled from the adoption date when that is known.",
    )
    adopted_on = models.DateField("adoption date", null=True, blank=True)
    meeting = models.CharField(max_length=120, blank=True, help_text="E.g. 39th plenary meeting.")
    adoption_method = models.CharField(max_length=20, choices=Method.choices, blank=True)
    votes_yes = models.PositiveSmallIntegerField("votes in favour", null=True, blank=True)
    votes_no = models.PositiveSmallIntegerField("votes against", null=True, blank=True)
    votes_abstain = models.PositiveSmallIntegerField("abstentions", null=True, blank=True)
    votes_non_voting = models.PositiveSmallIntegerField("non-voting members", null=True, blank=True)
    vote_note = models.CharField(
        max_length=300, blank=True, help_text="The UN Digital Library's vote note, e.g. “Adopted without vote, 39th plenary meeting”."
    )
    co_sponsors = models.ManyToManyField(
        Country, blank=True, related_name="cosponsored", help_text="Only the countries the sources name."
    )
    co_sponsor_count = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="The total when the sources give a number but not the full list."
    )
    drafting_lead = models.ForeignKey(
        Country, on_delete=models.SET_NULL, null=True, blank=True, related_name="drafted", help_text="Who led drafting."
    )
    chair_year = models.ForeignKey(ChairYear, on_delete=models.SET_NULL, null=True, blank=True, related_name="resolutions")
    introduced_by = models.ForeignKey(
        Ambassador, on_delete=models.SET_NULL, null=True, blank=True, related_name="resolutions_introduced"
    )
    introduced_on_behalf_of = models.CharField(max_length=150, blank=True, help_text="E.g. “the ten ASEAN members”.")
    series = models.ForeignKey(
        ResolutionSeries, on_delete=models.SET_NULL, null=True, blank=True, related_name="resolutions"
    )
    document_url = models.URLField(
        "official document", blank=True, help_text="Left blank, the page links the symbol's text on docs.un.org."
    )
    undl_record_id = models.PositiveIntegerField(
        "UN Digital Library record", null=True, blank=True, unique=True,
        help_text="The record's number on digitallibrary.un.org; set by import_undl.",
    )
    field_sources = models.JSONField(
        default=dict, blank=True, editable=False,
        help_text="For each field an import set: the value it set and where it came from. A field whose value "
        "no longer equals the imported one was edited by hand, and imports leave it alone without --overwrite.",
    )
    summary = models.TextField(blank=True)

    objects = ResolutionQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "-adopted_on", "title"]
        get_latest_by = "year"
        constraints = [
            models.UniqueConstraint(fields=["symbol"], condition=~Q(symbol=""), name="unique_symbol_when_set"),
        ]
        indexes = [models.Index(fields=["series", "year"])]

    def __str__(self):
        return f"{self.symbol} — {self.title}" if self.symbol else f"{self.title} ({self.year})"

    def save(self, *args, **kwargs):
        self.symbol = normalise_symbol(self.symbol)
        self.draft_symbol = normalise_symbol(self.draft_symbol)
        if self.adopted_on:
            self.year = self.adopted_on.year
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("resolutions:detail", kwargs={"slug": self.slug})

    def clean(self):
        self.symbol = normalise_symbol(self.symbol)
        self.draft_symbol = normalise_symbol(self.draft_symbol)
        errors = {}
        for field in ("symbol", "draft_symbol"):
            value = getattr(self, field)
            if value and not SYMBOL_RE.match(value):
                errors[field] = "That does not look like a UN symbol (for example A/RES/77/12)."
        if self.symbol and Resolution.objects.exclude(pk=self.pk).filter(symbol=self.symbol).exists():
            errors["symbol"] = f"Another resolution already has the symbol {self.symbol}."
        if self.adopted_on:
            if self.year and self.year != self.adopted_on.year:
                errors["year"] = "The year must match the adoption date."
            self.year = self.adopted_on.year
        votes = (self.votes_yes, self.votes_no, self.votes_abstain, self.votes_non_voting)
        if self.adoption_method != self.Method.RECORDED_VOTE and any(v is not None for v in votes):
            errors["adoption_method"] = "Vote counts are only recorded for a recorded vote."
        if not self.slug and self.title:
            self.slug = slugify(f"{self.title[:150]} {self.year or ''}")[:200]
        if errors:
            raise ValidationError(errors)

    @property
    def cosponsors_total(self):
        """The co-sponsor count: the sourced total, else the length of a listed set, else None."""
        if self.co_sponsor_count is not None:
            return self.co_sponsor_count
        listed = getattr(self, "listed_cosponsors", None)
        if listed is None:
            listed = len(self.co_sponsors.all())
        return listed or None

    @property
    def cosponsor_record(self):
        """This edition against the others in its series (needs `for_detail()` to avoid extra queries)."""
        if self.series_id is None or self.cosponsors_total is None:
            return None
        editions = getattr(self.series, "editions", None)
        if editions is None:
            editions = list(
                self.series.resolutions.annotate(listed_cosponsors=models.Count("co_sponsors", distinct=True))
            )
        return compute_cosponsor_record(self, editions)

    @property
    def vote_summary(self):
        if self.adoption_method == self.Method.RECORDED_VOTE and self.votes_yes is not None:
            summary = f"{self.votes_yes} in favour, {self.votes_no or 0} against, {self.votes_abstain or 0} abstentions"
            if self.votes_non_voting is not None:
                summary += f", {self.votes_non_voting} non-voting"
            return summary
        return ""

    @property
    def official_document_url(self):
        """The official text: the link an editor set, else the UN documents site's address for the symbol."""
        if self.document_url:
            return self.document_url
        return f"{UN_DOCUMENTS_URL}{self.symbol}" if self.symbol else ""

    @property
    def undl_url(self):
        return f"{UNDL_RECORD_URL}{self.undl_record_id}" if self.undl_record_id else ""

    @property
    def adoption_day(self):
        """The day membership and posts are judged on: the adoption date, else the last day of the year."""
        return self.adopted_on or dt.date(self.year, 12, 31)


def with_editions(rows):
    """The `wanted` rows of `fact_box_rows()`, each series given its editions (the rows of that series)."""
    rows = list(rows)
    editions = {}
    for row in rows:
        editions.setdefault(row.series_id, []).append(row)
    for row in rows:
        if row.series is not None:
            row.series.editions = editions[row.series_id]
    return [row for row in rows if row.wanted]


def compute_cosponsor_record(edition, editions):
    """Compare `edition` with `editions` (its whole series) by co-sponsor count, over known counts only."""
    known = sorted(
        ((e.year, e.cosponsors_total, e) for e in editions if e.cosponsors_total is not None),
        key=lambda item: item[0],
    )
    count = edition.cosponsors_total
    earlier = [c for year, c, e in known if year < edition.year]
    later = [(year, c, e) for year, c, e in known if year > edition.year]
    surpassed_by = next((e for year, c, e in later if c > count), None)
    return CosponsorRecord(
        count=count,
        compared_with=len(known),
        first_year=known[0][0] if known else None,
        last_year=known[-1][0] if known else None,
        record_at_time=all(count > c for c in earlier),
        series_max=all(count >= c for year, c, e in known),
        surpassed_by=surpassed_by,
    )


class Vote(models.Model):
    """One member state's vote on a resolution adopted by a recorded vote (the Library's voting data)."""

    class Choice(models.TextChoices):
        YES = "yes", "Yes"
        NO = "no", "No"
        ABSTAIN = "abstain", "Abstention"
        NON_VOTING = "non-voting", "Non-voting"

    resolution = models.ForeignKey(Resolution, on_delete=models.CASCADE, related_name="votes")
    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="votes")
    vote = models.CharField(max_length=10, choices=Choice.choices)
    member_name = models.CharField(
        max_length=150, blank=True, help_text="The member's name in the voting record, as it was at the time."
    )

    class Meta:
        ordering = ["resolution", "country__name"]
        constraints = [models.UniqueConstraint(fields=["resolution", "country"], name="one_vote_per_country")]

    def __str__(self):
        return f"{self.country}: {self.get_vote_display()} on {self.resolution}"

    def get_absolute_url(self):
        return f"{self.resolution.get_absolute_url()}#vote-{self.country.iso_alpha3.lower()}"


def compact_label(*, year, symbol, session, title, acronyms=None, length=60):
    """“2020 · A/RES/75/… · Cooperation between UN and ASEAN”: what tells the editions of a series apart comes
    first, the long title last and shortened. Without a symbol, a General Assembly session gives its start.
    `acronyms` ({long form: acronym}) writes long names as readers say them."""
    code = symbol or (f"A/RES/{session}/…" if session else "")
    for long_form, acronym in sorted((acronyms or {}).items(), key=lambda item: -len(item[0])):
        title = re.sub(rf"\b(?:the\s+)?{re.escape(long_form)}\b", lambda _, a=acronym: a, title, flags=re.IGNORECASE)
    if len(title) > length:
        title = title[: length - 1].rstrip() + "…"
    return " · ".join(str(part) for part in (year, code, title) if part)


class Alias(models.Model):
    """Another way readers write a name of the record: an acronym (“ASEAN”), a spelling (“Vietnam”), a short form
    (“Laos”). Search takes each side to mean the other, for stories and the record alike."""

    name = models.CharField(max_length=100, help_text="What readers may type: “ASEAN”, “Vietnam”, “UNGA”.")
    means = models.CharField(
        max_length=200,
        help_text="What the record or a story may write instead: “Association of Southeast Asian Nations”, “Viet Nam”, "
        "“General Assembly”.",
    )

    class Meta:
        ordering = ["name", "means"]
        verbose_name_plural = "aliases"
        constraints = [
            models.UniqueConstraint(Lower("name"), Lower("means"), name="unique_alias"),
        ]

    def __str__(self):
        return f"{self.name} = {self.means}"

    def clean(self):
        self.name, self.means = " ".join(self.name.split()), " ".join(self.means.split())
        if self.name.casefold() == self.means.casefold():
            raise ValidationError({"means": "An alias must differ from the name it stands for."})

    @property
    def is_acronym(self):
        """“ASEAN”, “UNGA”: short labels may write the long form this way."""
        return self.name.isalpha() and self.name.isupper() and len(self.name) <= 6
