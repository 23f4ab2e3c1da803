"""The read-only JSON API (/api/v1/): the record with its sources, published stories only, cacheable like pages."""

import datetime as dt
import io
import uuid

import pytest
from django.core.management import call_command
from django.utils import timezone

from articles.models import Article
from resolutions.models import Resolution
from tests.factories import ArticleFactory, ResolutionFactory

pytestmark = pytest.mark.django_db

SLUG = "the-united-nations-approves-a-resolution-on-cooperation-with-asean"


def get(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, (url, response.content[:300])
    return response.json()


def test_the_root_lists_every_collection(client):
    data = get(client, "/api/v1/")
    assert set(data) == {"resolutions", "ambassadors", "chair-years", "stories"}


def test_resolutions_carry_series_cosponsors_votes_and_sources(client, demo):
    data = get(client, "/api/v1/resolutions/")
    assert data["count"] == Resolution.objects.count()
    first = data["results"][0]
    assert first["symbol"] == "A/RES/77/12" and first["co_sponsor_count"] == 115
    assert first["adoption_method"] == "without-vote"
    assert first["votes"] == {"yes": None, "no": None, "abstain": None, "non_voting": None}
    assert first["series"]["csv_url"] == "http://testserver/resolutions/series/asean-un-cooperation/editions.csv"
    assert first["cosponsor_record"]["summary"] == "the most co-sponsors of any edition"
    assert first["document_url"] == "https://docs.un.org/en/A/RES/77/12"
    assert {"text": "https://press.un.org/en/2022/ga12474.doc.htm", "url": "https://press.un.org/en/2022/ga12474.doc.htm"} in (
        first["sources"]
    )
    assert first["field_sources"]["adopted_on"]["source"].endswith("MARC 992$a")
    assert first["introduced_by"]["api_url"] == "http://testserver/api/v1/ambassadors/sovann-ke/"


def test_a_resolutions_detail_has_each_countrys_vote(client, recorded_vote):
    data = get(client, f"/api/v1/resolutions/{recorded_vote.slug}/")
    assert data["votes"] == {"yes": 2, "no": 2, "abstain": 1, "non_voting": 1}
    votes = {vote["country"]["iso_alpha3"]: (vote["vote"], vote["asean_member"]) for vote in data["country_votes"]}
    assert votes["VNM"] == ("yes", True) and votes["TLS"] == ("no", False)  # Timor-Leste joined ASEAN in 2025
    assert data["country_votes"][0]["country"]["url"].startswith("http://testserver/countries/")
    assert get(client, "/api/v1/resolutions/no-such-resolution/", status=404)


def test_ambassadors_with_their_tenures(client, demo):
    data = get(client, "/api/v1/ambassadors/dang-dinh-quy/")
    assert data["native_name"] == "Đặng Đình Quý"
    assert data["tenures"][0]["post"] == "Permanent Representative"
    assert (data["tenures"][0]["started_on"], data["tenures"][0]["ended_on"]) == ("2018-07-12", "2022-02-15")
    assert data["resolutions_introduced"][0]["year"] == 2020
    assert get(client, "/api/v1/ambassadors/")["count"] == 3


def test_chair_years(client, demo):
    data = get(client, "/api/v1/chair-years/2020/")
    assert data["chair"]["name"] == "Viet Nam" and data["theme"] == "Cohesive and Responsive"
    assert [r["year"] for r in data["resolutions"]] == [2020]
    assert get(client, "/api/v1/chair-years/")["count"] == 27
    assert get(client, "/api/v1/chair-years/1800/", status=404)
    assert client.get("/api/v1/chair-years/abc/").status_code == 404


@pytest.fixture
def hidden_and_live(demo):
    story = Article.objects.get(slug=SLUG)
    resolution = story.resolutions.get()
    hidden = [
        ArticleFactory(slug="secret-draft", status=Article.Status.DRAFT),
        ArticleFactory(slug="secret-review", status=Article.Status.REVIEW),
        ArticleFactory(slug="secret-scheduled", publish_at=timezone.now() + dt.timedelta(days=1)),
        ArticleFactory(slug="secret-trashed", deleted_at=timezone.now()),
    ]
    for secret in hidden:
        secret.resolutions.add(resolution)
    return story, hidden


def test_only_published_stories_appear(client, hidden_and_live, editor_client):
    story, hidden = hidden_and_live
    for viewer in (client, editor_client):  # signed-in editors get the public answer too
        data = get(viewer, "/api/v1/stories/")
        assert [s["slug"] for s in data["results"]] == [SLUG]
        for secret in hidden:
            assert viewer.get(f"/api/v1/stories/{secret.slug}/").status_code == 404
        resolution = get(viewer, "/api/v1/resolutions/asean-un-cooperation-2020/")
        assert "secret" not in str(resolution)


def test_a_story_and_its_links(client, demo):
    data = get(client, f"/api/v1/stories/{SLUG}/")
    assert data["headline"] == "The United Nations approves a Resolution on Cooperation with ASEAN"
    assert data["type"] == "news"  # labelled as readers see it
    assert data["chair_year"] == 2020
    assert data["resolutions"][0]["slug"] == "asean-un-cooperation-2020"
    assert data["ambassadors"][0]["slug"] == "dang-dinh-quy"
    assert data["body_html"].startswith("<p>")
    assert data["image"]["width"] == 1600 and data["image"]["url"].startswith("http://testserver/media/")
    listed = get(client, "/api/v1/stories/")["results"][0]
    assert "body_html" not in listed and listed["standfirst"]


def test_a_storys_modified_time_is_the_one_readers_see(client):
    """A quiet fix leaves `modified_at` at the publication; a significant update or a correction moves it."""
    published = timezone.now() - dt.timedelta(days=2)
    story = ArticleFactory(publish_at=published)
    story.standfirst = "A typo fixed."
    story.save()
    assert get(client, f"/api/v1/stories/{story.slug}/")["modified_at"] == published.isoformat().replace("+00:00", "Z")
    revised = timezone.now().replace(microsecond=0)
    Article.objects.filter(pk=story.pk).update(revised_at=revised)
    data = get(client, f"/api/v1/stories/{story.slug}/")
    assert data["modified_at"] == revised.isoformat().replace("+00:00", "Z")


def test_stories_filter_by_chair_year_resolution_and_ambassador(client, demo):
    other = ArticleFactory(slug="another-story")
    other.resolutions.add(Resolution.objects.get(symbol="A/RES/77/12"))

    def slugs(query):
        return [s["slug"] for s in get(client, f"/api/v1/stories/?{query}")["results"]]

    assert slugs("chair_year=2020") == [SLUG]
    assert slugs("resolution=asean-un-cooperation-2022") == ["another-story"]
    assert slugs("ambassador=dang-dinh-quy") == [SLUG]
    assert slugs("ambassador=nobody") == []
    assert slugs("chair_year=2020&resolution=asean-un-cooperation-2022") == []


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("chair_year=abc", "Enter a number."),
        ("chair_year=99999999999999999999", "Ensure this value is less than or equal to 9999."),
        ("chair_year=-3", "Ensure this value is greater than or equal to 1."),
        ("resolution=" + "x" * 300, "Ensure this value has at most 200 characters"),
    ],
)
def test_bad_filters_are_a_400_that_says_why(client, query, message):
    response = client.get(f"/api/v1/stories/?{query}")
    assert response.status_code == 400
    assert message in str(response.json())


