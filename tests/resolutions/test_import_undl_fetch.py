"""import_undl --symbol: one record from the Library's search API, here a local server replaying a recording."""

import io
import socket
import urllib.parse
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from resolutions.models import Resolution
from resolutions.undl import FetchError, LibraryClient

pytestmark = [pytest.mark.django_db, pytest.mark.slow]  # a local HTTP server

RECORDING = (Path(__file__).parent / "recordings" / "search-A_RES_99_1.xml").read_bytes()
EMPTY = b"<response><total>0</total><search_id>x</search_id><collection xmlns='http://www.loc.gov/MARC21/slim'/></response>"


def run(*args):
    out = io.StringIO()
    call_command("import_undl", *args, stdout=out)
    return out.getvalue()


def fails(*args):
    out = io.StringIO()
    with pytest.raises(CommandError, match="nothing was written"):
        call_command("import_undl", *args, stdout=out)
    return out.getvalue()


def test_a_symbol_is_fetched_with_the_token_and_imported(library_server, settings):
    settings.UNDL_API_TOKEN = "secret-token"
    library_server.queue(body=RECORDING)
    output = run("--symbol", "a/res/99/1")
    assert "A/RES/99/1: created" in output
    request = library_server.requests[0]
    query = urllib.parse.parse_qs(urllib.parse.urlparse(request["path"]).query)
    assert query == {"p": ['191__a:"A/RES/99/1"'], "format": ["xml"]}
    assert request["headers"]["Authorization"] == "Token secret-token"
    resolution = Resolution.objects.get(symbol="A/RES/99/1")
    assert resolution.undl_record_id == 9000042
    assert (resolution.votes_yes, resolution.votes_no, resolution.votes_abstain) == (120, 4, 50)
    assert resolution.draft_symbol == "A/99/L.12/Rev.1" and resolution.agenda_item == "128 (q)"
    assert resolution.field_sources["votes_yes"]["source"] == "UN Digital Library record 9000042, MARC 996$a"


def test_without_a_token_no_authorization_is_sent(library_server):
    library_server.queue(body=RECORDING)
    run("--symbol", "A/RES/99/1")
    assert "Authorization" not in library_server.requests[0]["headers"]


def test_too_many_requests_is_retried_after_the_wait_the_library_asks_for(library_server):
    library_server.queue(status=429, headers={"Retry-After": "0"})
    library_server.queue(status=429, headers={"Retry-After": "0"})
    library_server.queue(body=RECORDING)
    assert "A/RES/99/1: created" in run("--symbol", "A/RES/99/1")
    assert len(library_server.requests) == 3


def test_retries_stop_and_say_so(library_server):
    waits = []
    client = LibraryClient(url=library_server.url, retries=2, sleep=waits.append)
    for _ in range(3):
        library_server.queue(status=429, headers={"Retry-After": "7"})
    with pytest.raises(FetchError, match="too many requests"):
        client.fetch_symbol("A/RES/99/1")
    assert waits == [7.0, 7.0]


def test_a_refusal_says_to_set_the_token(library_server):
    library_server.queue(status=401, body=b"Unauthorized")
    assert "HTTP 401): set UNDL_API_TOKEN" in fails("--symbol", "A/RES/99/1")
    assert not Resolution.objects.exists()


def test_an_unknown_symbol_is_a_clear_line(library_server):
    library_server.queue(body=EMPTY)
    assert "A/RES/99/404: the UN Digital Library has no record with this symbol" in fails("--symbol", "A/RES/99/404")


def test_offline_is_a_clear_message(settings):
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.UNDL_API_URL = f"http://127.0.0.1:{port}/api/v1/search"
    output = fails("--symbol", "A/RES/99/1")
    assert "Could not reach the UN Digital Library" in output
    assert "import the file instead" in output


def test_a_library_that_does_not_answer_in_time_is_given_up(library_server, settings):
    settings.UNDL_TIMEOUT = 0.3
    library_server.queue(body=RECORDING, delay=2)
    assert "Could not reach the UN Digital Library" in fails("--symbol", "A/RES/99/1")
