"""Find a commune from what a person is typing: a name, a postcode or an INSEE code.

Names are matched on `Commune.search_name` (folded by `text.fold`, like the query) in up to three
steps, each answered by the trigram GIN index and each run only if the previous ones found fewer
than `limit` communes:

1. the name starts with the query (an exact name first, then the most populated);
2. a word of the name starts with the query ("etienne" → Saint-Étienne), most populated first;
3. typo tolerance: `search_name %> query`, i.e. pg_trgm's word similarity above a threshold set
   for this transaction only, ranked by strict word similarity plus a small bonus for population
   (one order of magnitude of inhabitants is worth 0.1 of similarity), so that "bordaux" gives
   Bordeaux before Grun-Bordas and "monpelier" Montpellier before Montélier.

One combined query (prefix OR similar, ranked together) computed `word_similarity()` for
thousands of rows on queries such as "saint e" (30 ms); the steps keep every query to an index
scan over few rows (see docs/decisions/0002-commune-search.md).

The steps are written in SQL rather than built with the ORM: this endpoint runs on every
keystroke, and building and compiling each ORM query cost about 2 ms of CPU, ten times the
database work of a typical step. `Commune.objects.raw()` still returns model instances.
"""

import re

from django.db import connection, transaction

from .models import Commune, Department
from .text import query_key

MIN_QUERY_LENGTH = 2
MAX_QUERY_LENGTH = 100
DEFAULT_LIMIT = 10
MAX_LIMIT = 20
# Minimum pg_trgm word similarity for a misspelt name. 0.4 lets a one-word query survive a swapped
# or doubled letter ("dijion" is 0.44 from Dijon, "pergiueux" 0.42 from Périgueux); with several
# words one typo weighs less, and 0.5 keeps "saint etiene" from checking 4,000 Saint-* (25 → 6 ms).
WORD_SIMILARITY_THRESHOLD = 0.4
MULTI_WORD_SIMILARITY_THRESHOLD = 0.5
# How much population counts against similarity when ranking misspelt names: + 0.1 per factor 10.
POPULATION_WEIGHT = 0.1
# Below this many letters a "typo" is just another prefix: the similarity step is skipped.
FUZZY_MIN_LENGTH = 4

_DIGITS = re.compile(r"\d{2,5}")
_INSEE_CODE = re.compile(r"\d{5}|2[AB]\d{3}")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# The label of a suggestion sent back as a query: « Amiens (80000) ».
_LABEL = re.compile(r"(?P<name>.*?\S)\s*\((?P<postcode>\d{5})\)")

_quote = connection.ops.quote_name
# The department name comes from a correlated subquery: under ORDER BY … LIMIT, PostgreSQL
# evaluates it for the returned rows only (a join would pair every candidate row before sorting).
# Only table names are formatted into SQL in this module; every value is a query parameter.
_SELECT = f"""
    SELECT c.code, c.name, c.department_id, c.region_id, c.postcodes, c.population, c.centre,
        (SELECT d.name FROM {_quote(Department._meta.db_table)} d
         WHERE d.code = c.department_id) AS department_name
    FROM {_quote(Commune._meta.db_table)} c
"""  # noqa: S608


def is_searchable(text) -> bool:
    """Whether a typed text may reach the database at all: not longer than any commune label and
    free of control characters. Checked before any query, so a megabyte typed in a commune
    field costs nothing (issue 7, item 5) and a NUL byte never reaches PostgreSQL."""
    return (
        isinstance(text, str)
        and len(text) <= MAX_QUERY_LENGTH
        and "\x00" not in text
        and (_CONTROL.search(text) is None)
    )


def is_insee_code(text) -> bool:
    return isinstance(text, str) and _INSEE_CODE.fullmatch(text) is not None


def commune_by_code(code) -> Commune | None:
    """The commune with this INSEE code (any case), or None for anything that is not a code,
    without a query when the text cannot be one."""
    code = (code or "").strip().upper() if isinstance(code, str) else ""
    if not is_insee_code(code):
        return None
    return Commune.objects.filter(code=code).first()


