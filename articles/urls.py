from django.urls import path

from . import views

app_name = "articles"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("news/", views.ArticleListView.as_view(), name="list"),
    path("news/<slug:slug>/", views.ArticleDetailView.as_view(), name="detail"),
]
