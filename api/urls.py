from django.urls import path
from rest_framework.routers import DefaultRouter

from . import views

app_name = "api"

router = DefaultRouter()
router.register("resolutions", views.ResolutionViewSet, basename="resolution")
router.register("ambassadors", views.AmbassadorViewSet, basename="ambassador")
router.register("chair-years", views.ChairYearViewSet, basename="chair-year")
router.register("stories", views.StoryViewSet, basename="story")

urlpatterns = [
    path("schema/", views.SchemaView.as_view(), name="schema"),
    *router.urls,
]
