"""The admin's search-select boxes and search box find the record the way readers' search does, and label
options so that editions of one resolution can be told apart."""

import pytest
from django.urls import reverse

from articles.models import Article
from resolutions.models import Alias, Resolution
from tests.factories import AmbassadorFactory, ArticleFactory, CountryFactory

pytestmark = pytest.mark.django_db

AUTOCOMPLETE = reverse("admin:autocomplete")


def options(client, field, term):
    response = client.get(
        AUTOCOMPLETE, {"app_label": "articles", "model_name": "article", "field_name": field, "term": term}
    )
    assert response.status_code == 200
    return [result["text"] for result in response.json()["results"]]


@pytest.mark.parametrize(
    "term, first",
    [
        ("2020", "2020 · A/RES/75/… · Cooperation between UN and ASEAN"),  # the year of the edition with no symbol
        ("75", "2020 · A/RES/75/… · Cooperation between UN and ASEAN"),  # its session
        ("77/12", "2022 · A/RES/77/12 · Cooperation between UN and ASEAN"),
        ("A/77/L.12", "2022 · A/RES/77/12 · Cooperation between UN and ASEAN"),  # the draft symbol
        ("res 77/12", "2022 · A/RES/77/12 · Cooperation between UN and ASEAN"),
        ("fiftieth anniversary", "2017 · A/RES/71/317 · Commemoration of the fiftieth anniversary of ASEAN"),
    ],
)
def test_resolutions_are_found_by_year_session_symbol_and_title_words(editor_client, demo, aliases, term, first):
    assert options(editor_client, "resolutions", term)[0] == first


def test_eleven_editions_of_cooperation_read_differently_year_first(editor_client, demo, aliases):
    found = options(editor_client, "resolutions", "Cooperation")
    assert len(found) == 11
    assert len(set(found)) == 11
    assert [label[:4] for label in found] == [str(year) for year in range(2022, 2001, -2)]


def test_resolutions_are_found_by_acronym(editor_client, demo, aliases):
    assert len(options(editor_client, "resolutions", "ASEAN")) == 12  # the series and the fiftieth anniversary
    assert len(options(editor_client, "resolutions", "UNGA ASEAN")) == 12  # every one is a General Assembly text


def test_an_alias_added_by_an_editor_is_searched_at_once(editor_client, demo, aliases):
    response = editor_client.post(
        reverse("admin:resolutions_alias_add"), {"name": "Kampuchea", "means": "Cambodia"}, follow=True
    )
    assert response.status_code == 200
    assert Alias.objects.filter(name="Kampuchea").exists()
    assert options(editor_client, "ambassadors", "Kampuchea") == ["Sovann Ke · Cambodia"]


def test_an_alias_must_differ_from_what_it_stands_for(editor_client, db):
    response = editor_client.post(reverse("admin:resolutions_alias_add"), {"name": "ASEAN", "means": " asean "})
    assert "An alias must differ from the name it stands for." in response.content.decode()
    assert not Alias.objects.filter(name="ASEAN", means="asean").exists()


@pytest.mark.parametrize("term", ["Cambodia", "KH", "khm"])
def test_ambassadors_are_found_by_country_and_labelled_with_it(editor_client, demo, aliases, term):
    assert options(editor_client, "ambassadors", term) == ["Sovann Ke · Cambodia"]


def test_vietnam_and_viet_nam_find_the_same_ambassadors(editor_client, demo, aliases):
    expected = ["Dang Dinh Quy · Viet Nam", "Dang Hoang Giang · Viet Nam"]
    assert options(editor_client, "ambassadors", "Vietnam") == expected
    assert options(editor_client, "ambassadors", "viet nam") == expected


@pytest.mark.parametrize("count", [2, 12])
def test_labelling_ambassadors_reads_their_countries_in_the_same_query(
    editor_client, db, django_assert_max_num_queries, count
):
    country = CountryFactory(name="Cambodia", slug="cambodia", iso_alpha2="KH", iso_alpha3="KHM")
    AmbassadorFactory.create_batch(count, country=country)
    with django_assert_max_num_queries(8):  # session, user, aliases, count, page: never one per ambassador
        assert len(options(editor_client, "ambassadors", "Cambodia")) == count


def test_the_story_form_labels_chosen_resolutions_as_the_search_does(editor_client, demo, aliases):
    story = Article.objects.get()
    html = editor_client.get(reverse("admin:articles_article_change", args=[story.pk])).content.decode()
    assert ">2020 · A/RES/75/… · Cooperation between UN and ASEAN</option>" in html
    assert ">Dang Dinh Quy · Viet Nam</option>" in html


def test_the_resolution_list_search_finds_by_fragment_and_year(editor_client, demo, aliases):
    url = reverse("admin:resolutions_resolution_changelist")
    assert editor_client.get(url, {"q": "77/12"}).context["cl"].result_count == 1
    assert editor_client.get(url, {"q": "2017"}).context["cl"].result_count == 1
    assert editor_client.get(url, {"q": ""}).context["cl"].result_count == Resolution.objects.count()


@pytest.mark.parametrize("term", ["\x00", "(((", "a" * 5000, "[a-z]+$", "' OR 1=1 --", "😀", "قرار", "77/"])
def test_odd_search_terms_answer_normally(editor_client, demo, aliases, term):
    for field in ("resolutions", "ambassadors"):
        options(editor_client, field, term)
    url = reverse("admin:resolutions_resolution_changelist")
    assert editor_client.get(url, {"q": term}).status_code == 200


def test_story_search_in_the_admin_is_unchanged(editor_client, demo):
    ArticleFactory(headline="Another story")
    url = reverse("admin:articles_article_changelist")
    assert editor_client.get(url, {"q": "Another"}).context["cl"].result_count == 1
