"""Real Varnish (deploy/varnish.vcl) in front of a live server of the app, on loopback.

Proves the HTTP cache tier: pages cached there, an edit visible through it at once (the app purges by surrogate
key after the commit), drafts, previews and the admin never cached there.
"""

import http.client
import re
import shutil
import socket
import subprocess
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.urls import reverse

from articles.models import Article
from articles.services.workflow import article_publish, article_withdraw
from newsroom.actors import SYSTEM
from pages.models import Page
from tests.factories import ArticleFactory, AuthorFactory

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

VCL = Path(django_settings.BASE_DIR) / "deploy" / "varnish.vcl"


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def backend_vcl(port):
    """deploy/varnish.vcl with its backend pointed at `port`."""
    return re.sub(r'\.port = "\d+";', f'.port = "{port}";', VCL.read_text(), count=1)


@pytest.fixture
def varnish(live_server, settings, tmp_path):
    """varnishd on a free loopback port with its own working directory, in front of `live_server`; the app
    purges it and caches pages itself too (local memory)."""
    varnishd = shutil.which("varnishd") or shutil.which("varnishd", path="/usr/sbin")
    if varnishd is None:
        pytest.skip("varnishd is not installed (apt-get install varnish varnish-modules)")
    backend_port = int(live_server.url.rsplit(":", 1)[1])
    port = free_port()
    vcl = tmp_path / "newsroom.vcl"
    vcl.write_text(backend_vcl(backend_port))
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                                   "LOCATION": f"varnish-{uuid.uuid4()}"}}
    settings.NEWSROOM_PURGE_URLS = [f"http://127.0.0.1:{port}/"]
    log = (tmp_path / "varnishd.log").open("w")
    process = subprocess.Popen(
        [varnishd, "-F", "-j", "none", "-n", str(tmp_path / "varnish"), "-a", f"127.0.0.1:{port}",
         "-f", str(vcl), "-s", "malloc,32m"],
        stdout=log, stderr=subprocess.STDOUT,
    )
    try:
        for _ in range(100):
            try:
                if process.poll() is None and request(port, "GET", "/healthz")[0] == 200:
                    break
            except OSError:
                pass
            time.sleep(0.1)
        else:
            pytest.fail("varnishd did not start: " + (tmp_path / "varnishd.log").read_text())
        yield port
    finally:
        process.terminate()
        process.wait(timeout=20)
        log.close()


def request(port, method, path, headers=None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request(method, path, headers=headers or {})
    response = connection.getresponse()
    body = response.read().decode()
    connection.close()
    return response.status, {k.lower(): v for k, v in response.getheaders()}, body


def get(port, path, **headers):
    return request(port, "GET", path, headers)


def test_a_public_page_is_served_by_varnish_on_the_second_request(varnish):
    story = ArticleFactory(headline="Cached at the edge")
    status, headers, body = get(varnish, story.get_absolute_url())
    assert status == 200
    assert headers["x-cache"] == "MISS"
    assert "Cached at the edge" in body
    assert "surrogate-key" not in headers and "xkey" not in headers  # internal to the tier
    status, headers, body = get(varnish, story.get_absolute_url())
    assert headers["x-cache"] == "HIT"
    assert "Cached at the edge" in body


def test_an_edit_is_visible_through_varnish_at_once(varnish):
    story = ArticleFactory(headline="Before the correction")
    url = story.get_absolute_url()
    get(varnish, url)
    assert get(varnish, url)[1]["x-cache"] == "HIT"
    story.headline = "After the correction"
    story.save()
    status, headers, body = get(varnish, url)
    assert "After the correction" in body
    assert headers["x-cache"] == "MISS"


def test_an_author_or_page_edit_is_visible_through_varnish_at_once(varnish, newsroom_pages):
    author = AuthorFactory(name="Lan Pham", role="UN correspondent")
    ArticleFactory(headline="By Lan").authors.add(author)
    policy = Page.objects.get(slug="corrections-policy")
    for url in (author.get_absolute_url(), policy.get_absolute_url()):
        get(varnish, url)
        assert get(varnish, url)[1]["x-cache"] == "HIT", url
    author.role = "Diplomatic editor"
    author.save()
    policy.body = "We correct errors at the top of the story."
    policy.save()
    assert "Diplomatic editor" in get(varnish, author.get_absolute_url())[2]
    assert "We correct errors" in get(varnish, policy.get_absolute_url())[2]


def test_publishing_reaches_the_home_page_through_varnish_and_spares_other_stories(varnish):
    other = ArticleFactory(headline="An older, unrelated story")
    draft = ArticleFactory(headline="Just published", status=Article.Status.DRAFT)
    for url in ("/", other.get_absolute_url()):
        get(varnish, url)
        assert get(varnish, url)[1]["x-cache"] == "HIT"
    article_publish(article=draft, user=SYSTEM)
    assert "Just published" in get(varnish, "/")[2]
    assert get(varnish, other.get_absolute_url())[1]["x-cache"] == "HIT"


def test_campaign_parameters_share_one_cached_copy(varnish):
    story = ArticleFactory()
    get(varnish, story.get_absolute_url())
    status, headers, _body = get(varnish, f"{story.get_absolute_url()}?utm_source=newsletter&fbclid=abc")
    assert headers["x-cache"] == "HIT"


def test_drafts_previews_and_the_admin_are_never_cached_in_varnish(varnish, client, editor):
    draft = ArticleFactory(headline="Secret draft", status=Article.Status.DRAFT)
    client.force_login(editor)
    cookie = f"sessionid={client.cookies['sessionid'].value}"
    for _ in range(2):
        status, headers, body = get(varnish, draft.get_absolute_url(), Cookie=cookie)
        assert status == 200 and "Secret draft" in body
        assert headers["x-cache"] != "HIT"
    status, _headers, body = get(varnish, draft.get_absolute_url())  # a reader, right after the editor
    assert status == 404
    assert "Secret draft" not in body
    for _ in range(2):
        status, headers, _body = get(varnish, reverse("admin:login"))
        assert status == 200
        assert headers["x-cache"] != "HIT"
    for _ in range(2):
        status, headers, _body = get(varnish, "/news/no-such-story/")
        assert status == 404 and headers["x-cache"] != "HIT"


def test_only_purges_with_keys_are_accepted(varnish):
    assert request(varnish, "PURGE", "/")[0] == 400
    assert request(varnish, "PURGE", "/", {"xkey-purge": "articles.article:1"})[0] == 200


def test_a_withdrawn_story_is_gone_through_varnish_at_once(varnish):
    story = ArticleFactory(headline="Taken down at the edge")
    for url in ("/", story.get_absolute_url()):
        get(varnish, url)
        assert get(varnish, url)[1]["x-cache"] == "HIT"
    article_withdraw(article=story, user=SYSTEM, reason="legal")
    status, headers, body = get(varnish, story.get_absolute_url())
    assert status == 410 and "This story has been withdrawn" in body
    assert get(varnish, story.get_absolute_url())[1]["x-cache"] != "HIT"  # the notice is never kept there
    assert "Taken down at the edge" not in get(varnish, "/")[2]
