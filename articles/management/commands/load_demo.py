"""Load the demo content: only facts that `shared/seed/facts.md` sources, each with its source.

Idempotent: records are matched on natural keys and written only when a value differs, so a second run
changes nothing (not even an `updated_at`).
"""

import datetime as dt
import io
from pathlib import Path

from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.text import slugify
from PIL import Image, ImageDraw

from articles.models import Article, Section, Tag
from resolutions.importing import import_library_records
from resolutions.models import Ambassador, ChairYear, Country, Resolution, ResolutionSeries, Tenure
from resolutions.undl import read_marcxml
from resolutions.voting_data import import_votes, read_voting_csv

ISO_SOURCE = "ISO-3166-with-regional-codes (public list of ISO 3166 codes)"
COUNTRIES = [
    # UN name, common name, alpha-2, alpha-3, numeric, joined year, joined date, joining source
    ("Brunei Darussalam", "", "BN", "BRN", "096", 1984, dt.date(1984, 1, 7), "aseanyouth.net"),
    ("Cambodia", "", "KH", "KHM", "116", 1999, dt.date(1999, 4, 30), "cambodianewsgazette.com"),
    ("Indonesia", "", "ID", "IDN", "360", 1967, dt.date(1967, 8, 8), "ASEAN Declaration, 8 August 1967"),
    ("Lao People's Democratic Republic", "", "LA", "LAO", "418", 1997, None, "ianslive.in, 2025-10-26"),
    ("Malaysia", "", "MY", "MYS", "458", 1967, dt.date(1967, 8, 8), "ASEAN Declaration, 8 August 1967"),
    ("Myanmar", "", "MM", "MMR", "104", 1997, None, "ianslive.in, 2025-10-26"),
    ("Philippines", "", "PH", "PHL", "608", 1967, dt.date(1967, 8, 8), "ASEAN Declaration, 8 August 1967"),
    ("Singapore", "", "SG", "SGP", "702", 1967, dt.date(1967, 8, 8), "ASEAN Declaration, 8 August 1967"),
    ("Thailand", "", "TH", "THA", "764", 1967, dt.date(1967, 8, 8), "ASEAN Declaration, 8 August 1967"),
    ("Viet Nam", "Vietnam", "VN", "VNM", "704", 1995, None, "ianslive.in, 2025-10-26"),
    ("Timor-Leste", "", "TL", "TLS", "626", 2025, dt.date(2025, 10, 26), "ianslive.in, 2025-10-26"),
]

CHAIR_SOURCE_EARLY = "https://www.mfaic.gov.kh/about-asean/asean-chair"
CHAIR_YEARS = [
    (2000, "Singapore", "", CHAIR_SOURCE_EARLY),
    (2001, "Brunei Darussalam", "", CHAIR_SOURCE_EARLY),
    (2002, "Cambodia", "", CHAIR_SOURCE_EARLY),
    (2003, "Indonesia", "", CHAIR_SOURCE_EARLY),
    (2004, "Lao People's Democratic Republic", "", CHAIR_SOURCE_EARLY),
    (2005, "Malaysia", "", CHAIR_SOURCE_EARLY),
    (2006, "Philippines", "", CHAIR_SOURCE_EARLY),
    (2007, "Singapore", "", CHAIR_SOURCE_EARLY),
    (2008, "Thailand", "", CHAIR_SOURCE_EARLY),
    (2009, "Thailand", "", CHAIR_SOURCE_EARLY),
    (2010, "Viet Nam", "Towards the ASEAN Community: from Vision to Action", CHAIR_SOURCE_EARLY),
    (2011, "Indonesia", "", CHAIR_SOURCE_EARLY),
    (2012, "Cambodia", "", CHAIR_SOURCE_EARLY),
    (2013, "Brunei Darussalam", "", CHAIR_SOURCE_EARLY),
    (2014, "Myanmar", "", CHAIR_SOURCE_EARLY),
    (2015, "Malaysia", "Our People, Our Community, Our Vision", CHAIR_SOURCE_EARLY),
    (2016, "Lao People's Democratic Republic", "", CHAIR_SOURCE_EARLY),
    (2017, "Philippines", "", "rappler.com (handover, 14 November 2017)"),
    (2018, "Singapore", "Resilient and Innovative", "businesstimes.com.sg"),
    (2019, "Thailand", "Advancing Partnership for Sustainability", "chiangraitimes.com"),
    (2020, "Viet Nam", "Cohesive and Responsive", "thestar.com.my, 2020-11-16"),
    (2021, "Brunei Darussalam", "We Care, We Prepare, We Prosper", "thescoop.co, 2020-11-16"),
    (2022, "Cambodia", "ASEAN A.C.T.: Addressing Challenges Together", "A/RES/77/12, preamble"),
    (2023, "Indonesia", "ASEAN Matters: Epicentrum of Growth", "tass.com/world/1670221"),
    (2024, "Lao People's Democratic Republic", "", "tass.com/world/1670221"),
    (2025, "Malaysia", "Inclusivity and Sustainability", "republicworld.com"),
    (2026, "Philippines", "Navigating Our Future, Together", "tribune.net.ph, 2025-10-28"),
]

