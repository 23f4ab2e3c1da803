import datetime as dt

import pytest
from django.utils import timezone

from articles.models import Article
from tests.factories import (
    AmbassadorFactory,
    ArticleFactory,
    AuthorFactory,
    ChairYearFactory,
    CountryFactory,
    ResolutionFactory,
    SeriesFactory,
    TenureFactory,
)


@pytest.fixture
def hidden_stories():
    """One story in each state readers must not see: draft, in review, and published but scheduled."""

    def make(**links):
        future = timezone.now() + dt.timedelta(days=1)
        stories = [
            ArticleFactory(headline="Draft story", status=Article.Status.DRAFT),
            ArticleFactory(headline="Story in review", status=Article.Status.REVIEW),
            ArticleFactory(headline="Scheduled story", status=Article.Status.PUBLISHED, publish_at=future),
        ]
        link(stories, **links)
        return stories

    return make


def link(stories, resolution=None, ambassador=None, chair_year=None):
    for story in stories:
        if resolution is not None:
            story.resolutions.add(resolution)
        if ambassador is not None:
            story.ambassadors.add(ambassador)
        if chair_year is not None:
            story.chair_year_override = chair_year
            story.save()


@pytest.fixture
def make_record(db):
    """A series whose latest edition has an ambassador, a chair year, co-sponsors and stories, at any size.

    Query-count tests build it small and large and expect the same bound.
    """

    def make(*, editions=3, cosponsors=2, stories=1, year=2020):
        chair_year = ChairYearFactory(year=year, theme="A theme")
        ambassador = AmbassadorFactory(native_name="Native name")
        TenureFactory(ambassador=ambassador)
        TenureFactory(ambassador=ambassador, started_on=None)
        series = SeriesFactory()
        countries = CountryFactory.create_batch(cosponsors)
        first = year - 2 * (editions - 1)
        resolutions = []
        for edition_year in range(first, year + 1, 2):
            resolution = ResolutionFactory(
                series=series,
                year=edition_year,
                chair_year=chair_year if edition_year == year else None,
                introduced_by=ambassador,
            )
            resolution.co_sponsors.set(countries)
            resolutions.append(resolution)
        latest = resolutions[-1]
        author = AuthorFactory()
        published = ArticleFactory.create_batch(stories)
        for story in published:
            story.authors.add(author)
        link(published, resolution=latest, ambassador=ambassador, chair_year=chair_year)
        return latest
    return make


class LibraryServer:
    """A stand-in for the UN Digital Library's search API on loopback: it replays queued answers in order
    (status, headers, body, delay) and keeps the requests it got, so tests never reach the internet."""

    def __init__(self):
        self.answers = []
        self.requests = []
        self.server = None

    def queue(self, status=200, body=b"", headers=None, delay=0):
        self.answers.append((status, headers or {}, body, delay))

    @property
    def url(self):
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}/api/v1/search"


@pytest.fixture
def library_server(settings):
    import http.server
    import threading
    import time

    library = LibraryServer()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            library.requests.append({"path": self.path, "headers": dict(self.headers)})
            status, headers, body, delay = library.answers.pop(0) if library.answers else (500, {}, b"", 0)
            time.sleep(delay)
            try:
                self.send_response(status)
                self.send_header("Content-Type", "application/xml; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                for name, value in headers.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (a timeout test)

        def log_message(self, *args):
            pass

    library.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    library.server.daemon_threads = True
    thread = threading.Thread(target=library.server.serve_forever, daemon=True)
    thread.start()
    settings.UNDL_API_URL = library.url
    settings.UNDL_API_TOKEN = ""
    yield library
    library.server.shutdown()
    library.server.server_close()
    thread.join(timeout=5)