def test_stories_are_paginated(client):
    ArticleFactory.create_batch(25)
    first = get(client, "/api/v1/stories/")
    assert first["count"] == 25 and len(first["results"]) == 20
    assert first["next"] == "http://testserver/api/v1/stories/?page=2"
    assert len(get(client, "/api/v1/stories/?page=2")["results"]) == 5
    assert client.get("/api/v1/stories/?page=3").status_code == 404
    assert client.get("/api/v1/stories/?page=abc").status_code == 404


def test_lists_run_a_fixed_number_of_queries(client, demo, django_assert_max_num_queries):
    for url in ("/api/v1/stories/", "/api/v1/resolutions/", "/api/v1/ambassadors/", "/api/v1/chair-years/"):
        with django_assert_max_num_queries(12):
            client.get(url)
    for _ in range(15):
        story = ArticleFactory()
        story.resolutions.add(ResolutionFactory())
    for url in ("/api/v1/stories/", "/api/v1/resolutions/"):
        with django_assert_max_num_queries(12):
            client.get(url)


def test_the_api_writes_nothing(client, demo):
    for method in (client.post, client.put, client.delete):
        assert method(f"/api/v1/stories/{SLUG}/").status_code == 405
    assert client.post("/api/v1/stories/").status_code == 405


def test_the_openapi_schema(client):
    response = client.get("/api/v1/schema/")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert {"/api/v1/resolutions/", "/api/v1/resolutions/{slug}/", "/api/v1/stories/", "/api/v1/chair-years/{year}/"} <= (
        set(schema["paths"])
    )
    parameters = {p["name"] for p in schema["paths"]["/api/v1/stories/"]["get"]["parameters"]}
    assert {"chair_year", "resolution", "ambassador", "page"} <= parameters


def test_the_schema_generates_without_warnings():
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", "/dev/null", stdout=io.StringIO())


def test_answers_are_plain_public_gets_the_page_cache_keeps(client, demo, settings):
    location = f"test-{uuid.uuid4()}"
    config = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": location}
    settings.CACHES = {"default": config, "throttle": config}
    for url in ("/api/v1/stories/", "/api/v1/resolutions/asean-un-cooperation-2022/", "/api/v1/schema/"):
        first = client.get(url)
        assert not first.cookies and "Accept" not in first.get("Vary", "")
        assert first["Cache-Control"].startswith("public")
        second = client.get(url)
        assert second["X-Page-Cache"] == "hit", url
        assert second.content == first.content
