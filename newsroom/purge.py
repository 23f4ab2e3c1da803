"""Purging the HTTP caches in front of the app (Varnish with the xkey vmod; deploy/varnish.vcl).

Each public page is sent with `Surrogate-Key: <the keys it depends on>`; a change sends
`PURGE /` with `xkey-purge: <keys>` to every URL in `NEWSROOM_PURGE_URLS`. Fastly reads the same
`Surrogate-Key` header (purge by key through its API); Cloudflare calls it `Cache-Tag` (README, "Caching").
"""

import http.client
import logging
from urllib.parse import urlsplit

from django.conf import settings

logger = logging.getLogger(__name__)

# Varnish's default limit on a request header is 8 KB; purges are sent in chunks well below it.
HEADER_BUDGET = 4000


def chunks(keys, budget=HEADER_BUDGET):
    batch, size = [], 0
    for key in keys:
        if batch and size + len(key) + 1 > budget:
            yield batch
            batch, size = [], 0
        batch.append(key)
        size += len(key) + 1
    if batch:
        yield batch


def purge_http_caches(keys):
    """PURGE `keys` from each configured HTTP cache, with a short timeout; failures are logged, not raised."""
    for url in settings.NEWSROOM_PURGE_URLS:
        parts = urlsplit(url)
        for batch in chunks(keys):
            try:
                conn_class = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
                conn = conn_class(parts.hostname, parts.port, timeout=settings.NEWSROOM_PURGE_TIMEOUT)
                conn.request("PURGE", parts.path or "/", headers={"xkey-purge": " ".join(batch)})
                response = conn.getresponse()
                response.read()
                conn.close()
                if response.status >= 400:
                    logger.warning("purge refused by %s: %s %s", url, response.status, response.reason)
            except OSError:
                logger.warning("purge failed at %s", url, exc_info=True)
