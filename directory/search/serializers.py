"""What the API says about a peer worker: a GeoJSON feature placed on their commune centre.

Only what the public search page shows in its results list leaves the server: the display name,
the commune and department, the distance, and the link to the public profile page. The geometry
is the commune centre copied at validation (`home_point`), never anything more precise.
"""

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework_gis.fields import GeometryField
from rest_framework_gis.serializers import GeoFeatureModelSerializer

from directory.profiles.models import PublishedProfile

# The columns the serializer reads: the API's query selects these and nothing else (plus the
# commune's name, annotated as `commune_name`).
API_COLUMNS = ("profile_id", "display_name", "home_point", "department")


class CommuneCentreField(GeometryField):
    """A GeoJSON Point read straight from the coordinates. rest_framework_gis goes through GDAL
    (an OGR geometry and an EPSG lookup per feature), which was most of the serialising time."""

    def to_representation(self, value):
        return {"type": "Point", "coordinates": [value.x, value.y]}


class PeerWorkerSerializer(GeoFeatureModelSerializer):
    # One peer worker of the public directory, as a GeoJSON Feature. (A comment, not a docstring:
    # drf-spectacular would publish a docstring as the English description of the schema.)

    home_point = CommuneCentreField(read_only=True)
    id = serializers.IntegerField(source="profile_id", help_text="Identifiant du profil public.")
    display_name = serializers.CharField(help_text="Nom affiché, par exemple « Inès A. ».")
    commune = serializers.CharField(
        source="commune_name", help_text="Commune de l'intervenant·e (son centre)."
    )
    department = serializers.CharField(help_text="Code du département, par exemple 33.")
    distance_km = serializers.SerializerMethodField(
        help_text=(
            "Distance en kilomètres, arrondie au dixième, entre le lieu cherché et le centre de "
            "la commune de l'intervenant·e. Présente seulement quand la recherche donne un lieu "
            "(commune, ou lat et lon)."
        )
    )
    url = serializers.SerializerMethodField(help_text="Adresse de la page publique du profil.")

    class Meta:
        model = PublishedProfile
        geo_field = "home_point"
        # The id is a property (with the others), not the Feature's top-level member.
        id_field = False
        fields = ("id", "display_name", "commune", "department", "distance_km", "url")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Without a place there is no distance: the property is absent rather than null. (The
        # schema generator gives no context: it documents the property.)
        if self.context.get("with_distance") is False:
            self.fields.pop("distance_km", None)

    @extend_schema_field(OpenApiTypes.DOUBLE)
    def get_distance_km(self, profile) -> float | None:
        distance = getattr(profile, "distance_km", None)
        return None if distance is None else round(distance, 1)

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, profile) -> str:
        path = reverse("directory:profile", kwargs={"pk": profile.profile_id})
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path
