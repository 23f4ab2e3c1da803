"""The admin site whose home page is the desk.

A custom `index()` rather than a template tag: the panels are read by plain Python (desk/dashboard.py) whose
query count a test pins, and the template only shows them (templates/admin/index.html).
"""

from django.contrib import admin
from django.utils import timezone

from .dashboard import desk_for


class NewsroomAdminSite(admin.AdminSite):
    def index(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "desk_panels": desk_for(request.user), "today": timezone.localdate()}
        return super().index(request, extra_context)
