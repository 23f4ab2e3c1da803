from django.urls import path

from . import views

app_name = "autosave"
urlpatterns = [
    path("new/", views.autosave, name="new_story"),
    path("<int:article_id>/", views.autosave, name="story"),
]
