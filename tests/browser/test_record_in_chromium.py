"""The record's new pages and admin tools in real Chromium: the vote table's filter, a country page, the
Fact check panel with an acknowledgement, and Draft a story; at desktop and phone widths, with screenshots."""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from articles.models import Article, FactCheckAcknowledgement
from articles.services.workflow import article_unpublish
from resolutions.models import Resolution
from tests.test_html_quality import AXE, VNU, require

pytestmark = pytest.mark.browser

SLUG = "the-united-nations-approves-a-resolution-on-cooperation-with-asean"


@pytest.fixture
def shots(tmp_path):
    """Where screenshots go: SCREENSHOT_DIR when set (to look at them), else the test's temporary folder."""
    folder = Path(os.environ.get("SCREENSHOT_DIR") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def fits(page):
    """Nothing wider than the viewport: no sideways scrolling on a phone."""
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_a_reader_filters_the_vote_table(page, recorded_vote, shots):
    page.goto(recorded_vote.get_absolute_url())
    search = page.get_by_label("Find a member state")
    assert search.is_visible()  # shown by the script; without it the whole table shows
    rows = page.locator("#vote-table tbody tr")
    assert rows.count() == 6
    assert rows.first.locator("th").inner_text() == "Singapore ASEAN"
    page.screenshot(path=str(shots / "vote-table-1280.png"), full_page=True)
    search.fill("beta")
    assert [r.inner_text().split("\t")[0] for r in rows.all() if r.is_visible()] == ["Kingdom of Beta"]
    assert page.locator("#vote-filter-status").inner_text() == "Showing 1 of 6 member states."
    search.fill("viet")
    assert rows.filter(has_text="Viet Nam").is_visible()
    search.fill("")
    assert all(row.is_visible() for row in rows.all())
    page.set_viewport_size({"width": 375, "height": 800})
    page.reload()
    assert fits(page)
    page.screenshot(path=str(shots / "vote-table-375.png"), full_page=True)


def test_a_country_page_and_a_permalink_at_phone_width(page, recorded_vote, demo, shots):
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto("/countries/vnm/")
    assert page.locator("h1").inner_text() == "Viet Nam (Vietnam)"
    assert fits(page)
    page.screenshot(path=str(shots / "country-375.png"), full_page=True)
    response = page.goto("/a/res/77/12")
    assert response.status == 200 and page.url.endswith("/resolutions/asean-un-cooperation-2022/")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.screenshot(path=str(shots / "resolution-2022-1280.png"), full_page=True)
    response = page.goto("/A/RES/99/99")
    assert response.status == 404
    assert page.get_by_label("Search stories, resolutions and ambassadors").input_value() == "A/RES/99/99"


def sign_in(page, live_server, editor):
    page.goto("/admin/login/")
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill("a-long-password-1")
    with page.expect_navigation():
        page.get_by_role("button", name="Log in").click()


def test_an_editor_acknowledges_a_contradiction_and_publishes(page, live_server, demo, editor, shots):
    story = Article.objects.get(slug=SLUG)
    article_unpublish(article=story, user=editor)  # readers saw it: publishing it again keeps its date
    story.refresh_from_db()
    story.standfirst = "Adopted unanimously, with 120 co-sponsors."
    story.save()
    sign_in(page, live_server, editor)
    page.goto(f"/admin/articles/article/{story.pk}/change/")
    panel = page.locator("#factcheck")
    assert panel.locator(".factcheck-contradicts").count() == 2
    page.get_by_label("Status").select_option("published")
    with page.expect_navigation():
        page.locator("input[name=_continue]").click()
    errors = " ".join(page.locator(".errorlist").all_inner_texts())
    assert "contradiction(s) with the record, so the story was not published" in errors
    page.screenshot(path=str(shots / "factcheck-refused-1280.png"), full_page=True)
    for box in page.get_by_label("Acknowledge: publish anyway").all():
        box.check()
    with page.expect_navigation():
        page.locator("input[name=_continue]").click()
    assert page.locator(".messagelist").inner_text().count("is published") == 1
    assert Article.objects.published().filter(pk=story.pk).exists()
    assert FactCheckAcknowledgement.objects.filter(article=story, user=editor).count() == 2
    assert page.locator("#factcheck").get_by_text("Acknowledged by editor").count() == 2
    page.set_viewport_size({"width": 375, "height": 800})
    page.screenshot(path=str(shots / "factcheck-acknowledged-375.png"), full_page=True)


def test_draft_a_story_from_the_resolution_admin(page, live_server, demo, editor, shots):
    resolution = Resolution.objects.get(symbol="A/RES/77/12")
    sign_in(page, live_server, editor)
    page.goto(f"/admin/resolutions/resolution/{resolution.pk}/change/")
    page.screenshot(path=str(shots / "resolution-admin-1280.png"), full_page=False)
    with page.expect_navigation():
        page.get_by_role("button", name="Draft a story").click()
    assert "A draft built only from the record's facts" in page.locator(".messagelist").inner_text()
    headline = page.get_by_label("Headline").input_value()
    assert headline.startswith("General Assembly adopts A/RES/77/12")
    assert page.locator("#factcheck .factcheck-contradicts").count() == 0
    page.screenshot(path=str(shots / "draft-from-resolution-1280.png"), full_page=True)


def test_the_vote_page_is_valid_html_and_accessible(browser, live_server, client, recorded_vote, tmp_path):
    """The demo has no recorded vote, so the shared HTML checks never see the vote table: check it here."""
    html_file = tmp_path / "vote.html"
    html_file.write_text(client.get(recorded_vote.get_absolute_url()).content.decode(), encoding="utf-8")
    require(VNU, "The Nu HTML Checker (npm vnu-jar)")
    result = subprocess.run(
        [shutil.which("java"), "-jar", str(VNU), "--errors-only", "--format", "json", str(html_file)],
        capture_output=True, text=True, timeout=300, check=False,
    )
    messages = json.loads(result.stderr or result.stdout)["messages"]
    assert not [m["message"] for m in messages if m["type"] in ("error", "non-document-error")]
    require(AXE, "axe-core (npm axe-core)")
    problems = []
    for width in (1280, 375):
        page = browser.new_page(viewport={"width": width, "height": 900}, bypass_csp=True)  # to inject axe-core
        page.goto(live_server.url + recorded_vote.get_absolute_url())
        page.add_script_tag(path=str(AXE))
        results = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
        problems += [v["id"] for v in results["violations"] if v["impact"] in ("serious", "critical")]
        page.close()
    assert not problems
