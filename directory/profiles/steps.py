"""The steps of the peer worker's profile editor, how each is doing, and the history in words."""

from dataclasses import dataclass

from django.urls import reverse

from . import forms
from .models import PeerProfile
from .place_form import PlaceForm


@dataclass(frozen=True)
class Step:
    slug: str
    title: str
    form_class: type
    template: str
    summary: str

    @property
    def url(self) -> str:
        return reverse("directory:edit_step", args=[self.slug])


STEPS = (
    Step(
        "presentation",
        "Présentation",
        forms.PresentationForm,
        "directory/edit/step_presentation.html",
        "Nom affiché, photo, présentation courte, rôles et approches.",
    ),
    Step(
        "experience",
        "Expérience vécue",
        forms.ExperienceForm,
        "directory/edit/step_experience.html",
        "Facultatif : ce que vous choisissez de partager, et qui peut le lire.",
    ),
    Step(
        "offre",
        "Ce que je propose",
        forms.OfferForm,
        "directory/edit/step_offer.html",
        "Types d'intervention, publics, formats, langues, formation et conditions.",
    ),
    Step(
        "lieu",
        "Où j'interviens",
        PlaceForm,
        "directory/edit/step_place.html",
        "Votre commune, la distance, des départements entiers, le travail à distance.",
    ),
)
STEP_BY_SLUG = {step.slug: step for step in STEPS}

# How each step is doing, in words (never shown by colour alone).
DONE, TO_DO, OPTIONAL = "complétée", "à compléter", "facultative"


def step_state(step: Step, profile: PeerProfile) -> str:
    if step.slug == "presentation":
        filled = bool(profile.display_name.strip() and profile.pitch.strip())
    elif step.slug == "experience":
        return DONE if profile.experience_statement.strip() or profile.themes else OPTIONAL
    elif step.slug == "offre":
        filled = bool(profile.intervention_types)
    else:
        filled = profile.home_commune_id is not None
    return DONE if filled else TO_DO


# Where each missing item of `services.missing_for_submission` is filled in.
MISSING_STEP = {
    "display_name": "presentation",
    "pitch": "presentation",
    "intervention_types": "offre",
    "home_commune": "lieu",
}

# The history in plain words (ProfileEvent.action → French).
ACTION_LABELS = {
    "modification": "Profil modifié : il repasse en brouillon",
    "soumission": "Profil envoyé pour validation",
    "premier_echange": "Premier échange avec la coordination",
    "validation": "Profil validé et publié dans l'annuaire",
    "demande_modifs": "La coordination demande des modifications",
    "refus": "Profil non retenu par la coordination",
    "confirmation": "Profil confirmé à jour",
}
