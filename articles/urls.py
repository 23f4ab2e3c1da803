from django.urls import path

from . import authors, feeds, record_views, views

app_name = "articles"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("news/", views.ArticleListView.as_view(), name="list"),
    path("news/<slug:slug>/", views.ArticleDetailView.as_view(), name="detail"),
    path("authors/<slug:slug>/", authors.AuthorDetailView.as_view(), name="author"),
    path("feeds/latest/", feeds.LatestStoriesFeed(), name="feed_latest"),
    path("feeds/latest/atom/", feeds.LatestStoriesAtomFeed(), name="feed_latest_atom"),
    path("feeds/chair/<int:year>/", feeds.ChairYearFeed(), name="feed_chair_year"),
    path("corrections/", record_views.CorrectionListView.as_view(), name="corrections"),
    path("corrections/feed/", feeds.CorrectionsFeed(), name="corrections_feed"),
]