SERIES_TITLE = "Cooperation between the United Nations and the Association of Southeast Asian Nations"
SERIES_SOURCES = (
    "https://en.vietnamplus.vn/resolution-on-unasean-cooperation-passed/244257.vnp\n"
    "A/RES/77/12, operative paragraphs 22-23"
)
VNA_2020 = "https://en.vietnamplus.vn/vietnamesedrafted-aseaneu-cooperation-resolution-adopted/190958.vnp"
VNA_2022 = "https://en.vietnamplus.vn/resolution-on-unasean-cooperation-passed/244257.vnp"

# The sample story as NewsLax published it (a copy of shared/seed/newslax-asean-un-resolution.txt).
STORY_FILE = Path(__file__).resolve().parents[2] / "fixtures" / "newslax-asean-un-resolution.txt"
STORY_SLUG = "the-united-nations-approves-a-resolution-on-cooperation-with-asean"
STORY_URL = "https://www.newslax.com/the-united-nations-approves-a-resolution-on-cooperation-with-asean/"
STORY_HEADLINE = "The United Nations approves a Resolution on Cooperation with ASEAN"
STORY_CAPTION = "Ambassador Dang Dinh Quy introduces the Resolution to the United Nations"

# Hand-made samples in the Library's formats (resolutions/fixtures/README.md), read by the real importers:
# the symbol, draft, adoption date, vote note, meeting and document link of A/RES/77/12 and A/RES/71/317 come
# from the MARCXML; the vote CSV has no rows, since every edition was adopted without a vote.
SAMPLES = Path(__file__).resolve().parents[3] / "resolutions" / "fixtures"
UNDL_SAMPLE = SAMPLES / "undl-asean-records.xml"
VOTES_SAMPLE = SAMPLES / "ga-voting-asean-records.csv"


def upsert(model, lookup, **values):
    """Get or create by `lookup`; save only the values that differ. Returns (obj, changed)."""
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        obj = model(**lookup, **values)
        obj.save()
        return obj, True
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    for name in changed:
        setattr(obj, name, values[name])
    if changed:
        obj.save()
    return obj, bool(changed)


def set_m2m(manager, objects):
    if set(manager.all()) != set(objects):
        manager.set(objects)
        return True
    return False


def demo_image():
    """A plain generated card standing in for the story photo, which is not ours to ship."""
    image = Image.new("RGB", (1600, 900), (11, 79, 138))
    draw = ImageDraw.Draw(image)
    draw.rectangle((80, 80, 1520, 820), outline=(255, 255, 255), width=6)
    draw.ellipse((650, 230, 950, 530), outline=(255, 255, 255), width=10)
    draw.line((800, 230, 800, 530), fill=(255, 255, 255), width=6)
    draw.line((650, 380, 950, 380), fill=(255, 255, 255), width=6)
    draw.text((120, 640), "UN General Assembly, 23 November 2020: ASEAN-UN cooperation", fill=(255, 255, 255))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


