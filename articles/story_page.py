"""What the story page reads, in six queries, compiled to SQL once per process.

Building these queries from the ORM's expressions (subqueries, a union of tiers, annotations) took longer than
the database took to answer them, on the site's busiest page; `newsroom.compiled` builds each once with
stand-in values and then only runs it. Each is still written with the querysets and rules of the models
(`published()`, `for_detail()`, `fact_box_rows()`), so there is one spelling of each rule.
"""

from django.db.models import Exists, F, OuterRef, Q, prefetch_related_objects
from django.db.models.expressions import RawSQL
from django.template.loader import render_to_string
from django.utils import timezone

from newsroom.cache import NOW, depends_on, fragment, instance_key, members_key
from newsroom.compiled import Placeholder, TextPlaceholder, compiled
from resolutions.models import Ambassador, ChairYear, Resolution, with_editions

from .models import Article, Tag

RELATED_COUNT = 4
STORY, SLUG, CHAIR_YEAR = Placeholder(), TextPlaceholder(), Placeholder()

published_story = compiled(
    lambda slug, now: Article.objects.published(now).for_detail().prefetch_related(None).filter(slug=slug),
    slug=SLUG, now=NOW,
)
story_tags = compiled(lambda story: Tag.objects.filter(articles=story), story=STORY)
story_ambassadors = compiled(
    lambda story: Ambassador.objects.select_related("country").filter(articles=story), story=STORY
)
fact_box_rows = compiled(lambda story: Resolution.objects.filter(articles=story).fact_box_rows(), story=STORY)


def related_queryset(story, chair_year, now, count=RELATED_COUNT):
    """Published stories on the same resolution first, then the same ambassador or topic, then the same chair
    year (when the story has one); newest first within each.

    One query: each tier is a short indexed scan of its newest candidates (enough to fill the list even if they
    repeat the tiers above), and the union of those few ids is read with what a card shows and which links each
    shares with the story, which orders them. A single query ranking every candidate by closeness would score
    the whole chair year.
    """
    cards = Article.objects.published(now).for_listing().prefetch_related(None).exclude(pk=story)

    def linked(name, outer=None):
        through, column = getattr(Article, name).through, f"{name[:-1]}_id"
        mine = through.objects.filter(article_id=story).values(column)
        if outer is None:  # every story sharing one of this story's links
            return Q(pk__in=through.objects.filter(**{f"{column}__in": mine}).values("article_id"))
        return Exists(through.objects.filter(article_id=outer, **{f"{column}__in": mine}))

    tiers = [linked("resolutions"), linked("ambassadors") | linked("tags")]
    if chair_year is not None:
        tiers.append(Q(chair_year=chair_year))
    parts = [
        cards.filter(tier).order_by("-publish_at", "-id").values("pk")[: count * len(tiers)].query.sql_with_params()
        for tier in tiers
    ]
    candidates = " UNION ALL ".join(f"SELECT * FROM ({sql}) AS tier_{n}" for n, (sql, _) in enumerate(parts))
    params = [param for _, part_params in parts for param in part_params]
    return (
        cards.filter(pk__in=RawSQL(candidates, params))
        .annotate(
            same_resolution=linked("resolutions", OuterRef("pk")),
            same_person_or_topic=linked("ambassadors", OuterRef("pk")) | linked("tags", OuterRef("pk")),
        )
        .order_by(F("same_resolution").desc(), F("same_person_or_topic").desc(), "-publish_at", "-id")[:count]
    )


related_in_chair_year = compiled(related_queryset, story=STORY, chair_year=CHAIR_YEAR, now=NOW)
related_without_chair_year = compiled(
    lambda story, now: related_queryset(story, None, now), story=STORY, now=NOW
)


def related_stories(article, resolutions, count=RELATED_COUNT):
    """The cards of `related_queryset()`, for a story whose resolutions are already read.

    The page depends on the sets of stories the cards come from, down to the last tier that contributed: when
    stories on the same resolution fill the list, a new story of the same chair year cannot appear in it, so
    publishing one does not purge this page.
    """
    now = timezone.now()
    if article.chair_year_id:
        found = related_in_chair_year(story=article.pk, chair_year=article.chair_year_id, now=now)
    else:
        found = related_without_chair_year(story=article.pk, now=now)
    tiers = [
        [members_key(Resolution, resolution.pk, Article) for resolution in resolutions],
        [members_key(type(link), link.pk, Article) for link in [*article.ambassadors.all(), *article.tags.all()]],
        [members_key(ChairYear, article.chair_year_id, Article)] if article.chair_year_id else [],
    ]
    deepest = len(tiers) - 1 if len(found) < count else max(tier(story) for story in found)
    depends_on(*(key for keys in tiers[: deepest + 1] for key in keys))
    return found


def tier(story):
    """0: shares a resolution with the story; 1: an ambassador or a topic; 2: only the chair year."""
    return 0 if story.same_resolution else 1 if story.same_person_or_topic else 2


def rail(article, request):
    """The page's rail: its fact boxes and its related stories, each a fragment cached by what it read
    (`newsroom.cache.fragment`), so a page re-rendered because a new story joined its related stories does
    not rebuild its fact boxes. Both also depend on the story itself: relinking it changes them. Returns the
    two fragments, and the objects behind them when they were built (for the story's bylines and for tests).
    """
    built, story = {}, [instance_key(Article, article.pk)]

    def record():
        built["resolutions"] = fact_boxes(article)
        return render_to_string("articles/_story_record.html", {"resolutions": built["resolutions"]}, request)

    def related():
        resolutions = built.get("resolutions")
        if resolutions is None:  # the fact boxes came from the cache: only their ids are needed here
            resolutions = list(Resolution.objects.filter(articles=article.pk).only("pk"))
        built["related"] = related_stories(article, resolutions)
        prefetch_related_objects([article, *built["related"]], "authors")  # the story's bylines too: one query
        return render_to_string("articles/_story_related.html", {"related": built["related"]}, request)

    return {
        "record_html": fragment(f"story-record:{article.pk}", record, story),
        "related_html": fragment(f"story-related:{article.pk}", related, story),
        "resolutions": built.get("resolutions"),
        "related": built.get("related"),
    }


def fact_boxes(article):
    """The story's resolutions with their series' editions (`Resolution.objects.for_fact_boxes()`)."""
    return with_editions(fact_box_rows(story=article.pk))


def attach_links(article):
    """The story's tags and ambassadors, as `prefetch_related` would leave them (`article.tags.all()` reads no
    more), unless they are there already."""
    cache = article.__dict__.setdefault("_prefetched_objects_cache", {})
    for name, query in (("tags", story_tags), ("ambassadors", story_ambassadors)):
        if name not in cache:
            queryset = getattr(article, name).all()
            queryset._result_cache, queryset._prefetch_done = query(story=article.pk), True
            cache[name] = queryset
    return article
