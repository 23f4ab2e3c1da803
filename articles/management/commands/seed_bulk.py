"""Synthetic content at newsroom scale, for benchmarks and index checks: `seed_bulk --articles 100000`.

Everything it makes is marked: slugs start with `bulk-`, so it never collides with the demo content (which it
loads first, for the real countries and chair years). It refuses to run twice on the same database: bulk stories
already there means the database was seeded; use a fresh database (as `make bench` does) to seed again.

Fast because rows go in with `bulk_create` in batches, links straight into the many-to-many tables. That skips
`save()` and signals, so what `save()` derives is derived here by the same code: `body_html` by
`sanitize_body()`, the chair year by one `refile()` at the end; every cached page is purged once, after the
write.
"""

import datetime as dt
import io
import random
import time

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify

from articles.html import sanitize_body
from articles.models import Article, Author, Section, Tag
from newsroom.cache import purge_everything
from resolutions.models import (
    Ambassador,
    ChairYear,
    Country,
    Resolution,
    ResolutionSeries,
    Tenure,
)

PREFIX = "bulk-"
SECTIONS = ["Diplomacy", "Security", "Economy", "Climate", "Human rights", "Trade", "Region", "Analysis", "Opinion"]
TOPICS = [
    "maritime security", "the Mekong", "climate finance", "disaster relief", "food security", "digital trade",
    "public health", "peacekeeping", "nuclear disarmament", "refugees", "ocean governance", "energy transition",
    "cybersecurity", "sustainable development", "women, peace and security", "counter-terrorism", "education",
    "migrant workers", "biodiversity", "the rule of law", "transnational crime", "connectivity", "smart cities",
    "vaccine supply", "rice exports", "the South China Sea", "plastic pollution", "youth employment",
]
VERBS = ["backs", "proposes", "questions", "welcomes", "pushes for", "rejects", "debates", "signs up to", "leads on"]
FORUMS = ["the General Assembly", "the Security Council", "the ASEAN summit", "the Human Rights Council",
          "the Second Committee", "the East Asia Summit", "a ministerial meeting", "the ASEAN Regional Forum"]
FIRST_NAMES = ["Minh", "Siti", "Arief", "Somchai", "Maria", "Chan", "Nurul", "Thant", "Liza", "Bounmy", "Hoa", "Rizal"]
LAST_NAMES = ["Nguyen", "Rahman", "Santos", "Wong", "Tan", "Phan", "Sok", "Aung", "Lim", "Reyes", "Hassan", "Vong"]
SERIES = [
    ("Oceans and the law of the sea", 1984), ("Sustainable fisheries", 1992), ("Disaster risk reduction", 2000),
    ("Culture of peace", 1998), ("Rule of law at the national and international levels", 2006),
    ("Agricultural technology for sustainable development", 2002), ("Women in development", 1996),
    ("Information and communications technologies for sustainable development", 2004),
]


