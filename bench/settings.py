"""The site as `make bench` serves it: production settings plus the two baseline routes (bench/urls.py).

Only `bench/run.py` selects it (`DJANGO_SETTINGS_MODULE=bench.settings`); production never routes them.
"""

from newsroom.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
