"""One `of_place` for the whole site (there were two, which disagreed on names starting with H)."""

import pytest

from epop.territories.text import of_place


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("Amiens", "d'Amiens"),
        ("Évreux", "d'Évreux"),
        ("Hazebrouck", "d'Hazebrouck"),
        ("Hénin-Beaumont", "d'Hénin-Beaumont"),
        ("Le Havre", "du Havre"),
        ("Les Andelys", "des Andelys"),
        ("Lyon", "de Lyon"),
        ("Œuilly", "d'Œuilly"),
    ],
)
def test_de_before_a_place_name(name, words):
    assert of_place(name) == words
