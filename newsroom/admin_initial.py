"""Add forms prefilled from the address (`?publish_at=...`) that survive a bad or tampered value.

Django hands query-string values to the form's widgets as they are: a split date-and-time widget then fails on a
string (a 500), and a number field shows text it cannot hold. Here each prefilled value of a date, time or number
field is read by its form field first; one it cannot read is left out, with a message saying so.
"""

from django.contrib import messages
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models

PARSED_FIELDS = (models.DateField, models.TimeField, models.IntegerField, models.DecimalField, models.FloatField)


class SafeInitialDataMixin:
    """For a ModelAdmin whose add form may be opened from a link carrying field values."""

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        for name, value in list(initial.items()):
            try:
                field = self.opts.get_field(name)
            except FieldDoesNotExist:
                continue
            if field.is_relation or not isinstance(field, PARSED_FIELDS) or not isinstance(value, str):
                continue
            try:
                initial[name] = field.formfield().to_python(value)
            except (ValidationError, OverflowError, ValueError):
                del initial[name]
                messages.warning(
                    request,
                    f"The link gave “{value[:40]}” as the {field.verbose_name}, which is not a valid value; "
                    "that field was left as it would be for a new story.",
                )
        return initial
