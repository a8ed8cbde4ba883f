"""`/api/v1/docs/`: the API's documentation page, built server-side from the generated OpenAPI
schema with our layout (docs/decisions/0007: Swagger UI fails our accessibility and CSP rules).
It documents every endpoint of /api/v1/, whichever app serves it.
"""

import json
import re
from functools import lru_cache
from urllib.parse import urlencode

from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET
from drf_spectacular.generators import SchemaGenerator
from rest_framework.settings import api_settings

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
