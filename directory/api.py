"""Read API of the public directory: the same search as the page, as GeoJSON.

`GET /api/v1/peer-workers/` runs `DirectoryFilterSet` (the one search of the page, the map and the
API) on `PublishedProfile.objects.listed()`, so it returns the same people in the same order as
the page, 20 per page. Every invalid parameter gives a 400 naming it, in French.

The module also serves `/api/v1/docs/`, a page of our own built from the generated OpenAPI schema
(docs/decisions/0007: Swagger UI fails our accessibility and CSP rules).
"""

import json
import re
from functools import lru_cache
from urllib.parse import urlencode

from django.core.paginator import InvalidPage
from django.db.models import OuterRef, Subquery
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET
from django_filters.rest_framework import DjangoFilterBackend
from django_filters.utils import translate_validation
from drf_spectacular.generators import SchemaGenerator
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

from epop.core.filters import refuse_empty_parameters
from epop.territories.models import Commune

from .filters import (
    DEFAULT_RADIUS_KM,
    MAX_RADIUS_KM,
    MIN_RADIUS_KM,
    DirectoryFilterSet,
    SearchPaginator,
)
from .models import PublishedProfile
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
        paginator = self.django_paginator_class(queryset, self.page_size)
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

    def get_paginated_response_schema(self, schema):
        ref = schema.get("$ref", "") if isinstance(schema, dict) else ""
        if ref.endswith("List"):
            # drf-spectacular documents a GeoJSON list as a FeatureCollection ("PeerWorkerList");
            # the collection is this page itself, whose features are the Features.
            schema = {"type": "array", "items": {"$ref": ref.removesuffix("List")}}
        schema = super().get_paginated_response_schema(schema)
        properties = schema["properties"]
        properties["type"]["example"] = "FeatureCollection"
        properties["count"].update(description="Nombre total de résultats.", example=1)
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
        description=f"Numéro de page, à partir de 1 ; {PAGE_SIZE} résultats par page.",
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
            "par page."
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


# --- Documentation page -----------------------------------------------------------------------
# Swagger UI fails our rules (docs/decisions/0007): this page is built from the same generated
# schema, server-side, with our layout. It documents every endpoint of /api/v1/, not only ours.

METHODS = ("get", "post", "put", "patch", "delete")
LOCATIONS = {"query": "dans l'adresse (paramètre de requête)", "path": "dans le chemin"}
TYPES = {
    "string": "texte",
    "integer": "nombre entier",
    "number": "nombre",
    "boolean": "booléen (true ou false)",
    "object": "objet",
}
FORMATS = {"uri": "adresse web", "date": "date", "date-time": "date et heure"}
# Example requests for the operations whose parameters carry no example in the schema.
DOC_EXAMPLES = {
    "communes_search": {"q": "amien"},
    "communes_retrieve": {"code": "80021"},
}
MAX_DEPTH = 4


@lru_cache(maxsize=1)
def api_schema() -> dict:
    """The OpenAPI document, generated once per process (it only changes with the code)."""
    return SchemaGenerator().get_schema(request=None, public=True)


@require_GET
def api_docs(request):
    schema = api_schema()
    operations = [
        _operation(schema, path, method, item[method], request)
        for path, item in schema["paths"].items()
        for method in METHODS
        if method in item
    ]
    response = render(
        request,
        "api/docs.html",
        {
            "info": schema["info"],
            "operations": operations,
            "schema_url": reverse("api:schema"),
            "throttle_rate": api_settings.DEFAULT_THROTTLE_RATES.get("peer_workers"),
        },
    )
    # The display-preferences cookie changes the HTML (as in epop.core.shortcuts.render_page).
    patch_vary_headers(response, ("Cookie",))
    return response


