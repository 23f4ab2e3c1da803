"""Admin widgets shared by the apps: photo thumbnails, and search-select boxes that survive a tampered form.

Django's autocomplete widgets query the database with whatever ids a form posted when they redraw an invalid
form, so `authors=abc` or an id past the integer range turns a form error into a 500. Every primary key here is
an integer: anything else is dropped before the query, and the form's own validation reports the bad value.
"""

from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.utils.html import format_html


def thumbnail(image, alt=""):
    """A small preview in admin lists and forms, sized by its height attribute: the Content-Security-Policy blocks
    `style=` attributes, and a blocked one showed the photo at full size."""
    if not image:
        return "—"
    return format_html('<img src="{}" alt="{}" height="48" loading="lazy">', image.url, alt)


def _integer_ids(values):
    return [v for v in values if v is not None and str(v).isascii() and str(v).isdigit() and len(str(v)) < 19]


class _SafeOptgroups:
    def optgroups(self, name, value, attr=None):
        return super().optgroups(name, _integer_ids(value), attr)


class SafeAutocompleteSelect(_SafeOptgroups, AutocompleteSelect):
    pass


class SafeAutocompleteSelectMultiple(_SafeOptgroups, AutocompleteSelectMultiple):
    pass


class SafeAutocompleteMixin:
    """For a ModelAdmin or inline with `autocomplete_fields`."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in self.get_autocomplete_fields(request) and "widget" not in kwargs:
            kwargs["widget"] = SafeAutocompleteSelect(db_field, self.admin_site, using=kwargs.get("using"))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name in self.get_autocomplete_fields(request) and "widget" not in kwargs:
            kwargs["widget"] = SafeAutocompleteSelectMultiple(db_field, self.admin_site, using=kwargs.get("using"))
        return super().formfield_for_manytomany(db_field, request, **kwargs)
