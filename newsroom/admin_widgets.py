"""Admin widgets shared by the apps: photo thumbnails, and search-select boxes that survive a tampered form.

Django's autocomplete widgets query the database with whatever ids a form posted when they redraw an invalid
form, so `authors=abc` or an id past the integer range turns a form error into a 500. Every primary key here is
an integer: anything else is dropped before the query, and the form's own validation reports the bad value.
"""

from django.contrib.admin.views.autocomplete import AutocompleteJsonView
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
    """For a ModelAdmin or inline with `autocomplete_fields`. The options already chosen are labelled as the
    search-select box labels the ones it finds (`LabelledAutocompleteJsonView`)."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in self.get_autocomplete_fields(request) and "widget" not in kwargs:
            kwargs["widget"] = SafeAutocompleteSelect(db_field, self.admin_site, using=kwargs.get("using"))
        return self._labelled(db_field, request, super().formfield_for_foreignkey(db_field, request, **kwargs))

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name in self.get_autocomplete_fields(request) and "widget" not in kwargs:
            kwargs["widget"] = SafeAutocompleteSelectMultiple(db_field, self.admin_site, using=kwargs.get("using"))
        return self._labelled(db_field, request, super().formfield_for_manytomany(db_field, request, **kwargs))

    def _labelled(self, db_field, request, formfield):
        remote_admin = self.admin_site._registry.get(db_field.remote_field.model)
        labeller = getattr(remote_admin, "autocomplete_labeller", None)
        if formfield is not None and labeller is not None and db_field.name in self.get_autocomplete_fields(request):
            formfield.label_from_instance = labeller(request)
            if isinstance(remote_admin.list_select_related, (list, tuple)):  # what the label reads, in the same query
                formfield.queryset = formfield.queryset.select_related(*remote_admin.list_select_related)
        return formfield


class LabelledAutocompleteJsonView(AutocompleteJsonView):
    """Django's search-select answers, each option labelled by the searched model's admin when it has an
    `autocomplete_labeller(request)` (returning obj -> label); its `list_select_related` is read with the page."""

    def get_queryset(self):
        queryset = super().get_queryset()
        if isinstance(self.model_admin.list_select_related, (list, tuple)):
            queryset = queryset.select_related(*self.model_admin.list_select_related)
        return queryset

    def serialize_result(self, obj, to_field_name):
        result = super().serialize_result(obj, to_field_name)
        if labeller := getattr(self.model_admin, "autocomplete_labeller", None):
            if not hasattr(self, "_label"):
                self._label = labeller(self.request)
            result["text"] = self._label(obj)
        return result