class Command(BaseCommand):
    help = "Load the sourced demo content (countries, chair years, ambassadors, resolutions, the sample story)."

    @transaction.atomic
    def handle(self, *args, **options):
        self.changes = 0
        countries = self.load_countries()
        chairs = self.load_chair_years(countries)
        ambassadors = self.load_ambassadors(countries)
        resolutions = self.load_resolutions(countries, chairs, ambassadors)
        self.import_samples()
        self.load_story(resolutions, ambassadors)
        self.stdout.write(self.style.SUCCESS(f"Demo content loaded ({self.changes} records created or changed)."))

    def track(self, result):
        obj, changed = result
        self.changes += int(changed)
        return obj

    def load_countries(self):
        countries = {}
        for name, common, a2, a3, num, year, joined_on, joined_source in COUNTRIES:
            countries[name] = self.track(
                upsert(
                    Country,
                    {"iso_alpha2": a2},
                    name=name,
                    common_name=common,
                    slug=slugify(name),
                    iso_alpha3=a3,
                    iso_numeric=num,
                    asean_joined_year=year,
                    asean_joined_on=joined_on,
                    sources=f"{ISO_SOURCE}\n{joined_source}",
                )
            )
        return countries

    def load_chair_years(self, countries):
        return {
            year: self.track(
                upsert(ChairYear, {"year": year}, chair=countries[chair], theme=theme, sources=source)
            )
            for year, chair, theme, source in CHAIR_YEARS
        }

    def load_ambassadors(self, countries):
        vn, kh = countries["Viet Nam"], countries["Cambodia"]
        quy_source = (
            "https://vnmission-newyork.mofa.gov.vn/vi-vn/News/ConsulateNews/Trang/15.2.aspx\n"
            "https://en.vietnamplus.vn/asean-un-cooperation-discussed-at-unsc-meeting-post167969.vnp"
        )
        quy = self.track(
            upsert(
                Ambassador,
                {"slug": "dang-dinh-quy"},
                full_name="Dang Dinh Quy",
                native_name="Đặng Đình Quý",
                country=vn,
                birth_year=1961,
                bio=(
                    "Permanent Representative of Viet Nam to the United Nations in New York from July 2018 to "
                    "February 2022. President of the Security Council in January 2020 and April 2021; on "
                    "30 January 2020 he chaired its first meeting on ASEAN-UN cooperation. Earlier Director of "
                    "the Diplomatic Academy of Viet Nam and Deputy Minister of Foreign Affairs."
                ),
                sources=quy_source,
            )
        )
        self.track(
            upsert(
                Tenure,
                {"ambassador": quy, "country": vn, "post": Tenure.Post.PERMANENT_REPRESENTATIVE},
                organisation="United Nations, New York",
                started_on=dt.date(2018, 7, 12),
                ended_on=dt.date(2022, 2, 15),
                note="Took up the post in July 2018; credentials presented to the Secretary-General 12 July 2018.",
            )
        )
        giang = self.track(
            upsert(
                Ambassador,
                {"slug": "dang-hoang-giang"},
                full_name="Dang Hoang Giang",
                native_name="Đặng Hoàng Giang",
                country=vn,
                bio="Succeeded Dang Dinh Quy as Permanent Representative of Viet Nam to the United Nations.",
                sources="https://en.vietnamplus.vn/vietnam-trustworthy-partner-of-un-secretary-general-guterres/222667.vnp",
            )
        )
        self.track(
            upsert(
                Tenure,
                {"ambassador": giang, "country": vn, "post": Tenure.Post.PERMANENT_REPRESENTATIVE},
                organisation="United Nations, New York",
                started_on=dt.date(2022, 2, 17),
                ended_on=None,
                note="Credentials presented 25 February 2022.",
            )
        )
        ke = self.track(
            upsert(
                Ambassador,
                {"slug": "sovann-ke"},
                full_name="Sovann Ke",
                country=kh,
                bio="Permanent Representative of Cambodia to the United Nations; introduced A/RES/77/12 in 2022.",
                sources=VNA_2022,
            )
        )
        self.track(
            upsert(
                Tenure,
                {"ambassador": ke, "country": kh, "post": Tenure.Post.PERMANENT_REPRESENTATIVE},
                organisation="United Nations, New York",
                note="Dates of tenure not confirmed.",
            )
        )
        return {"quy": quy, "giang": giang, "ke": ke}

    def load_resolutions(self, countries, chairs, ambassadors):
        series = self.track(
            upsert(
                ResolutionSeries,
                {"slug": "asean-un-cooperation"},
                title=SERIES_TITLE,
                first_adopted_year=2002,
                interval_years=2,
                agenda_item="Cooperation between the United Nations and regional and other organizations",
                description=(
                    "A biennial sub-item of the General Assembly's agenda item on cooperation with regional and "
                    "other organizations. Each text asks the Secretary-General for a report and puts the sub-item "
                    "on the agenda two sessions later."
                ),
                sources=SERIES_SOURCES,
            )
        )
        editions = {}
        for year in range(2002, 2023, 2):
            values = {
                "title": SERIES_TITLE,
                "series": series,
                "session": year - 1945,
                "chair_year": chairs[year],
                "sources": SERIES_SOURCES,
            }
            values.update(EDITION_FACTS.get(year, lambda c, a: {})(countries, ambassadors))
            editions[year] = self.track(upsert(Resolution, {"slug": f"asean-un-cooperation-{year}"}, year=year, **values))
        self.track(
            upsert(
                Resolution,
                {"slug": "asean-fiftieth-anniversary-2017"},
                title="Commemoration of the fiftieth anniversary of the Association of Southeast Asian Nations",
                symbol="A/RES/71/317",
                session=71,
                year=2017,
                co_sponsor_count=67,
                chair_year=chairs[2017],
                introduced_on_behalf_of="",
                summary="Introduced by the Philippines (Teodoro L. Locsin Jr.), ASEAN Chair 2017.",
                sources="A/RES/77/12, preamble\nmfa.gov.sg, “Latest News in ASEAN”, 2017-07-19",
            )
        )
        return editions

    def import_samples(self):
        records, problems = read_marcxml(UNDL_SAMPLE.read_bytes(), UNDL_SAMPLE.name)
        groups, vote_problems, _ = read_voting_csv(VOTES_SAMPLE.read_bytes(), VOTES_SAMPLE.name)
        if problems or vote_problems:
            raise ValueError(f"The demo samples do not import: {problems + vote_problems}")
        for report in (import_library_records(records), import_votes(groups)):
            self.changes += sum(1 for line in report.done if not line.endswith("unchanged"))

    def load_story(self, resolutions, ambassadors):
        paragraphs = [p.strip() for p in STORY_FILE.read_text(encoding="utf-8").splitlines() if p.strip()]
        standfirst = paragraphs[1]
        body = "\n\n".join(p for p in paragraphs[2:] if p not in (STORY_CAPTION, "Design by NewsLax"))
        section = self.track(upsert(Section, {"slug": "diplomacy"}, name="Diplomacy"))
        tags = [
            self.track(upsert(Tag, {"slug": "asean"}, name="ASEAN")),
            self.track(upsert(Tag, {"slug": "united-nations"}, name="United Nations")),
        ]
        # No byline: facts.md names no writer, so the demo has no author (and no author page, bio or role).
        article, changed = upsert(
            Article,
            {"slug": STORY_SLUG},
            headline=STORY_HEADLINE,
            story_type=Article.Type.NEWS,  # a news agency's report of the adoption (facts.md)
            standfirst=standfirst,
            body=body,
            hero_alt="A blue card with the UN emblem outline and the words “UN General Assembly, 23 November 2020”.",
            hero_caption=STORY_CAPTION,
            hero_credit="Demo illustration; the original photograph is not included",
            source_name="NewsLax",
            source_url=STORY_URL,
            credit_line="Design by NewsLax",
            section=section,
            status=Article.Status.PUBLISHED,
            publish_at=dt.datetime(2020, 11, 23, 12, 0, tzinfo=dt.UTC),
        )
        self.changes += int(changed)
        if not article.hero_image:
            name = "asean-un-resolution-2020.jpg"  # a named ContentFile lets Django store the width and height
            article.hero_image.save(name, ContentFile(demo_image(), name=name), save=True)
            self.changes += 1
        linked = set_m2m(article.tags, tags)
        linked |= set_m2m(article.resolutions, [resolutions[2020]])
        linked |= set_m2m(article.ambassadors, [ambassadors["quy"]])
        if linked:
            self.changes += 1
            article.refile()  # the chair year follows the linked resolution
        if article.updated_at != article.publish_at:
            # Loading is not an editorial update: readers must not see "Updated" with today's date.
            Article.objects.filter(pk=article.pk).update(updated_at=article.publish_at)


