"""Typed access to the environment.

A missing or malformed variable stops start-up with one line that names it, instead of a
traceback deep inside Django: configuration errors are the most common deployment failure.
"""

import os
import sys
from urllib.parse import urlparse

_MISSING = object()


def _fail(name: str, problem: str) -> None:
    sys.stderr.write(f"Configuration invalide : {name} {problem}. Voir .env.example.\n")
    raise SystemExit(2)


def _raw(name: str, default):
    value = os.environ.get(name)
    if value is None or value == "":
        if default is _MISSING:
            _fail(name, "est obligatoire et n'est pas définie")
        return default
    return value


def get_str(name: str, default=_MISSING) -> str:
    return _raw(name, default)


def get_bool(name: str, default=_MISSING) -> bool:
    value = _raw(name, default)
    if isinstance(value, bool):
        return value
    lowered = value.strip().lower()
    if lowered in {"1", "true", "yes", "on", "oui"}:
        return True
    if lowered in {"0", "false", "no", "off", "non"}:
        return False
    _fail(name, f"doit valoir true ou false (reçu « {value} »)")


def get_int(name: str, default=_MISSING) -> int:
    value = _raw(name, default)
    try:
        return int(value)
    except (TypeError, ValueError):
        _fail(name, f"doit être un nombre entier (reçu « {value} »)")


def get_list(name: str, default=_MISSING) -> list[str]:
    value = _raw(name, default)
    if isinstance(value, list):
        return value
    return [item.strip() for item in value.split(",") if item.strip()]


def get_url(name: str, default=_MISSING, schemes: tuple[str, ...] = ()) -> str:
    value = _raw(name, default)
    parsed = urlparse(value)
    if not parsed.scheme or (schemes and parsed.scheme not in schemes):
        expected = " ou ".join(f"{s}://" for s in schemes) or "une URL"
        _fail(name, f"doit être une URL {expected} (reçu « {value} »)")
    return value
