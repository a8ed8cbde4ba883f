"""Small pieces: pictograms, the FALC writing aid, the chart geometry, reserved slugs."""

from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError

from legal_guide import chart, falc_lint, pictograms, tree
from legal_guide.content import CONTENT, situations
from legal_guide.models import Situation, Theme
from legal_guide.simulator.simulation import Month


def test_every_pictogram_is_a_drawn_file_with_a_title():
    for name, label in pictograms.PICTOGRAMS.items():
        text = (pictograms.DIRECTORY / f"{name}.svg").read_text()
        assert "<title>" in text, name
        decorative = pictograms.render(name)
        assert 'aria-hidden="true"' in decorative and "<title>" not in decorative
        alone = pictograms.render(name, decorative=False)
        assert f'role="img" aria-label="{label}"'.replace("'", "&#x27;") in alone
    assert pictograms.render("inconnu") == ""


def test_tree_and_themes_only_use_existing_pictograms():
    data = tree.parse((CONTENT / "tree.yaml").read_text(), {s["slug"] for s in situations()}, set())
    used = {a["pictogram"] for q in data["questions"].values() for a in q["answers"]}
    used |= set(Theme.objects.values_list("pictogram", flat=True))
    assert used <= set(pictograms.PICTOGRAMS)
    broken = (CONTENT / "tree.yaml").read_text().replace("pictogramme: aah", "pictogramme: licorne")
    with pytest.raises(tree.TreeError, match="licorne"):
        tree.parse(broken, {s["slug"] for s in situations()}, set())


def test_falc_lint_flags_what_the_rules_forbid():
    found = falc_lint.warnings(
        "Vous touchez 80 % de l'AAH (environ) ; le 12/03/2026 VOUS devez écrire à la caisse "
        "qui vous verse votre pension avant de commencer votre nouveau travail à mi-temps."
    )
    text = " ".join(found)
    for expected in ("Phrase de", "« ; »", "« ( »", "« % »", "Date en chiffres", "« VOUS »"):
        assert expected in text
    assert falc_lint.warnings("Vous avez la RQTH.\nC'est votre choix.") == []


def test_the_published_falc_texts_pass_the_writing_aid_on_signs():
    for situation in Situation.objects.all():
        for warning in falc_lint.warnings(situation.falc_body + "\n" + situation.falc_summary):
            assert not warning.startswith(("Signe", "Date")), (situation.slug, warning)


def test_chart_bars_stack_in_order_and_coordinates_are_not_localised():
    months = [Month(k + 1, D(900), D("1041.59"), D(0), D(0)) for k in range(12)]
    geometry = chart.build(months)
    assert len(geometry["bars"]) == 24  # earnings and AAH, 12 months
    assert all("," not in bar.y for bar in geometry["bars"])
    assert geometry["ticks"][-1]["value"] == 2000


def test_a_situation_cannot_take_a_reserved_address():
    situation = Situation.objects.first()
    situation.slug = "simulateur"
    with pytest.raises(ValidationError):
        situation.full_clean()
