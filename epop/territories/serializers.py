"""What the API says about a commune: French field names, the shapes the autocomplete needs."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from epop.core.filters import NonEmptyIntegerField

from . import search


class CentreSerializer(serializers.Serializer):
    lat = serializers.FloatField(help_text="Latitude (WGS 84).")
    lon = serializers.FloatField(help_text="Longitude (WGS 84).")


class CommuneSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="Code INSEE (officiel géographique), ex. 80021.")
    nom = serializers.CharField(source="name")
    code_postal = serializers.CharField(
        source="main_postcode", help_text="Code postal principal ; vide s'il n'y en a pas."
    )
    codes_postaux = serializers.ListField(source="postcodes", child=serializers.CharField())
    departement = serializers.CharField(source="department_id", help_text="Code du département.")
    departement_nom = serializers.SerializerMethodField()
    region = serializers.CharField(source="region_id", help_text="Code de la région.")
    population = serializers.IntegerField()
    centre = serializers.SerializerMethodField(
        help_text="Centre de la commune, ou null s'il n'est pas publié."
    )
    label = serializers.CharField(help_text="Texte à afficher, ex. « Amiens (80000) ».")

    @extend_schema_field(serializers.CharField())
    def get_departement_nom(self, commune) -> str:
        # The search and the detail view annotate `department_name` (no extra query); any other
        # commune handed to this serializer falls back to the relation.
        name = getattr(commune, "department_name", None)
        return name if name is not None else commune.department.name

    @extend_schema_field(CentreSerializer(allow_null=True))
    def get_centre(self, commune):
        if commune.centre is None:
            return None
        return {"lat": commune.centre.y, "lon": commune.centre.x}


class CommuneSearchParams(serializers.Serializer):
    """The query string of the autocomplete; also documents its OpenAPI parameters."""

    q = serializers.CharField(
        required=False,
        default="",
        allow_blank=True,
        max_length=search.MAX_QUERY_LENGTH,
        help_text=(
            "Nom de commune (accents, majuscules et petites fautes de frappe sans importance), "
            "code postal ou début de code postal (2 à 5 chiffres), ou code INSEE. "
            "Moins de 2 caractères : liste vide."
        ),
        error_messages={
            "max_length": (
                f"La recherche est trop longue : {search.MAX_QUERY_LENGTH} caractères au plus."
            ),
        },
    )
    limit = NonEmptyIntegerField(
        required=False,
        default=search.DEFAULT_LIMIT,
        min_value=1,
        max_value=search.MAX_LIMIT,
        help_text=f"Nombre maximal de communes renvoyées (1 à {search.MAX_LIMIT}).",
        error_messages={
            "invalid": "Le nombre de résultats doit être un nombre entier.",
            "min_value": "Le nombre de résultats doit être au moins 1.",
            "max_value": f"Le nombre de résultats ne peut pas dépasser {search.MAX_LIMIT}.",
        },
    )
