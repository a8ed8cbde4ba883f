import pytest

from epop.territories.text import fold, query_key


@pytest.mark.parametrize(
    ("name", "folded"),
    [
        ("L'Haÿ-les-Roses", "l hay les roses"),
        ("Saint-Étienne", "saint etienne"),
        ("Œuilly", "oeuilly"),
        ("Cœuvres-et-Valsery", "coeuvres et valsery"),
        ("Chalon-sur-Saône", "chalon sur saone"),
        ("  Sainte--Marie  (Doubs) ", "sainte marie doubs"),
        ("L’Île-d’Yeu", "l ile d yeu"),  # typographic apostrophes
        ("", ""),
    ],
)
def test_fold(name, folded):
    assert fold(name) == folded


@pytest.mark.parametrize(
    ("query", "key"),
    [
        ("st etienne", "saint etienne"),
        ("Ste-Marie", "sainte marie"),
        ("St. Quentin", "saint quentin"),
        ("st", "st"),  # still being typed: Strasbourg, Stenay…
        ("rue st", "rue st"),
        ("stains", "stains"),
    ],
)
def test_query_key_expands_saint_abbreviations_except_in_the_last_word(query, key):
    assert query_key(query) == key
