"""One registry of pages feeds the site map, the search and the easy-to-read list."""

import pytest
from django.urls import reverse

from epop.core import pages

from .markup import parse


def test_every_registered_url_name_resolves():
    for page in pages.all_pages():
        assert page.url.startswith("/")


def test_registry_has_no_duplicate():
    names = [page.url_name for page in pages.all_pages()]
    assert len(names) == len(set(names))
    with pytest.raises(ValueError):
        pages.register(pages.all_pages()[0])


def test_site_map_lists_every_registered_page_and_each_answers(client):
    content = client.get(reverse("core:sitemap")).content.decode()
    for page in pages.all_pages():
        assert f'<a href="{page.url}">' in content, page.url_name
        response = client.get(page.url)
        expected = 302 if page.login_required else 200
        assert response.status_code == expected, page.url_name


def test_site_map_includes_feature_areas_and_account_pages(client):
    content = client.get(reverse("core:sitemap")).content.decode()
    for group in pages.GROUPS:
        assert f"<h2>{group}</h2>" in content
    for name in ("directory:home", "forum:home", "account_login", "accounts:dashboard"):
        assert reverse(name) in content


def test_easy_read_list_comes_from_the_registry(client):
    content = client.get(reverse("core:easy_read")).content.decode()
    entries = pages.easy_read_pages()
    assert {page.url_name for page in entries} >= {"core:home", "core:accessibility"}
    for page in entries:
        assert f'href="{page.easy_read_url}"' in content
        # The fragment points at a real element of the target page.
        target = client.get(page.url).content.decode()
        assert f'id="{page.easy_read.fragment}"' in target


def test_register_adds_a_page_everywhere(client):
    extra = pages.Page(
        "core:help",
        "Page ajoutée",
        "Une page qu'une application ajouterait.",
        "Nouvelle rubrique",
        keywords=("zygomatique",),
    )
    pages._PAGES.append(extra)
    try:
        assert ("Nouvelle rubrique", [extra]) in pages.sitemap_groups()
        assert extra in pages.search("zygomatique")
    finally:
        pages._PAGES.remove(extra)


@pytest.mark.parametrize(
    ("query", "expected_first"),
    [
        ("accessibilite", "core:accessibility"),
        ("ACCESSIBILITÉ", "core:accessibility"),
        ("Accessibilité", "core:accessibility"),
        ("donnees personnelles", "core:privacy"),
        ("intervenants", "directory:home"),
        ("trouver un intervenant", "directory:home"),
        ("pension d'invalidite", "legal_guide:home"),
        ("devis", "toolbox:quotes"),  # the quote generator, then the toolbox home
        ("police", "core:display"),
        ("facile a lire", "core:easy_read"),
        ("plan", "core:sitemap"),
        ("cnil", "core:privacy"),
    ],
)
def test_search_is_accent_and_case_insensitive(query, expected_first):
    results = pages.search(query)
    assert results, query
    assert results[0].url_name == expected_first, [page.url_name for page in results]


def test_search_needs_every_word():
    assert pages.search("accessibilite zygomatique") == []


def test_search_ignores_small_words_and_never_returns_itself():
    assert pages.search("le la de") == []
    assert all(page.url_name != "core:search" for page in pages.search("rechercher"))


def test_normalize():
    assert (
        pages.normalize("Intervenant·es-pairs, Œuvre À LIRE") == "intervenantes pairs oeuvre a lire"
    )


def test_search_page_counts_results_in_a_status_region(client):
    response = client.get(reverse("core:search"), {"q": "accessibilite"})
    page = parse(response.content)
    status = page.status_texts[-1]
    assert status.startswith(f"{len(pages.search('accessibilite'))} page")
    assert "« accessibilite »" in status
    content = response.content.decode()
    assert f'<a href="{reverse("core:accessibility")}">' in content
    # The header's field keeps the query.
    assert 'id="site-search-q" name="q" value="accessibilite"' in content


def test_search_page_without_query_gives_a_hint(client):
    page = parse(client.get(reverse("core:search")).content)
    assert page.status_texts[-1].startswith("Tapez un ou plusieurs mots")


def test_search_page_without_result_suggests_other_paths(client):
    response = client.get(reverse("core:search"), {"q": "zygomatique"})
    page = parse(response.content)
    assert page.status_texts[-1] == "Aucune page trouvée pour « zygomatique »."
    content = response.content.decode()
    assert "Quelques pistes" in content
    assert f'href="{reverse("core:sitemap")}"' in content
    assert f'href="{reverse("directory:home")}"' in content


def test_search_query_is_escaped(client):
    content = client.get(reverse("core:search"), {"q": "<script>x</script>"}).content.decode()
    assert "<script>x" not in content
    assert "&lt;script&gt;x" in content
