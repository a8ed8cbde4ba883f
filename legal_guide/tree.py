"""The orientation tree: parsing and validating the coordinators' YAML, and walking a path.

The YAML (French keys, since coordinators write it)::

    depart: prestation
    questions:
      - cle: prestation
        texte: Touchez-vous une aide ou une pension ?
        aide: Une phrase d'aide, facultative.
        reponses:
          - cle: aah
            libelle: L'AAH
            pictogramme: aah
            situations: [aah-facturer-une-intervention]
            suite: taux
          - cle: ne-sais-pas
            libelle: Je ne sais pas
            ne_sait_pas: oui
            suite: statut

Rules checked on save: every question has at least two answers and exactly one « je ne sais
pas »; every ``suite`` names a question; no cycle; every question can be reached from
``depart``; every situation named exists, and every published situation can be reached.
An answer without ``suite`` ends the path: the result lists the situations met on the way, or
says plainly that the situation is not covered.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

import yaml

from .pictograms import PICTOGRAMS

KEY = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")
MAX_QUESTIONS = 60
MAX_TEXT = 300


class TreeError(ValueError):
    def __init__(self, messages: list[str]):
        super().__init__("; ".join(messages))
        self.messages = messages


def _text(value, where: str, errors: list[str], required: bool = True) -> str:
    if value is None and not required:
        return ""
    if not isinstance(value, str) or not value.strip():
        errors.append(f"{where} : le texte manque.")
        return ""
    if len(value) > MAX_TEXT:
        errors.append(f"{where} : le texte dépasse {MAX_TEXT} caractères.")
    if any(ord(c) < 32 and c not in "\n\t" for c in value):
        errors.append(f"{where} : le texte contient des caractères de contrôle.")
    return value.strip()


def parse(source: str, situation_slugs: set[str], published_slugs: set[str]) -> dict:
    """Validate the YAML and return the structure stored in ``DecisionTree.data``; raise
    ``TreeError`` with every problem found, in French, otherwise."""
    try:
        raw = yaml.safe_load(source)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" (ligne {mark.line + 1})" if mark else ""
        raise TreeError([f"Le texte n'est pas du YAML valide{where}."]) from error
    if not isinstance(raw, dict) or not isinstance(raw.get("questions"), list):
        raise TreeError(["Il faut une clé « depart » et une liste « questions »."])
    errors: list[str] = []
    questions: dict[str, dict] = {}
    if len(raw["questions"]) > MAX_QUESTIONS:
        errors.append(f"Pas plus de {MAX_QUESTIONS} questions.")
    for position, item in enumerate(raw["questions"], start=1):
        if not isinstance(item, dict):
            errors.append(f"Question n° {position} : ce n'est pas une question.")
            continue
        key = str(item.get("cle", ""))
        where = f"Question « {key or position} »"
        if not KEY.match(key):
            errors.append(f"{where} : la clé doit être en minuscules, chiffres et tirets.")
            continue
        if key in questions:
            errors.append(f"{where} : cette clé est déjà utilisée.")
            continue
        question = {
            "key": key,
            "text": _text(item.get("texte"), where, errors),
            "help": _text(item.get("aide"), where, errors, required=False),
            "answers": [],
        }
        answers = item.get("reponses")
        if not isinstance(answers, list) or len(answers) < 2:
            errors.append(f"{where} : il faut au moins deux réponses.")
            answers = answers if isinstance(answers, list) else []
        seen = set()
        for rank, answer in enumerate(answers, start=1):
            if not isinstance(answer, dict):
                errors.append(f"{where}, réponse n° {rank} : ce n'est pas une réponse.")
                continue
            answer_key = str(answer.get("cle", ""))
            answer_where = f"{where}, réponse « {answer_key or rank} »"
            if not KEY.match(answer_key) or answer_key in seen:
                errors.append(f"{answer_where} : clé absente, mal écrite ou en double.")
                continue
            seen.add(answer_key)
            slugs = answer.get("situations") or []
            if not isinstance(slugs, list):
                errors.append(f"{answer_where} : « situations » doit être une liste.")
                slugs = []
            for slug in slugs:
                if str(slug) not in situation_slugs:
                    errors.append(f"{answer_where} : la situation « {slug} » n'existe pas.")
            picto = str(answer.get("pictogramme") or "")
            if picto and picto not in PICTOGRAMS:
                errors.append(f"{answer_where} : le pictogramme « {picto} » n'existe pas.")
            question["answers"].append(
                {
                    "key": answer_key,
                    "label": _text(answer.get("libelle"), answer_where, errors),
                    "pictogram": str(picto),
                    "situations": [str(slug) for slug in slugs],
                    "next": str(answer["suite"]) if answer.get("suite") else "",
                    "unknown": bool(answer.get("ne_sait_pas")),
                }
            )
        unknown = sum(1 for answer in question["answers"] if answer["unknown"])
        if question["answers"] and unknown != 1:
            errors.append(f"{where} : il faut exactement une réponse « Je ne sais pas ».")
        questions[key] = question
    start = str(raw.get("depart", ""))
    if start not in questions:
        errors.append("La question de départ (« depart ») n'existe pas.")
    for question in questions.values():
        for answer in question["answers"]:
            if answer["next"] and answer["next"] not in questions:
                errors.append(
                    f"Question « {question['key']} », réponse « {answer['key']} » : la suite "
                    f"« {answer['next']} » n'existe pas (impasse)."
                )
    if errors:
        raise TreeError(errors)
    errors += _graph_errors(start, questions, published_slugs)
    if errors:
        raise TreeError(errors)
    return {"start": start, "questions": questions}


def _graph_errors(start: str, questions: dict, published_slugs: set[str]) -> list[str]:
    errors = []
    state: dict[str, str] = {}

    def visit(key: str, trail: list[str]) -> None:
        state[key] = "open"
        for answer in questions[key]["answers"]:
            following = answer["next"]
            if not following:
                continue
            if state.get(following) == "open":
                loop = " → ".join([*trail[trail.index(following) :], following])
                errors.append(f"Boucle dans l'arbre : {loop}.")
            elif following not in state:
                visit(following, [*trail, following])
        state[key] = "done"

    visit(start, [start])
    unreachable = sorted(set(questions) - set(state))
    for key in unreachable:
        errors.append(f"La question « {key} » ne peut pas être atteinte depuis le départ.")
    reached = {
        slug
        for key in state
        for answer in questions[key]["answers"]
        for slug in answer["situations"]
    }
    for slug in sorted(published_slugs - reached):
        errors.append(f"La situation « {slug} » n'est proposée par aucune réponse.")
    return errors


@dataclass
class Step:
    question: dict
    answer: dict
    position: int


@dataclass
class Walk:
    steps: list[Step] = field(default_factory=list)
    current: dict | None = None
    error: str = ""
    ignored: list[str] = field(default_factory=list)

    @property
    def finished(self) -> bool:
        return self.current is None

    def situation_slugs(self) -> list[str]:
        slugs = [slug for step in self.steps for slug in step.answer["situations"]]
        return list(dict.fromkeys(slugs))

    def answers_until(self, position: int) -> list[tuple[str, str]]:
        return [(s.question["key"], s.answer["key"]) for s in self.steps[:position]]


def walk(data: dict, params) -> Walk:
    """Follow the answers given in ``params`` (a mapping question key → answer key) from the
    start. Stops at the first question without a valid answer; answers to questions not on the
    path are reported in ``ignored`` (a forged or outdated address), never trusted."""
    questions = data["questions"]
    result = Walk()
    key = data["start"]
    visited = set()
    while key and key not in visited:
        visited.add(key)
        question = questions[key]
        given = params.get(key)
        if given is None or given == "":
            result.current = question
            break
        answer = next((a for a in question["answers"] if a["key"] == given), None)
        if answer is None:
            result.current = question
            result.error = "Cette réponse n'existe pas. Choisissez une des réponses proposées."
            break
        result.steps.append(Step(question, answer, len(result.steps) + 1))
        key = answer["next"]
    on_path = {step.question["key"] for step in result.steps}
    if result.current:
        on_path.add(result.current["key"])
    result.ignored = sorted(k for k in params if k in questions and k not in on_path)
    return result


def remaining_depth(data: dict, key: str) -> int:
    """Questions left at most from ``key``, itself included (the tree has no cycle)."""
    return _depth(_frozen(data), key)


def _frozen(data: dict):
    return tuple(
        (k, tuple(a["next"] for a in q["answers"])) for k, q in sorted(data["questions"].items())
    )


@lru_cache(maxsize=256)
def _depth(graph: tuple, key: str) -> int:
    nexts = dict(graph)[key]
    return 1 + max((_depth(graph, n) for n in nexts if n), default=0)
