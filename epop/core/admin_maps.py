"""Maps in the admin (/gestion/), drawn by django-leaflet's widget.

Geometry in the admin is data the code computes (a commune's centre from the reference data, a
published profile's home point and travel zone from validation), so the admin shows it on a map
and never lets anyone edit it there. django-leaflet's widget writes one inline script that carries
a nonce: the one exception to the no-inline-script rule, and it stays inside the admin. Django's
CSP middleware keeps the request's nonce where `django.middleware.csp.get_nonce` reads it;
django-leaflet looks for `request.csp_nonce`, which Django does not set, so the nonce is handed to
the widget here.

A read-only field of the admin is rendered without the request, so `changeform_view` keeps it in
a context variable while the page renders.
"""

from contextvars import ContextVar

from django.contrib import admin
from django.middleware.csp import get_nonce
from leaflet.forms.widgets import LeafletWidget

_request = ContextVar("admin_map_request", default=None)


class ReadOnlyMapWidget(LeafletWidget):
    modifiable = False
    include_media = True


class MapAdminMixin(admin.ModelAdmin):
    """`map_of(obj, "field")` in a read-only field renders that geometry on a map."""

    @property
    def media(self):
        return super().media + ReadOnlyMapWidget().media

    def changeform_view(self, request, *args, **kwargs):
        token = _request.set(request)
        try:
            response = super().changeform_view(request, *args, **kwargs)
            if hasattr(response, "render"):
                response.render()  # read-only fields are rendered now, while the request is known
            return response
        finally:
            _request.reset(token)

    def map_of(self, obj, field_name: str):
        value = getattr(obj, field_name)
        if value is None:
            return self.get_empty_value_display()
        widget = ReadOnlyMapWidget(attrs={"geom_type": value.geom_type})
        request = _request.get()
        widget.csp_nonce = get_nonce(request) if request is not None else None
        return widget.render(f"{field_name}_map", value, attrs={"id": f"id_{field_name}_map"})
