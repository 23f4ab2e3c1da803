"""A first draft built only from a resolution's record: every sentence is a fact the record holds, with its source.

Unknown values are left out, never guessed; the writer adds the story. The draft passes the fact check by
construction, since it says only what the record says, in the record's words.
"""

from dataclasses import dataclass

from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.text import slugify

from resolutions.models import Tenure

from .models import Article


@dataclass(frozen=True)
class Draft:
    headline: str
    slug: str
    standfirst: str
    body: str


def ordinal(number):
    suffix = "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


def cite(resolution, field=None):
    """The source of one fact: the import's note for the field, else the record's sources."""
    imported = resolution.field_sources.get(field) if field else None
    if imported:
        return imported["source"]
    return "; ".join(text for text, _ in resolution.source_list) or "the record"


def paragraph(text, source):
    return format_html("<p>{} <small>(Source: {})</small></p>", text, source)


def unique_slug(headline):
    base = slugify(headline)[:180] or "draft"
    slug, number = base, 2
    while Article.objects.filter(slug=slug).exists():
        slug, number = f"{base}-{number}", number + 1
    return slug


def draft_from_resolution(resolution):
    organ = resolution.get_organ_display()
    name = resolution.symbol or f"the resolution “{resolution.title}”"
    headline = f"{organ} adopts {resolution.symbol or 'resolution'} on “{resolution.title}”"
    if len(headline) > 200:
        headline = f"{organ} adopts {resolution.symbol or 'a resolution'}: {resolution.title}"[:199].rstrip() + "…"

    paragraphs = []
    opening = f"The United Nations {organ} adopted {name}"
    if resolution.symbol:
        opening += f", “{resolution.title}”,"
    opening += f" on {date_format(resolution.adopted_on, 'j F Y')}" if resolution.adopted_on else f" in {resolution.year}"
    if resolution.meeting:
        opening += f", at its {resolution.meeting}"
    if resolution.session:
        opening += f", during its {ordinal(resolution.session)} session"
    paragraphs.append(paragraph(opening + ".", cite(resolution, "adopted_on")))

    if resolution.adoption_method == resolution.Method.WITHOUT_VOTE:
        paragraphs.append(paragraph("It was adopted without a vote (by consensus).", cite(resolution, "adoption_method")))
    elif resolution.adoption_method == resolution.Method.RECORDED_VOTE and resolution.vote_summary:
        paragraphs.append(
            paragraph(f"It was adopted by a recorded vote: {resolution.vote_summary}.", cite(resolution, "votes_yes"))
        )

    if resolution.cosponsors_total is not None:
        text = f"The text had {resolution.cosponsors_total} co-sponsors"
        record = resolution.cosponsor_record
        if record and record.summary:
            text += f", {record.summary}. {record.basis}"
        else:
            text += "."
        paragraphs.append(paragraph(text, cite(resolution, "co_sponsor_count")))

    introducer = introduction(resolution)
    if introducer:
        paragraphs.append(paragraph(introducer, cite(resolution)))
    if resolution.chair_year:
        chair = resolution.chair_year
        paragraphs.append(
            paragraph(f"{chair.chair.name} chaired ASEAN in {chair.year}.", "; ".join(t for t, _ in chair.source_list))
        )
    if resolution.series:
        series = resolution.series
        text = f"It is an edition of the series “{series.title}”"
        if series.interval_display:
            text += f", adopted {series.interval_display}"
        if series.first_adopted_year:
            text += f" since {series.first_adopted_year}"
        paragraphs.append(paragraph(text + ".", "; ".join(t for t, _ in series.source_list) or "the record"))
    if resolution.official_document_url:
        paragraphs.append(
            format_html('<p>The text: <a href="{}">{}</a>.</p>', resolution.official_document_url, resolution.symbol)
        )

    if resolution.adopted_on:
        standfirst = f"Adopted {date_format(resolution.adopted_on, 'j F Y')}"
    else:
        standfirst = f"Adopted in {resolution.year}"
    if resolution.adoption_method == resolution.Method.WITHOUT_VOTE:
        standfirst += " without a vote"
    if resolution.cosponsors_total is not None:
        standfirst += f", with {resolution.cosponsors_total} co-sponsors"
    body = format_html_join("\n", "{}", ((p,) for p in paragraphs))
    return Draft(headline=headline, slug=unique_slug(headline), standfirst=standfirst + ".", body=str(body))


def introduction(resolution):
    """Who introduced the text, with the post they held on the adoption day when the record has it ("then", since
    the story is dated later and the fact check reads an unqualified title as true on the story's date)."""
    ambassador = resolution.introduced_by
    if ambassador is None:
        return ""
    text = f"It was introduced by {ambassador.full_name}"
    held = Tenure.objects.held_on(resolution.adoption_day).filter(ambassador=ambassador).select_related("country")
    posts = [f"{tenure.get_post_display()} of {tenure.country.name}" for tenure in held] if resolution.adopted_on else []
    text += f", then {posts[0]}" if posts else f" of {ambassador.country.name}"
    if resolution.introduced_on_behalf_of:
        text += f", on behalf of {resolution.introduced_on_behalf_of}"
    return text + "."
