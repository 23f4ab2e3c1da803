import sys; sys.path.insert(0, "/work/wt-cache")
import os, time, statistics, sys
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
os.environ["DJANGO_DEBUG"]="false"; os.environ["DJANGO_SECRET_KEY"]="x"*50; os.environ["CACHE_URL"]="dummycache://"; os.environ["DJANGO_SECURE_SSL_REDIRECT"]="false"
import django; django.setup()
from django.test import Client
from django.db import connection
from django.test.utils import CaptureQueriesContext
from articles.models import Article
path = sys.argv[1] if len(sys.argv) > 1 else Article.objects.published().first().get_absolute_url()
c = Client()
for _ in range(20): c.get(path, HTTP_HOST="127.0.0.1")
ts=[]
for _ in range(100):
    t=time.perf_counter(); r=c.get(path, HTTP_HOST="127.0.0.1"); ts.append(1000*(time.perf_counter()-t))
print(path, r.status_code, "median ms", statistics.median(ts))
with CaptureQueriesContext(connection) as q:
    c.get(path, HTTP_HOST="127.0.0.1")
print(len(q.captured_queries), sum(float(x["time"]) for x in q.captured_queries)*1000, "ms sql")
if "--profile" in sys.argv:
    import cProfile, pstats
    pr = cProfile.Profile(); pr.enable()
    for _ in range(50): c.get(path, HTTP_HOST="127.0.0.1")
    pr.disable(); pstats.Stats(pr).sort_stats("cumulative").print_stats(40)
