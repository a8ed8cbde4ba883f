"""Read API of the public directory: the same search as the page, as GeoJSON.

`GET /api/v1/peer-workers/` runs `DirectoryFilterSet` (the one search of the page, the map and the
API) on `PublishedProfile.objects.listed()`, so it returns the same people in the same order as
the page, 20 per page. Every invalid parameter gives a 400 naming it, in French.
The documentation page `/api/v1/docs/` is epop.core.api_docs.
"""

from django.core.paginator import InvalidPage
from django.db.models import OuterRef, Subquery
from django_filters.rest_framework import DjangoFilterBackend
from django_filters.utils import translate_validation
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
)
from rest_framework.exceptions import ValidationError
from rest_framework.generics import ListAPIView
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.permissions import AllowAny
from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle
from rest_framework_gis.pagination import GeoJsonPagination

from directory.profiles.models import PublishedProfile
from epop.core.filters import refuse_empty_parameters
from epop.territories.models import Commune

from .filters import (
    DEFAULT_RADIUS_KM,
    MAX_RADIUS_KM,
    MIN_RADIUS_KM,
    DirectoryFilterSet,
)
from .pagination import CAPPED_COUNT_TEXT, COUNT_CAP, SearchPaginator
from .serializers import API_COLUMNS, PeerWorkerSerializer

PAGE_SIZE = 20
EXAMPLE_SITE = "https://epop.example.org"


class DirectorySearchBackend(DjangoFilterBackend):
    """django-filter's backend, keeping the FilterSet on the view: the serializer needs to know
    whether the search gave a place (distances are only meaningful then)."""

    def filter_queryset(self, request, queryset, view):
        filterset = self.get_filterset(request, queryset, view)
        # `remote=` or `commune=` with nothing: a 400 naming it, never a guess (issue 7, item 13).
        refuse_empty_parameters(request.query_params, filterset.filters)
        if not filterset.is_valid():
            raise translate_validation(filterset.errors)
        view.search = filterset
        return filterset.qs


class PeerWorkerPagination(GeoJsonPagination):
    """GeoJSON FeatureCollection with count, next and previous; 20 per page, as on the page.
    A page that does not exist is a bad parameter (400 naming `page`), not a missing resource."""

    django_paginator_class = SearchPaginator
    page_size = PAGE_SIZE
    page_size_query_param = None
    last_page_strings = ()

    def get_page_number(self, request, paginator):
        raw = request.query_params.get(self.page_query_param) or "1"
        try:
            number = int(raw)
        except ValueError:
            number = 0
        if number < 1:
            raise ValidationError(
                {
                    self.page_query_param: [
                        "Erreur : le numéro de page doit être un nombre entier, 1 ou plus."
                    ]
                }
            )
        return number

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        search = getattr(view, "search", None)
        paginator = self.django_paginator_class(
            queryset,
            self.page_size,
            point=getattr(search, "search_point", None),
            stored_rank=getattr(search, "stored_rank_is_current", None),
        )
        number = self.get_page_number(request, paginator)
        try:
            self.page = paginator.page(number)
        except InvalidPage:
            pages = paginator.num_pages
            raise ValidationError(
                {
                    self.page_query_param: [
                        f"Erreur : cette page n'existe pas ; la recherche compte {pages} "
                        f"page{'s' if pages > 1 else ''} de résultats."
                    ]
                }
            ) from None
        return list(self.page)

    def get_paginated_response(self, data):
        response = super().get_paginated_response(data)
        if self.page.paginator.capped:
            # Counting stops at 1,000: the same words as the page (decision 0015).
            response.data["count"] = CAPPED_COUNT_TEXT
        return response

    def get_paginated_response_schema(self, schema):
        ref = schema.get("$ref", "") if isinstance(schema, dict) else ""
        if ref.endswith("List"):
            # drf-spectacular documents a GeoJSON list as a FeatureCollection ("PeerWorkerList");
            # the collection is this page itself, whose features are the Features.
            schema = {"type": "array", "items": {"$ref": ref.removesuffix("List")}}
        schema = super().get_paginated_response_schema(schema)
        properties = schema["properties"]
        properties["type"]["example"] = "FeatureCollection"
        properties["count"] = {
            "oneOf": [
                {"type": "integer", "minimum": 0, "maximum": COUNT_CAP},
                {"type": "string", "enum": [CAPPED_COUNT_TEXT]},
            ],
            "description": (
                f"Nombre total de résultats, exact jusqu'à {COUNT_CAP} ; au-delà, la chaîne "
                f"« {CAPPED_COUNT_TEXT} », et seules les {COUNT_CAP // PAGE_SIZE} premières pages "
                "existent : précisez la recherche (lieu, rayon, filtres)."
            ),
            "example": 12,
        }
        properties["next"].update(
            description="Adresse de la page suivante, ou null.",
            example=f"{EXAMPLE_SITE}/api/v1/peer-workers/?commune=33063&page=3",
        )
        properties["previous"].update(
            description="Adresse de la page précédente, ou null.",
            example=f"{EXAMPLE_SITE}/api/v1/peer-workers/?commune=33063&page=1",
        )
        schema["required"] = ["type", "count", "next", "previous", "features"]
        return schema


