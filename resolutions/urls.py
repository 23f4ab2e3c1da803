from django.urls import path

from . import views

app_name = "resolutions"

urlpatterns = [
    path("resolutions/", views.ResolutionListView.as_view(), name="list"),
    path("resolutions/series/<slug:slug>/", views.SeriesDetailView.as_view(), name="series_detail"),
    path("resolutions/<slug:slug>/", views.ResolutionDetailView.as_view(), name="detail"),
    path("ambassadors/<slug:slug>/", views.AmbassadorDetailView.as_view(), name="ambassador_detail"),
    path("chair/<int:year>/", views.ChairYearDetailView.as_view(), name="chair_year"),
]
