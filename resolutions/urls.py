from django.urls import path, re_path

from . import views

app_name = "resolutions"

urlpatterns = [
    path("resolutions/", views.ResolutionListView.as_view(), name="list"),
    path("resolutions/series/<slug:slug>/", views.SeriesDetailView.as_view(), name="series_detail"),
    path("resolutions/series/<slug:slug>/editions.csv", views.series_csv, name="series_csv"),
    path("resolutions/<slug:slug>/", views.ResolutionDetailView.as_view(), name="detail"),
    path("ambassadors/<slug:slug>/", views.AmbassadorDetailView.as_view(), name="ambassador_detail"),
    path("chair/<int:year>/", views.ChairYearDetailView.as_view(), name="chair_year"),
    path("countries/<str:code>/", views.CountryDetailView.as_view(), name="country_detail"),
]

# /A/RES/77/12, /a/77/l.12/: symbol-shaped paths only (letters, then slash-separated parts, a digit somewhere).
# The root URLconf adds it after every other route, so it never shadows a page.
symbol_permalink = re_path(
    r"^(?P<symbol>(?=.*\d)[A-Za-z]{1,10}(?:/[A-Za-z0-9.()\-]+)+)/?$", views.symbol_permalink, name="symbol_permalink"
)
