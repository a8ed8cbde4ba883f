"""Employers' search: the directory page, its map data and the public profile pages.

Every public surface reads `PublishedProfile.objects.listed()` and nothing else, and the page and
the map both run the same `SearchFilterSet` on the same query string, so they always show the same
people in the same order (docs/decisions/0006-map.md).

An invalid search (unknown filter value, radius out of range, unknown commune) answers 200 with
the form and its French errors, as any form page does: the request reached the right page and the
page tells how to fix it. It also lets htmx swap the errors in (htmx does not swap 4xx answers).
Only a results page that does not exist (past the end, not a number) answers 404.
"""

from django.conf import settings
from django.contrib.humanize.templatetags.humanize import intcomma
from django.core.cache import cache
from django.core.paginator import EmptyPage, PageNotAnInteger
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import quote_etag, urlencode
from django.views.decorators.http import require_GET

from directory.profiles import choices
from directory.profiles.models import PublishedProfile
from epop.accounts.permissions import (
    coordinated_region_codes,
    is_coordinator,
    is_employer,
    is_national_coordinator,
)
from epop.core.shortcuts import render_page
from epop.territories.text import of_place

from . import map_data as map_geojson
from .cards import CARD_FIELDS, result_cards
from .forms import SearchFilterSet
from .pagination import CAPPED_COUNT_TEXT, COUNT_CAP, SearchPaginator

PAGE_SIZE = 20


def _is_htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true" and not request.headers.get(
        "HX-History-Restore-Request"
    )


def count_sentence(count: int, where: str, capped: bool = False) -> str:
    """« 12 intervenant·es-pairs trouvé·es à moins de 30 km d'Amiens (80) »; above 1,000,
    « Plus de 1 000 … » (the count stops there, decision 0015)."""
    if capped:
        return f"{CAPPED_COUNT_TEXT.capitalize()} intervenant·es-pairs trouvé·es {where}."
    if count == 0:
        return f"Aucun·e intervenant·e-pair trouvé·e {where}."
    if count == 1:
        return f"1 intervenant·e-pair trouvé·e {where}."
    return f"{intcomma(count)} intervenant·es-pairs trouvé·es {where}."


def describe(filterset) -> dict:
    """What the page says about a valid search: where, and how results are sorted."""
    radius = filterset.search_radius_km
    commune = getattr(filterset, "place_commune", None)
    remote = bool(filterset.form.cleaned_data.get("remote"))
    if commune is not None:
        place = f"{commune.name} ({commune.department_id})"
        where = f"à moins de {radius} km {of_place(place)}"
        reach = (
            f"La liste montre les personnes qui habitent à moins de {radius} km "
            f"{of_place(commune.name)}, et celles qui se déplacent jusqu'à {commune.name}."
        )
    elif filterset.place is not None:
        place = "votre position"
        where = f"à moins de {radius} km de votre position"
        reach = (
            f"La liste montre les personnes qui habitent à moins de {radius} km de votre "
            "position, et celles qui se déplacent jusque-là."
        )
    else:
        place, where, reach = "", "dans toute la France", ""
    if remote and place:
        where += ", ou à distance"
        reach += " Les personnes qui interviennent à distance sont aussi incluses."
    if place:
        order = (
            "Classement : du plus proche au plus loin. À distance égale, l'ordre change "
            "chaque jour. Aucun résultat n'est sponsorisé ni mis en avant."
        )
    else:
        order = (
            "Classement : sans lieu choisi, l'ordre change chaque jour, au hasard. "
            "Aucun résultat n'est sponsorisé ni mis en avant."
        )
    return {"place_label": place, "where": where, "reach": reach, "order": order}


def _query_url(query) -> str:
    encoded = urlencode(sorted(query.lists()), doseq=True)
    return reverse("directory:home") + (f"?{encoded}" if encoded else "")


def _tiles() -> tuple[str, str]:
    """The tile URL and attribution, when a tile server is configured (none in tests)."""
    tiles = settings.LEAFLET_CONFIG.get("TILES") or []
    if not tiles:
        return "", ""
    _name, url, options = tiles[0]
    return url, (options or {}).get("attribution", "")


def map_settings() -> dict[str, str]:
    """The public map's view, from LEAFLET_CONFIG (the admin's maps read the same dict)."""
    config = settings.LEAFLET_CONFIG
    latitude, longitude = config["DEFAULT_CENTER"]
    return {
        "center": f"{latitude},{longitude}",
        "zoom": str(config["DEFAULT_ZOOM"]),
        "min_zoom": str(config.get("MIN_ZOOM", 2)),
        "max_zoom": str(config.get("MAX_ZOOM", 18)),
    }


