"""The newsroom's pages about itself: About, Corrections policy and Contact, edited in the admin, linked from
every page's footer, in the sitemap, and named in the organisation's JSON-LD while they exist."""

import json
import re

import pytest
from django.urls import reverse

from pages.models import Page

pytestmark = pytest.mark.django_db

FOOTER = {"about": "About", "corrections-policy": "Corrections policy", "contact": "Contact"}


def json_ld(response):
    blocks = re.findall(rb'<script type="application/ld\+json">(.*?)</script>', response.content, re.DOTALL)
    return [json.loads(block) for block in blocks]


def test_the_migration_seeds_placeholders_that_invent_nothing(newsroom_pages):
    assert {page.slug: page.title for page in newsroom_pages} == FOOTER
    assert {page.body for page in newsroom_pages} == {"This page is to be written by the newsroom."}


@pytest.mark.parametrize("slug", FOOTER)
def test_each_page_is_served_at_its_address(client, newsroom_pages, slug):
    response = client.get(f"/{slug}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert f"<h1>{FOOTER[slug]}</h1>" in html
    assert "This page is to be written by the newsroom." in html


def test_the_body_keeps_paragraphs_and_links_addresses_and_escapes_the_rest(client, newsroom_pages):
    Page.objects.filter(slug="contact").update(
        body="Write to desk@example.org.\n\nOr see https://example.org/desk <b>now</b>."
    )
    html = client.get("/contact/").content.decode()
    assert '<a href="mailto:desk@example.org">desk@example.org</a>' in html
    assert 'href="https://example.org/desk"' in html
    assert "&lt;b&gt;now&lt;/b&gt;" in html and html.count("<p>Write to") == 1


def test_an_unknown_or_missing_page_is_a_404(client, newsroom_pages):
    assert client.get("/ethics/").status_code == 404
    Page.objects.filter(slug="contact").delete()
    assert client.get("/contact/").status_code == 404


def test_every_page_links_the_three_from_its_footer(client, newsroom_pages):
    html = client.get(reverse("articles:list")).content.decode()
    footer = html.split('<footer class="site-footer">')[1]
    for slug, title in FOOTER.items():
        assert f'<a href="/{slug}/">{title}</a>' in footer


def test_the_pages_are_in_the_sitemap(client, newsroom_pages):
    xml = client.get("/sitemap.xml").content.decode()
    for slug in FOOTER:
        assert f"<loc>http://testserver/{slug}/</loc>" in xml


def test_the_organisation_names_its_corrections_policy_and_contact(client, newsroom_pages):
    for url in (reverse("articles:home"), "/about/"):
        data = next(d for d in json_ld(client.get(url)) if d["@type"] == "NewsMediaOrganization")
        assert data["correctionsPolicy"] == "http://testserver/corrections-policy/", url
        assert data["publishingPrinciples"] == "http://testserver/about/", url
        assert data["contactPoint"]["url"] == "http://testserver/contact/", url
        assert data["@id"] == "http://testserver/#organization"


def test_the_organisation_names_no_policy_without_its_page(client, newsroom_pages):
    Page.objects.filter(slug__in=["corrections-policy", "about"]).delete()
    data = next(d for d in json_ld(client.get(reverse("articles:home"))) if d["@type"] == "NewsMediaOrganization")
    assert "correctionsPolicy" not in data and "publishingPrinciples" not in data
    assert data["name"] == "The Diplomatic Desk"


def test_a_page_runs_one_query(client, newsroom_pages, django_assert_max_num_queries):
    with django_assert_max_num_queries(1):
        assert client.get("/corrections-policy/").status_code == 200


def test_an_editor_rewrites_a_page_in_the_admin_but_cannot_delete_it(admin_client, newsroom_pages):
    page = Page.objects.get(slug="about")
    data = {"slug": "about", "title": "About us", "body": "Written by the newsroom."}
    assert admin_client.post(reverse("admin:pages_page_change", args=[page.pk]), data).status_code == 302
    page.refresh_from_db()
    assert (page.title, page.body) == ("About us", "Written by the newsroom.")
    assert admin_client.get(reverse("admin:pages_page_delete", args=[page.pk])).status_code == 403
    assert admin_client.get(reverse("admin:pages_page_add")).status_code == 403  # every purpose has its page


def test_a_deleted_page_can_be_added_again_in_the_admin(admin_client, newsroom_pages):
    Page.objects.filter(slug="contact").delete()
    data = {"slug": "contact", "title": "Contact", "body": "The newsroom's address."}
    assert admin_client.post(reverse("admin:pages_page_add"), data).status_code == 302
    assert Page.objects.filter(slug="contact").exists()