def search_communes(query: str, limit: int = DEFAULT_LIMIT) -> list[Commune]:
    """At most `limit` communes, best first; an empty list for a query too short to mean much,
    or too long or malformed to be a commune."""
    if not is_searchable(query):
        return []
    query = query.strip()

    compact = re.sub(r"\s+", "", query).upper()  # "80 000" is a postcode too
    if _DIGITS.fullmatch(compact) or _INSEE_CODE.fullmatch(compact):
        return _by_code(compact, limit)

    # Restricts the name steps, e.g. to one postcode.
    extra, extra_params = "", []
    label = _LABEL.fullmatch(query)
    if label:
        extra, extra_params = "AND c.postcodes @> ARRAY[%s]::varchar(5)[]", [label["postcode"]]
        query = label["name"]
    key = query_key(query)
    if len(key) < MIN_QUERY_LENGTH:
        return []
    return _by_name(key, limit, extra, extra_params)


def _by_code(code: str, limit: int) -> list[Commune]:
    """The communes whose postcode is `code` (people type postcodes far more often than INSEE
    codes: « 23200 » is Aubusson's postcode before it is Saint-Goussaud's INSEE code), then the
    commune whose INSEE code is `code`, then those with a postcode starting with it."""
    # Ordering on the code tests first also keeps the planner on the GIN index: ordered by
    # population alone, it walked the population index and tested every row.
    postcode = code if code.isdigit() else ""
    return _fetch(
        """WHERE c.code = %s OR c.postcode_prefixes @> ARRAY[%s]::varchar(5)[]
        ORDER BY c.postcodes @> ARRAY[%s]::varchar(5)[] DESC, c.code = %s DESC,
            c.population DESC, c.code LIMIT %s""",
        [code, postcode, postcode, code, limit],
    )


def _by_name(key: str, limit: int, extra: str, extra_params: list) -> list[Commune]:
    prefix, word_prefix = f"{_escape_like(key)}%", f"% {_escape_like(key)}%"

    found = _fetch(
        f"""WHERE c.search_name LIKE %s {extra}
        ORDER BY c.search_name = %s DESC, c.population DESC, c.code LIMIT %s""",
        [prefix, *extra_params, key, limit],
    )

    if len(found) < limit:
        found += _fetch(
            f"""WHERE c.search_name LIKE %s AND c.search_name NOT LIKE %s {extra}
            ORDER BY c.population DESC, c.code LIMIT %s""",
            [word_prefix, prefix, *extra_params, limit - len(found)],
        )

    if len(found) < limit and len(key) >= FUZZY_MIN_LENGTH:
        threshold = MULTI_WORD_SIMILARITY_THRESHOLD if " " in key else WORD_SIMILARITY_THRESHOLD
        with transaction.atomic(), connection.cursor() as cursor:
            # set_config(…, true) is SET LOCAL: the threshold ends with this transaction and never
            # leaks to other queries on the same (persistent) connection.
            cursor.execute(
                "SELECT set_config('pg_trgm.word_similarity_threshold', %s, true)",
                [str(threshold)],
            )
            found += _fetch(
                f"""WHERE c.search_name %%> %s
                AND c.search_name NOT LIKE %s AND c.search_name NOT LIKE %s {extra}
                ORDER BY strict_word_similarity(%s, c.search_name)
                    + %s * log(c.population + 1) DESC, c.code
                LIMIT %s""",
                [
                    key,
                    prefix,
                    word_prefix,
                    *extra_params,
                    key,
                    POPULATION_WEIGHT,
                    limit - len(found),
                ],
            )
    return found


def _fetch(where_order_limit: str, params: list) -> list[Commune]:
    return list(Commune.objects.raw(f"{_SELECT} {where_order_limit}", params))


def _escape_like(text: str) -> str:
    # Folded keys hold only letters, digits and spaces; escaping keeps that a non-issue.
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
