from django.urls import include, path

from . import views

urlpatterns = [
    path("bench/minimal/", views.bench_minimal, name="bench_minimal"),
    path("bench/floor/<slug:slug>/", views.bench_floor, name="bench_floor"),
    path("", include("newsroom.urls")),
]
