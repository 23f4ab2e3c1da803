"""Admin change lists whose date drill-down survives a tampered address.

Django catches a `ValueError` from `?publish_at__year=...` but not the `OverflowError` of a year past the C
integer range (`?publish_at__year=99999999999`): a 500. Here it is the same "?e=1" notice as any bad lookup.
"""

from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ChangeList


class SafeChangeList(ChangeList):
    def get_filters(self, request):
        try:
            return super().get_filters(request)
        except OverflowError as error:
            raise IncorrectLookupParameters(error) from error


class SafeDateHierarchyMixin:
    """For a ModelAdmin with `date_hierarchy`."""

    def get_changelist(self, request, **kwargs):
        return SafeChangeList