@require_GET
def search(request):
    filterset = SearchFilterSet(request.GET, queryset=PublishedProfile.objects.listed())
    valid = filterset.is_valid()
    query = filterset.canonical_query()
    query_string = urlencode(sorted(query.lists()), doseq=True)
    context = {
        "filterset": filterset,
        "form": filterset.form,
        "query_string": query_string,
        "status": 200,
    }
    page_number = request.GET.get("page") or "1"
    if valid and not filterset.place_choices:
        context.update(describe(filterset))
        results = filterset.qs.select_related("home_commune__department").only(*CARD_FIELDS)
        # Bounded queries: the capped count (with the distances that bound an uncapped page),
        # the nearest-neighbour probe when the count is capped, the page.
        paginator = SearchPaginator(
            results,
            PAGE_SIZE,
            point=filterset.search_point,
            stored_rank=filterset.stored_rank_is_current,
        )
        try:
            page = paginator.page(page_number)
        except (PageNotAnInteger, EmptyPage):
            context.update(missing_page=True, paginator=paginator, status=404)
            if paginator.capped:
                context["capped_notice"] = _capped_notice()
        else:
            tiles_url, attribution = _tiles()
            context.update(
                searched=True,
                page=page,
                cards=result_cards(
                    page, with_distance=bool(context["place_label"]), query_string=query_string
                ),
                count_sentence=count_sentence(paginator.count, context["where"], paginator.capped),
                capped_notice=_capped_notice() if paginator.capped else "",
                paginator=paginator,
                page_links=_page_links(page),
                map_url=(
                    f"{reverse('directory:map_data')}?{query_string}"
                    if query_string
                    else reverse("directory:map_data")
                ),
                tiles_url=tiles_url,
                tiles_attribution=attribution,
                map_settings=map_settings(),
            )
    elif filterset.place_choices:
        base = filterset.canonical_query(lieu=None, commune=None, lat=None, lon=None)
        context["place_choices"] = [
            (commune, _query_url(_with(base, commune=commune.code)))
            for commune in filterset.place_choices
        ]
    context["page_title"] = _title(context)
    partial = _is_htmx(request)
    template = "directory/search/results.html" if partial else "directory/search/page.html"
    response = render_page(request, "directory:home", template, context, status=context["status"])
    patch_vary_headers(response, ("HX-Request",))
    if partial:
        # The address bar shows the search as understood (a typed commune resolved to its code).
        pushed = _with(query, page=page_number) if page_number != "1" else query
        response["HX-Push-Url"] = _query_url(pushed)
    return response


def _capped_notice() -> str:
    return (
        f"Seuls les {intcomma(COUNT_CAP)} premiers résultats s'affichent : "
        "précisez votre recherche (lieu, rayon ou filtres)."
    )


def _title(context) -> str:
    """A distinct title for each kind of answer (RGAA 8.6): place, page, choice, missing page."""
    base = "Annuaire des intervenant·es-pairs"
    page = context.get("page")
    number = f", page {page.number}" if page is not None and page.number > 1 else ""
    if context.get("missing_page"):
        return f"Page de résultats introuvable – {base}"
    if context.get("place_choices"):
        return f"Choisir la commune – {base}"
    if context.get("place_label"):
        return f"Autour {of_place(context['place_label'])}{number} – {base}"
    if number:
        return f"Page {page.number} – {base}"
    return base


def _with(query, **values):
    query = query.copy()
    for key, value in values.items():
        query[key] = value
    return query


def _page_links(page) -> list:
    """Page numbers to link: the first, the last, and two on each side of the current one;
    None marks a gap."""
    last = page.paginator.num_pages
    wanted = {1, last, *range(page.number - 2, page.number + 3)}
    numbers = sorted(n for n in wanted if 1 <= n <= last)
    links, previous = [], 0
    for number in numbers:
        if number - previous > 1:
            links.append(None)
        links.append(number)
        previous = number
    return links


@require_GET
def map_data(request):
    """GeoJSON for the map: the list's search, aggregated (see map_data.py)."""
    filterset = SearchFilterSet(request.GET, queryset=PublishedProfile.objects.listed())
    if not filterset.is_valid() or filterset.place_choices:
        errors = {name: [str(e) for e in errs] for name, errs in filterset.form.errors.items()}
        if filterset.place_choices:
            errors["lieu"] = ["Erreur : plusieurs communes portent ce nom. Choisissez-en une."]
        return JsonResponse({"errors": errors}, status=400)
    query_string = urlencode(sorted(filterset.canonical_query().lists()), doseq=True)
    key = map_geojson.cache_key(query_string)
    payload = cache.get(key)
    if payload is None:
        data = map_geojson.build(filterset, map_geojson.search_url_without_place(filterset))
        payload = JsonResponse(
            data, json_dumps_params={"separators": (",", ":"), "ensure_ascii": False}
        ).content
        if data["mode"] == "grid":
            cache.set(key, payload, map_geojson.GRID_CACHE_SECONDS)
    etag = quote_etag(map_geojson.etag(payload))
    response = get_conditional_response(request, etag=etag) or HttpResponse(
        payload, content_type="application/json"
    )
    response["ETag"] = etag
    patch_cache_control(response, public=True, max_age=map_geojson.BROWSER_CACHE_SECONDS)
    return response


@require_GET
def profile_detail(request, pk):
    profile = (
        PublishedProfile.objects.listed()
        .select_related("home_commune__department")
        .filter(pk=pk)
        .first()
    )
    if profile is None:
        # The same answer whether the profile never existed or is hidden: nothing leaks.
        raise Http404
    # The call to contact (directory/contact/contact_call.html) works out the viewer's case.
    context = {"profile": profile, "show_experience": can_read_experience(request.user, profile)}
    response = render(request, "directory/profile_detail.html", context)
    patch_vary_headers(response, ("Cookie",))
    return response


def can_read_experience(user, profile) -> bool:
    """The lived-experience statement follows the visibility the peer worker chose."""
    visibility = profile.experience_visibility
    if visibility == choices.Visibility.PUBLIC:
        return True
    if visibility == choices.Visibility.EMPLOYERS:
        return is_employer(user) or is_coordinator(user)
    if visibility == choices.Visibility.COORDINATORS:
        return coordinates_for_experience(user, profile)
    return False


def coordinates_for_experience(user, profile) -> bool:
    """« L'équipe de coordination seulement », as the privacy notice promises: the coordinators
    of the profile's region and the national team, never another region's coordinators
    (issue 7, item 7; docs/decisions/0010)."""
    return is_national_coordinator(user) or profile.region in coordinated_region_codes(user)