class _NoFormatOverride:
    URL_FORMAT_OVERRIDE = None

    def __getattr__(self, name):
        return getattr(api_settings, name)


class FormatIsAFilter(DefaultContentNegotiation):
    """Here `format` is a search filter (présentiel, à distance…), not DRF's `?format=` renderer
    override, which would answer 404 to `format=presentiel`. The API speaks JSON only."""

    settings = _NoFormatOverride()


class PeerWorkerThrottle(AnonRateThrottle):
    """Per client address, `peer_workers` rate of REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"].
    The rate is read at each request (not frozen at import), so settings overrides apply."""

    scope = "peer_workers"

    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)


# --- OpenAPI description of the parameters, taken from the FilterSet so they cannot drift ---------


def _choices(name: str) -> list[tuple[str, str]]:
    choices = DirectoryFilterSet.base_filters[name].extra["choices"]
    return [(str(value), str(label)) for value, label in choices]


def _choice_parameter(name: str, description: str, example=None) -> OpenApiParameter:
    values = _choices(name)
    return OpenApiParameter(
        name,
        # A raw schema: an array of enumerated strings, each value's French label alongside.
        type={
            "type": "array",
            "items": {
                "type": "string",
                "enum": [value for value, _ in values],
                "x-enum-descriptions": [label for _, label in values],
            },
        },
        location=OpenApiParameter.QUERY,
        required=False,
        style="form",
        explode=True,
        description=(
            f"{description} Répétez le paramètre pour plusieurs valeurs "
            f"(`{name}=a&{name}=b`) : un profil correspond s'il a au moins une des valeurs."
        ),
        examples=[OpenApiExample(", ".join(example), value=example)] if example else None,
    )


SEARCH_PARAMETERS = [
    OpenApiParameter(
        "commune",
        str,
        OpenApiParameter.QUERY,
        description=(
            "Code INSEE de la commune autour de laquelle chercher, par exemple 33063 pour "
            "Bordeaux (voir `/api/v1/communes/?q=…`). Sans commune ni coordonnées, la recherche "
            "porte sur toute la France, dans un ordre mélangé chaque jour."
        ),
        pattern=r"^[0-9][0-9AB][0-9]{3}$",
        examples=[OpenApiExample("Bordeaux", value="33063")],
    ),
    OpenApiParameter(
        "lat",
        float,
        OpenApiParameter.QUERY,
        description=(
            "Latitude (WGS 84, de -90 à 90) du lieu cherché, avec `lon`. "
            "Ignorée quand `commune` est donnée."
        ),
    ),
    OpenApiParameter(
        "lon",
        float,
        OpenApiParameter.QUERY,
        description=(
            "Longitude (WGS 84, de -180 à 180) du lieu cherché, avec `lat`. "
            "Ignorée quand `commune` est donnée."
        ),
    ),
    OpenApiParameter(
        "radius_km",
        {"type": "number", "minimum": MIN_RADIUS_KM, "maximum": MAX_RADIUS_KM},
        OpenApiParameter.QUERY,
        examples=[OpenApiExample("30 km", value=30)],
        description=(
            f"Rayon de recherche en kilomètres, de {MIN_RADIUS_KM} à {MAX_RADIUS_KM} "
            f"({DEFAULT_RADIUS_KM} par défaut). Un profil correspond quand sa commune est dans "
            "ce rayon, quand le lieu cherché est dans sa zone de déplacement ou l'un de ses "
            "départements, ou s'il travaille à distance et que `remote` est vrai."
        ),
    ),
    OpenApiParameter(
        "remote",
        bool,
        OpenApiParameter.QUERY,
        description=(
            "`true` : inclure les intervenant·es qui travaillent aussi à distance, partout en "
            "France. Absent, `false` ou `0` : ne pas les inclure (par défaut)."
        ),
    ),
    _choice_parameter("intervention", "Types d'intervention.", ["sensibilisation"]),
    _choice_parameter("theme", "Thèmes d'expérience."),
    _choice_parameter("audience", "Publics."),
    _choice_parameter("format", "Formats (présentiel, à distance…).", ["presentiel"]),
    _choice_parameter("work_mode", "Façons de travailler (statut)."),
    _choice_parameter("language", "Langues."),
    _choice_parameter("availability", "Disponibilité."),
    OpenApiParameter(
        "page",
        {"type": "integer", "minimum": 1},
        OpenApiParameter.QUERY,
        description=(
            f"Numéro de page, à partir de 1 ; {PAGE_SIZE} résultats par page. Quand `count` "
            f"vaut « {CAPPED_COUNT_TEXT} », seules les {COUNT_CAP // PAGE_SIZE} premières "
            "pages existent : précisez la recherche."
        ),
    ),
]

