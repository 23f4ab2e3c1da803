"""Every kind of public page is valid HTML (Nu HTML Checker) and has no serious accessibility problem (axe-core).

The checkers come from npm (`package.json`, pinned); `make test` installs them. A missing checker fails the
test with the fix, it never skips: a quality gate that quietly skips is no gate.
"""

import json
import shutil
import subprocess

import pytest
from django.conf import settings

from articles.models import Article
from tests.browser.support import serve_media
from tests.factories import AuthorFactory

pytestmark = pytest.mark.slow  # Java's Nu HTML Checker, and axe-core in Chromium

ARTICLE = "/news/the-united-nations-approves-a-resolution-on-cooperation-with-asean/"
PAGES = {
    "home": "/",
    "list": "/news/",
    "list-filtered": "/news/?chair_year=2020&tag=asean",
    "list-invalid-filter": "/news/?chair_year=abc&from=2020-13-40",
    "article": ARTICLE,
    "search": "/search/?q=asean",
    "search-record": "/search/?q=Viet+Nam",
    "search-section": "/search/?q=asean&show=resolutions",
    "search-did-you-mean": "/search/?q=Cambodai",
    "search-empty": "/search/",
    "resolutions": "/resolutions/",
    "resolution": "/resolutions/asean-un-cooperation-2022/",
    "series": "/resolutions/series/asean-un-cooperation/",
    "ambassador": "/ambassadors/dang-dinh-quy/",
    "chair-year": "/chair/2020/",
    "not-found": "/no/such/page/",
    "country": "/countries/vnm/",
    "symbol-not-found": "/A/RES/99/99",
    "author": "/authors/test-writer/",
    "about": "/about/",
    "corrections-policy": "/corrections-policy/",
    "contact": "/contact/",
    "corrections": "/corrections/",
    "withdrawn": "/news/withdrawn-story/",
}
NODE_MODULES = settings.BASE_DIR / "node_modules"
VNU = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE = NODE_MODULES / "axe-core" / "axe.min.js"
INSTALL_HINT = "run `make test` (it runs `npm ci` when node_modules is missing) or `npm ci` beside package.json"


def require(path, what):
    assert path.exists(), f"{what} is missing at {path}: {INSTALL_HINT}."


def record_of_changes():
    """A correction on the demo story (shown on it and at /corrections/), and a withdrawn story (its 410 notice)."""
    from articles.models import Article
    from articles.services.record import correction_add
    from newsroom.actors import SYSTEM
    from tests.factories import ArticleFactory

    correction_add(article=Article.objects.get(), user=SYSTEM, kind="correction", text="An earlier version misdated the vote.")
    ArticleFactory(slug="withdrawn-story", status="withdrawn", withdrawn_reason="legal", withdrawn_reason_public=True)


@pytest.fixture
def trust(demo, newsroom_pages):
    """An author page to check: the demo names no writer (facts.md), so the test gives its story one."""
    author = AuthorFactory(name="Test Writer", slug="test-writer", role="Test role", bio="A test biography.")
    Article.objects.get(slug=ARTICLE.split("/")[2]).authors.add(author)


@pytest.fixture
def rendered(client, demo, aliases, trust):
    record_of_changes()
    pages = {}
    for name, url in PAGES.items():
        response = client.get(url)
        if name == "article":
            assert "misdated the vote" in response.content.decode()
        expected = 404 if name.endswith("not-found") else 410 if name == "withdrawn" else 200
        assert response.status_code == expected, url
        pages[name] = response.content.decode()
    return pages


def test_pages_are_valid_html(rendered, tmp_path):
    java = shutil.which("java")
    assert java, "Java (17 or later) is needed for the Nu HTML Checker: apt-get install -y default-jre-headless."
    require(VNU, "The Nu HTML Checker (npm vnu-jar)")
    files = []
    for name, html in rendered.items():
        path = tmp_path / f"{name}.html"
        path.write_text(html, encoding="utf-8")
        files.append(str(path))
    result = subprocess.run(
        [java, "-jar", str(VNU), "--errors-only", "--format", "json", *files],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,  # the report says what is wrong; the assertion below shows it
    )
    report = json.loads(result.stderr or result.stdout)  # vnu writes its report to stderr
    errors = [
        f"{m['url'].rsplit('/', 1)[-1]}:{m.get('lastLine', '?')}: {m['message']}"
        for m in report["messages"]
        if m["type"] in ("error", "non-document-error")
    ]
    assert not errors, "Nu HTML Checker errors:\n" + "\n".join(errors)


def test_pages_have_no_accessibility_violations_of_any_impact(live_server, demo, aliases, trust, browser):
    require(AXE, "axe-core (npm axe-core)")
    problems = []
    for width in (1280, 375):
        # The site's CSP forbids inline scripts; only the test's injected axe-core is let through.
        page = browser.new_page(viewport={"width": width, "height": 900}, bypass_csp=True)
        serve_media(page, settings.MEDIA_ROOT)
        for name, url in PAGES.items():
            page.goto(live_server.url + url)
            page.add_script_tag(path=str(AXE))
            results = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
            for violation in results["violations"]:  # any impact: minor and moderate ones too
                targets = [node["target"] for node in violation["nodes"]][:3]
                problems.append(f"{name} @{width}px: {violation['id']} ({violation['impact']}) {targets}")
        page.close()
    assert not problems, "axe-core violations:\n" + "\n".join(problems)
