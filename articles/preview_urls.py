from django.urls import path

from .preview import ArticleShareView

app_name = "preview"

urlpatterns = [
    path("<str:token>/", ArticleShareView.as_view(), name="article"),
]
