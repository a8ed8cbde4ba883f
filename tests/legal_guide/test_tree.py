"""The orientation tree: validation on save and every path of the real tree."""

import pytest
import yaml

from legal_guide import tree
from legal_guide.content import CONTENT, situations
from legal_guide.models import DecisionTree, Situation

SLUGS = {item["slug"] for item in situations()}


def _source(questions, start="q1"):
    return yaml.safe_dump({"depart": start, "questions": questions}, allow_unicode=True)


def _q(key, answers):
    return {"cle": key, "texte": f"Question {key} ?", "reponses": answers}


def _a(key, **extra):
    return {"cle": key, "libelle": key.capitalize(), **extra}


def _unknown(**extra):
    return _a("ne-sais-pas", ne_sait_pas=True, **extra)


def _errors(source, published=frozenset()):
    with pytest.raises(tree.TreeError) as error:
        tree.parse(source, {"s1", "s2"}, set(published))
    return " | ".join(error.value.messages)


def test_the_real_tree_is_valid_and_reaches_every_situation():
    data = tree.parse((CONTENT / "tree.yaml").read_text(), SLUGS, SLUGS)
    reached = {
        slug for q in data["questions"].values() for a in q["answers"] for slug in a["situations"]
    }
    assert reached == SLUGS
    assert len(SLUGS) >= 23


def test_a_cycle_is_refused():
    source = _source(
        [_q("q1", [_a("a", suite="q2"), _unknown()]), _q("q2", [_a("b", suite="q1"), _unknown()])]
    )
    assert "Boucle dans l'arbre : q1 → q2 → q1" in _errors(source)


def test_a_dead_end_is_refused():
    source = _source([_q("q1", [_a("a", suite="nulle-part"), _unknown()])])
    assert "« nulle-part » n'existe pas (impasse)" in _errors(source)


def test_an_unreachable_question_and_situation_are_refused():
    source = _source(
        [_q("q1", [_a("a", situations=["s1"]), _unknown()]), _q("orpheline", [_a("b"), _unknown()])]
    )
    errors = _errors(source, published={"s1", "s2"})
    assert "« orpheline » ne peut pas être atteinte" in errors
    assert "La situation « s2 » n'est proposée par aucune réponse" in errors


def test_every_question_needs_exactly_one_unknown_answer_and_two_answers():
    assert "exactement une réponse « Je ne sais pas »" in _errors(
        _source([_q("q1", [_a("a"), _a("b")])])
    )
    assert "au moins deux réponses" in _errors(_source([_q("q1", [_unknown()])]))


def test_unknown_situation_and_bad_yaml_are_refused():
    assert "la situation « inconnue » n'existe pas" in _errors(
        _source([_q("q1", [_a("a", situations=["inconnue"]), _unknown()])])
    )
    assert "YAML valide" in _errors("depart: [")
    assert "clé « depart »" in _errors("- juste une liste")


def _all_paths(data):
    """Every complete path of the tree: lists of (question, answer)."""
    paths = []

    def follow(key, trail):
        for answer in data["questions"][key]["answers"]:
            step = [*trail, (key, answer["key"])]
            if answer["next"]:
                follow(answer["next"], step)
            else:
                paths.append(step)

    follow(data["start"], [])
    return paths


def test_every_path_of_the_real_tree_ends_on_a_result():
    data = DecisionTree.objects.get(active=True).data
    published = set(Situation.objects.published().values_list("slug", flat=True))
    paths = _all_paths(data)
    assert len(paths) > 1000
    not_covered = 0
    for path in paths:
        walk = tree.walk(data, dict(path))
        assert walk.finished and not walk.error and not walk.ignored
        assert len(walk.steps) == len(path)
        assert set(walk.situation_slugs()) <= published
        not_covered += not walk.situation_slugs()
    # Exactly the paths « no benefit, no protection (or unknown), another way »: covered by the
    # explicit « not covered » page.
    assert not_covered == 4


@pytest.mark.parametrize(
    ("answers", "expected"),
    [
        (
            {
                "prestation": "aah",
                "taux": "50-a-79",
                "facture": "non",
                "protection": "non",
                "activite": "souvent",
                "rqth": "oui",
            },
            [
                "aah-rsdae-mi-temps",
                "aah-debut-activite",
                "prime-activite-et-aah",
                "interventions-frequentes",
                "prix-journee-formation",
                "rc-pro",
                "rqth-le-dire-employeur",
            ],
        ),
        (
            {
                "prestation": "ne-sais-pas",
                "protection": "tutelle",
                "activite": "ne-sais-pas",
                "rqth": "ne-sais-pas",
            },
            ["tutelle-etre-paye", "interventions-frequentes", "rqth-obtenir"],
        ),
        ({"prestation": "aucune", "protection": "non", "activite": "autre"}, []),
    ],
)
def test_paths_give_their_situations_in_order(answers, expected):
    walk = tree.walk(DecisionTree.objects.get(active=True).data, answers)
    assert walk.finished
    assert walk.situation_slugs() == expected


def test_walk_stops_at_an_unknown_answer_and_ignores_forged_keys():
    data = DecisionTree.objects.get(active=True).data
    walk = tree.walk(data, {"prestation": "aah", "taux": "999", "activite": "souvent"})
    assert walk.current["key"] == "taux" and walk.error
    assert walk.ignored == ["activite"]


def test_remaining_depth_counts_the_longest_way():
    data = DecisionTree.objects.get(active=True).data
    assert tree.remaining_depth(data, "prestation") == 6
    assert tree.remaining_depth(data, "rqth") == 1


def test_the_demo_seeder_restores_the_guide_idempotently():
    from epop.core.demo import DemoContext
    from legal_guide.demo import seed_legal_guide

    Situation.objects.filter(slug="rc-pro").delete()
    DecisionTree.objects.all().delete()
    ctx = DemoContext(seed=1, profiles=0, write=lambda _: None)
    seed_legal_guide(ctx)
    seed_legal_guide(ctx)
    assert Situation.objects.filter(slug="rc-pro").count() == 1
    assert Situation.objects.get(slug="rc-pro").sources.count() == 1
    assert DecisionTree.objects.filter(active=True).count() == 1