def _edition_2004(countries, ambassadors):
    return {
        "adopted_on": dt.date(2004, 10, 22),
        "adoption_method": Resolution.Method.WITHOUT_VOTE,
        "meeting": "40th plenary meeting",
        "sources": SERIES_SOURCES + "\nhttps://press.un.org/en/2004/ga10283.doc.htm",
    }


def _edition_2018(countries, ambassadors):
    return {
        "draft_symbol": "A/73/L.71",
        "agenda_item": "128 (q)",
        "introduced_on_behalf_of": "the ten ASEAN members",
        "summary": "Introduced by Singapore, ASEAN Chair 2018, on behalf of the ten members; "
        "introduction statement dated 20 December 2018.",
        "sources": "https://mfa.gov.sg/Overseas-Mission/New-York/Mission-Updates/Plenary/2018/12/Press_20181220",
    }


def _edition_2020(countries, ambassadors):
    return {
        "adopted_on": dt.date(2020, 11, 23),
        "adoption_method": Resolution.Method.WITHOUT_VOTE,
        "co_sponsor_count": 110,
        "drafting_lead": countries["Viet Nam"],
        "introduced_by": ambassadors["quy"],
        "introduced_on_behalf_of": "ASEAN, as ASEAN Chair 2020",
        "summary": "Updates the 2018 text. Viet Nam, as ASEAN Chair, led the drafting; the sources note the "
        "shortest negotiation and the shortest campaign of the series.",
        "sources": f"https://press.un.org/en/2020/ga12290.doc.htm\n{VNA_2020}",
    }


def _edition_2022(countries, ambassadors):
    # Draft, adoption date, method, meeting and document link come from the MARCXML sample (import_samples).
    return {
        "symbol": "A/RES/77/12",
        "co_sponsor_count": 115,
        "introduced_by": ambassadors["ke"],
        "introduced_on_behalf_of": "ASEAN, as ASEAN Chair 2022",
        "sources": f"https://press.un.org/en/2022/ga12474.doc.htm\n{VNA_2022}",
    }


EDITION_FACTS = {2004: _edition_2004, 2018: _edition_2018, 2020: _edition_2020, 2022: _edition_2022}