ERROR_SCHEMA = {
    "type": "object",
    "description": "Un message en français par paramètre invalide, sous le nom du paramètre.",
    "additionalProperties": {"type": "array", "items": {"type": "string"}},
}

EXAMPLE_FEATURE = {
    "type": "Feature",
    "geometry": {"type": "Point", "coordinates": [-0.5874, 44.8572]},
    "properties": {
        "id": 1234,
        "display_name": "Inès A.",
        "commune": "Bordeaux",
        "department": "33",
        "distance_km": 0.0,
        "url": f"{EXAMPLE_SITE}/annuaire/intervenant/1234/",
    },
}


class PeerWorkerListView(ListAPIView):
    # Public data, the same for everyone: no session lookup, no CSRF.
    authentication_classes = ()
    permission_classes = (AllowAny,)
    throttle_classes = (PeerWorkerThrottle,)
    content_negotiation_class = FormatIsAFilter
    serializer_class = PeerWorkerSerializer
    pagination_class = PeerWorkerPagination
    filter_backends = (DirectorySearchBackend,)
    filterset_class = DirectoryFilterSet
    search = None

    def get_queryset(self):
        # The commune's name as a subquery rather than a join: PostgreSQL evaluates it after
        # the sort and the LIMIT, for the 20 rows shown, where a join ran for every match (and
        # sometimes hashed all 35,000 communes to do so).
        commune_name = Commune.objects.filter(code=OuterRef("home_commune_id")).order_by()
        return (
            PublishedProfile.objects.listed()
            .only(*API_COLUMNS)
            .annotate(commune_name=Subquery(commune_name.values("name")[:1]))
        )

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context["with_distance"] = self.search is not None and self.search.place is not None
        return context

    @extend_schema(
        operation_id="peer_workers_search",
        summary="Chercher des intervenant·es-pairs",
        description=(
            "Les intervenant·es-pairs de l'annuaire public qui correspondent à la recherche, "
            "dans l'ordre de la page de recherche du site : du plus proche au plus éloigné "
            "(au kilomètre près), puis dans un ordre mélangé chaque jour pour que les personnes "
            "à égalité passent tour à tour en tête. Sans lieu, l'ordre est seulement ce "
            "mélange quotidien. Réponse : une FeatureCollection GeoJSON ; chaque point est le "
            f"centre de la commune de la personne, jamais une adresse. {PAGE_SIZE} résultats "
            f"par page. Le nombre de résultats (`count`) est exact jusqu'à {COUNT_CAP} ; "
            f"au-delà il vaut la chaîne « {CAPPED_COUNT_TEXT} » et seules les "
            f"{COUNT_CAP // PAGE_SIZE} premières pages existent."
        ),
        parameters=SEARCH_PARAMETERS,
        responses={
            200: PeerWorkerSerializer,
            400: OpenApiResponse(
                response=ERROR_SCHEMA,
                description="Paramètre invalide : un message par paramètre.",
                examples=[
                    OpenApiExample(
                        "Rayon trop grand",
                        value={
                            "radius_km": [
                                "Assurez-vous que cette valeur est inférieure ou égale à 200."
                            ]
                        },
                    )
                ],
            ),
            429: OpenApiResponse(description="Trop de requêtes : réessayez dans une minute."),
        },
        examples=[
            OpenApiExample(
                "Autour de Bordeaux",
                value=EXAMPLE_FEATURE,
                response_only=True,
                status_codes=["200"],
            )
        ],
        tags=["peer-workers"],
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)
