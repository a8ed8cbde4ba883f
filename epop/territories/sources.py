"""Step 1 of the territories loader: reading the geo.api.gouv.fr documents from the live API or
a folder of files, and the clean rows the next steps share."""

from __future__ import annotations

import gzip
import json
import re
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

COMMUNE_API_FIELDS = "nom,code,codeDepartement,codeRegion,codesPostaux,population,centre"
FILE_NAMES = {
    "regions": "regions.json",
    "departements": "departements.json",
    "communes": "communes.json",
}
API_PATHS = {
    "regions": "regions",
    "departements": "departements",
    "communes": f"communes?fields={COMMUNE_API_FIELDS}",
}

REGION_CODE = re.compile(r"\d{2,3}")
DEPARTMENT_CODE = re.compile(r"\d{2,3}|2[AB]")
COMMUNE_CODE = re.compile(r"\d{5}|2[AB]\d{3}")
POSTCODE = re.compile(r"\d{5}")
# Stored coordinates are compared at this precision (about 1 cm) to decide whether a centre moved.
COORDINATE_DIGITS = 7
BATCH_SIZE = 2000
HTTP_TIMEOUT = 120


class SourceError(Exception):
    """The source cannot be read at all: missing file, HTTP error, invalid JSON."""


@dataclass(frozen=True)
class RowError:
    dataset: str
    index: int  # 1-based position in the JSON list, as a person counts
    code: str
    reason: str

    def __str__(self):
        return f"{FILE_NAMES[self.dataset]}, n° {self.index} (code {self.code}) : {self.reason}"


@dataclass(frozen=True)
class RegionRow:
    code: str
    name: str


@dataclass(frozen=True)
class DepartmentRow:
    code: str
    name: str
    region: str


@dataclass(frozen=True)
class CommuneRow:
    code: str
    name: str
    search_name: str
    department: str
    region: str
    postcodes: tuple[str, ...]
    postcode_prefixes: tuple[str, ...]
    population: int
    centre: tuple[float, float] | None  # (longitude, latitude)


@dataclass
class Territories:
    regions: list[RegionRow] = field(default_factory=list)
    departments: list[DepartmentRow] = field(default_factory=list)
    communes: list[CommuneRow] = field(default_factory=list)


# --- 1. Reading ----------------------------------------------------------------------------------


def is_url(source: str) -> bool:
    return urlparse(source).scheme in {"http", "https"}


def describe_source(source: str) -> str:
    if is_url(source):
        return f"API {source.rstrip('/')}"
    return f"dossier {Path(source).resolve()}"


def read_source(source: str) -> dict[str, object]:
    """The three documents, parsed. A relative folder is resolved from the current directory."""
    if is_url(source):
        base = source.rstrip("/")
        return {name: _fetch_json(f"{base}/{path}", name) for name, path in API_PATHS.items()}
    folder = Path(source)
    if not folder.is_dir():
        raise SourceError(f"Le dossier {folder.resolve()} n'existe pas.")
    documents = {}
    for name, file_name in FILE_NAMES.items():
        path = folder / file_name
        try:
            body = path.read_bytes()
        except OSError as error:
            raise SourceError(f"Impossible de lire {path.resolve()} : {error.strerror}.") from error
        documents[name] = _parse_json(body, file_name)
    return documents


def _fetch_json(url: str, name: str) -> object:
    request = urllib.request.Request(  # noqa: S310 - is_url() allowed only http(s) schemes
        url,
        headers={
            "Accept": "application/json",
            # The full commune list is about 6 MB of JSON; gzip makes it about ten times smaller.
            "Accept-Encoding": "gzip",
            "User-Agent": "epop-load-territories",
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=HTTP_TIMEOUT) as response:  # noqa: S310
            body = response.read()
            if response.headers.get("Content-Encoding", "").lower() == "gzip":
                body = gzip.decompress(body)
    except urllib.error.HTTPError as error:
        raise SourceError(f"{url} a répondu {error.code} {error.reason}.") from error
    except (urllib.error.URLError, OSError, EOFError) as error:
        reason = getattr(error, "reason", error)
        raise SourceError(f"{url} est injoignable : {reason}.") from error
    return _parse_json(body, FILE_NAMES[name])


def _parse_json(body: bytes, label: str) -> object:
    try:
        return json.loads(body)
    except UnicodeDecodeError as error:
        raise SourceError(f"{label} n'est pas encodé en UTF-8.") from error
    except json.JSONDecodeError as error:
        raise SourceError(
            f"{label} n'est pas du JSON valide ({error.msg}, ligne {error.lineno}, "
            f"colonne {error.colno})."
        ) from error
