import sys; sys.path.insert(0, "/work/wt-cache")
import os
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
os.environ.update(DJANGO_DEBUG="false", DJANGO_SECRET_KEY="x"*50, CACHE_URL="dummycache://", DJANGO_SECURE_SSL_REDIRECT="false")
import django; django.setup()
from django.test import Client
from django.db import connection
from django.test.utils import CaptureQueriesContext
c = Client()
path = sys.argv[1]
for _ in range(5): c.get(path, HTTP_HOST="127.0.0.1")
with CaptureQueriesContext(connection) as q:
    c.get(path, HTTP_HOST="127.0.0.1")
for x in q.captured_queries:
    print(x["time"], x["sql"][:300])
    print()
if "--explain" in sys.argv:
    with connection.cursor() as cur:
        for x in q.captured_queries:
            cur.execute("EXPLAIN ANALYZE " + x["sql"])
            print("\n".join(r[0] for r in cur.fetchall())[:3000]); print("-----")