class Command(BaseCommand):
    help = "Add synthetic stories, resolutions, authors, tags and sections (slugs start with bulk-)."

    def add_arguments(self, parser):
        parser.add_argument("--articles", type=int, default=10_000, help="How many stories (default 10000).")
        parser.add_argument("--seed", type=int, default=2020, help="Random seed: the same seed, the same data.")
        parser.add_argument("--batch-size", type=int, default=2_000)

    def handle(self, *args, articles, seed, batch_size, **options):
        if articles < 1 or batch_size < 1:
            raise CommandError("--articles and --batch-size must be at least 1.")
        if Article.objects.filter(slug__startswith=PREFIX).exists():
            raise CommandError(
                "Bulk stories are already in this database; seed_bulk refuses to add more. Seed a fresh database."
            )
        started = time.monotonic()
        call_command("load_demo", stdout=io.StringIO())
        self.random = random.Random(seed)
        self.now = timezone.now()
        with transaction.atomic():
            self.chairs = dict(ChairYear.objects.values_list("year", "id"))
            self.countries = list(Country.objects.all())
            sections = self.make_sections()
            tags = self.make_tags()
            authors = self.make_authors()
            ambassadors = self.make_ambassadors()
            resolutions = self.make_resolutions(ambassadors)
            made = 0
            while made < articles:
                count = min(batch_size, articles - made)
                self.make_articles(made, count, sections, tags, authors, ambassadors, resolutions)
                made += count
            self.reset_sequences()
            Article.objects.filter(slug__startswith=PREFIX).refile()
            transaction.on_commit(purge_everything)
        with connection.cursor() as cursor:
            # Fresh planner statistics (without them PostgreSQL picks poor plans at scale), and on PostgreSQL a
            # visibility map so counts of visible stories can be answered from the index alone.
            vacuum = connection.vendor == "postgresql" and not connection.in_atomic_block  # VACUUM needs autocommit
            cursor.execute("VACUUM ANALYZE" if vacuum else "ANALYZE")
        self.stdout.write(
            self.style.SUCCESS(
                f"Seeded {articles} stories, {len(resolutions)} resolutions, {len(authors)} authors, {len(tags)} tags "
                f"in {time.monotonic() - started:.1f} s."
            )
        )

    def make_sections(self):
        existing = {s.name: s.id for s in Section.objects.filter(name__in=SECTIONS)}
        new = [Section(name=name, slug=f"{PREFIX}{slugify(name)}") for name in SECTIONS if name not in existing]
        Section.objects.bulk_create(new)
        return list(existing.values()) + [s.id for s in new]

    def make_tags(self):
        names = [topic[:1].upper() + topic[1:] for topic in TOPICS]
        names += [f"{c.common_name or c.name}: {topic}" for c in self.countries for topic in TOPICS[:16]]
        taken = set(Tag.objects.filter(name__in=names).values_list("name", flat=True))
        new = [Tag(name=name[:80], slug=f"{PREFIX}tag-{n}") for n, name in enumerate(names) if name not in taken]
        return [t.id for t in Tag.objects.bulk_create(new)]

    def person(self, n):
        return f"{FIRST_NAMES[n % len(FIRST_NAMES)]} {LAST_NAMES[(n // len(FIRST_NAMES)) % len(LAST_NAMES)]} {n}"

    def make_authors(self):
        authors = [Author(name=self.person(n), slug=f"{PREFIX}author-{n}") for n in range(400)]
        return [a.id for a in Author.objects.bulk_create(authors)]

    def make_ambassadors(self):
        ambassadors = Ambassador.objects.bulk_create(
            Ambassador(full_name=self.person(n + 1000), slug=f"{PREFIX}ambassador-{n}", country=self.countries[n % 11])
            for n in range(40)
        )
        Tenure.objects.bulk_create(
            Tenure(ambassador=a, country=a.country, started_on=dt.date(2000 + n % 24, 1 + n % 12, 1 + n % 28))
            for n, a in enumerate(ambassadors)
        )
        return [(a.id, a.country_id) for a in ambassadors]

    def make_resolutions(self, ambassadors):
        resolutions, cosponsor_links = [], []
        for number, (title, first_year) in enumerate(SERIES):
            series = ResolutionSeries.objects.create(
                title=title, slug=f"{PREFIX}series-{number}", first_adopted_year=first_year, interval_years=2
            )
            for year in range(max(first_year, 2000), 2026, 2):
                ambassador_id, country_id = self.random.choice(ambassadors)
                resolutions.append(
                    Resolution(
                        title=title, slug=f"{PREFIX}{slugify(title)[:150]}-{year}", year=year, session=year - 1945,
                        adopted_on=dt.date(year, 12, self.random.randint(1, 20)), series=series,
                        chair_year_id=self.chairs.get(year), introduced_by_id=ambassador_id,
                        drafting_lead_id=country_id, adoption_method=Resolution.Method.WITHOUT_VOTE,
                        co_sponsor_count=self.random.randint(20, 140),
                    )
                )
        Resolution.objects.bulk_create(resolutions)
        link = Resolution.co_sponsors.through
        for resolution in resolutions:
            for country in self.random.sample(self.countries, self.random.randint(3, len(self.countries))):
                cosponsor_links.append(link(resolution_id=resolution.id, country_id=country.id))
        link.objects.bulk_create(cosponsor_links)
        return [r.id for r in resolutions]

    def story_time(self, status):
        if status == "scheduled":
            return self.now + dt.timedelta(minutes=self.random.randint(60, 60 * 24 * 30))
        start = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
        span = (self.now - dt.timedelta(days=1) - start).total_seconds()
        return start + dt.timedelta(seconds=self.random.random() * span)

    def make_articles(self, offset, count, sections, tags, authors, ambassadors, resolutions):
        """One batch of stories and their links, as plain rows: model instances cost more than the inserts."""
        rnd, adapt = self.random, connection.ops.adapt_datetimefield_value
        now = adapt(self.now)
        first_id = (Article.objects.aggregate(last=Max("id"))["last"] or 0) + 1
        stories, links = [], {name: [] for name in ("authors", "tags", "resolutions", "ambassadors")}
        for n in range(offset, offset + count):
            article_id = first_id + n - offset
            roll = rnd.random()
            state = "published" if roll < 0.9 else "draft" if roll < 0.95 else "review" if roll < 0.98 else "scheduled"
            status = Article.Status.PUBLISHED if state in ("published", "scheduled") else state
            publish_at = self.story_time(state)
            country = rnd.choice(self.countries)
            topic, forum = rnd.choice(TOPICS), rnd.choice(FORUMS)
            headline = f"{country.common_name or country.name} {rnd.choice(VERBS)} {topic} at {forum}"[:200]
            resolution = rnd.choice(resolutions) if rnd.random() < 0.3 else None
            body = (
                f"<p>Delegates at {forum} spent the day on {topic}, with {country.name} speaking early.</p>"
                f"<p>{rnd.choice(TOPICS).capitalize()} and {rnd.choice(TOPICS)} came up in the corridors; "
                f"several ambassadors asked for a vote before the end of the session.</p>"
                f"<p>The text will return in {publish_at.year + 1}. Story {n} of the synthetic archive.</p>"
            )
            stories.append((
                article_id, headline, f"{PREFIX}{n}-{slugify(headline)[:150]}",
                f"What {country.name} wants from {topic}, and who stands in the way.", body, sanitize_body(body),
                "", "", "", "", "Synthetic", "", "", rnd.choice(sections) if rnd.random() < 0.95 else None,
                status, adapt(publish_at), now, now, 1,
            ))
            links["authors"] += [(article_id, a) for a in rnd.sample(authors, rnd.randint(1, 2))]
            links["tags"] += [(article_id, t) for t in rnd.sample(tags, rnd.randint(0, 3))]
            if resolution:
                links["resolutions"].append((article_id, resolution))
            if rnd.random() < 0.1:
                links["ambassadors"].append((article_id, rnd.choice(ambassadors)[0]))
        columns = [
            "id", "headline", "slug", "standfirst", "body", "body_html", "hero_image", "hero_alt", "hero_caption",
            "hero_credit", "source_name", "source_url", "credit_line", "section_id", "status", "publish_at",
            "created_at", "updated_at", "version",
        ]
        self.insert(Article._meta.db_table, columns, stories)
        for name, rows in links.items():
            field = Article._meta.get_field(name)
            self.insert(field.m2m_db_table(), [field.m2m_column_name(), field.m2m_reverse_name()], rows)

    @staticmethod
    def insert(table, columns, rows):
        if not rows:
            return
        quote = connection.ops.quote_name
        sql = (
            f"INSERT INTO {quote(table)} ({', '.join(quote(c) for c in columns)}) "
            f"VALUES ({', '.join(['%s'] * len(columns))})"
        )
        with connection.cursor() as cursor:
            cursor.executemany(sql, rows)

    @staticmethod
    def reset_sequences():
        """Rows went in with explicit ids: move PostgreSQL's id sequence past them."""
        with connection.cursor() as cursor:
            for statement in connection.ops.sequence_reset_sql(no_style(), [Article]):
                cursor.execute(statement)
