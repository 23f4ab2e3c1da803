from django.urls import re_path

from . import views
from .models import Page

app_name = "pages"

# Only the purposes' addresses: any other path is not a page (and falls through to the routes after this one).
SLUGS = "|".join(Page.Purpose.values)

urlpatterns = [
    re_path(rf"^(?P<slug>{SLUGS})/$", views.PageDetailView.as_view(), name="detail"),
]