def _operation(schema, path, method, operation, request) -> dict:
    parameters = [_parameter(schema, parameter) for parameter in operation.get("parameters", [])]
    example_values = DOC_EXAMPLES.get(operation.get("operationId"), {})
    query, url_path = [], path
    for parameter in operation.get("parameters", []):
        value = example_values.get(parameter["name"], _example(parameter))
        if value is None:
            continue
        if parameter["in"] == "path":
            url_path = url_path.replace(f"{{{parameter['name']}}}", str(value))
        else:
            query.append((parameter["name"], value))
    example_url = url_path + (f"?{urlencode(query, doseq=True)}" if query else "")
    return {
        "id": operation.get("operationId", f"{method}-{path}"),
        "method": method.upper(),
        "path": path,
        "summary": operation.get("summary") or path,
        "description": _text(operation.get("description", "")),
        "parameters": parameters,
        "example_url": request.build_absolute_uri(example_url),
        "responses": [
            _response(schema, code, response)
            for code, response in operation.get("responses", {}).items()
        ],
    }


def _parameter(schema, parameter) -> dict:
    parameter_schema = _resolve(schema, parameter.get("schema", {}))
    items = _resolve(schema, parameter_schema.get("items", {}))
    enum_schema = items if parameter_schema.get("type") == "array" else parameter_schema
    labels = enum_schema.get("x-enum-descriptions") or [""] * len(enum_schema.get("enum", []))
    bounds = [
        f"{word} {parameter_schema[key]}"
        for key, word in (("minimum", "au moins"), ("maximum", "au plus"))
        if key in parameter_schema
    ]
    return {
        "name": parameter["name"],
        "location": LOCATIONS.get(parameter["in"], parameter["in"]),
        "required": parameter.get("required", False),
        "repeatable": parameter_schema.get("type") == "array",
        "type": _type(schema, parameter_schema),
        "description": _text(parameter.get("description", "")),
        "values": list(zip(enum_schema.get("enum", []), labels, strict=True)),
        "bounds": ", ".join(bounds),
    }


def _response(schema, code, response) -> dict:
    content = response.get("content", {}).get("application/json", {})
    examples = [
        {"summary": example.get("summary", name), "json": _json(example["value"])}
        for name, example in content.get("examples", {}).items()
    ]
    body = content.get("schema")
    return {
        "code": code,
        "description": response.get("description") or _status_text(code),
        "type": _type(schema, body) if body else "",
        "fields": _fields(schema, body) if body else [],
        "examples": examples,
    }


def _fields(schema, node, depth=0) -> list[dict]:
    """The members of an object (or of the objects of a list), nested, for the response shape."""
    node = _resolve(schema, node)
    if node.get("type") == "array":
        node = _resolve(schema, node.get("items", {}))
    if depth >= MAX_DEPTH or "properties" not in node:
        return []
    return [
        {
            "name": name,
            "type": _type(schema, member),
            "description": _text(_resolve(schema, member).get("description", "")),
            "fields": _fields(schema, member, depth + 1),
        }
        for name, member in node["properties"].items()
    ]


def _resolve(schema, node) -> dict:
    """Follow `$ref` and single-member `allOf` to the actual schema object."""
    for _ in range(MAX_DEPTH * 2):
        if "$ref" in node:
            target = schema["components"]["schemas"][node["$ref"].rsplit("/", 1)[-1]]
            node = {**target, **{key: value for key, value in node.items() if key != "$ref"}}
        elif len(node.get("allOf", [])) == 1:
            others = {key: value for key, value in node.items() if key != "allOf"}
            node = {**node["allOf"][0], **others}
        else:
            break
    return node


def _type(schema, node) -> str:
    node = _resolve(schema, node)
    kind = node.get("type")
    if kind == "array":
        label = f"liste ({_type(schema, node.get('items', {}))})"
    elif "enum" in node and len(node["enum"]) == 1:
        label = f"texte « {node['enum'][0]} »"
    else:
        label = FORMATS.get(node.get("format")) or TYPES.get(kind, "valeur")
    return f"{label} ou null" if node.get("nullable") else label


def _example(parameter):
    examples = parameter.get("examples") or {}
    for example in examples.values():
        return example.get("value")
    return parameter.get("example")


def _text(text: str) -> list[str]:
    """Paragraphs of a description, `code` spans marked up, everything else escaped."""
    return [
        mark_safe(re.sub(r"`([^`]+)`", r"<code>\1</code>", escape(paragraph)))  # noqa: S308
        for paragraph in text.split("\n\n")
        if paragraph.strip()
    ]


def _json(value) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False)


def _status_text(code) -> str:
    return {"200": "Succès.", "404": "Introuvable."}.get(str(code), "")
