"""The admin site whose home page is the desk.

A custom `index()` rather than a template tag: the panels are read by plain Python (desk/dashboard.py) whose
query count a test pins, and the template only shows them (templates/admin/index.html).
"""

from django.utils import timezone

from newsroom.admin_site import NewsroomAdminSite

from .dashboard import desk_for


class DeskAdminSite(NewsroomAdminSite):
    """The newsroom's admin site (labelled search-select boxes) with the desk on its home page."""

    def index(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "desk_panels": desk_for(request.user), "today": timezone.localdate()}
        return super().index(request, extra_context)
