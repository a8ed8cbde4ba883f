"""What changed in a profile since a coordinator last validated it.

Coordinators review the working copy (`PeerProfile`) against the last validated version
(`PublishedProfile`) over `SIGNIFICANT_FIELDS`, the fields whose change needs a new validation.
Values are shown as people read them: choice labels rather than slugs, the commune's name rather
than its INSEE code, « Oui » / « Non » rather than booleans. A profile that was never validated has
no previous version: the whole profile is new and the review page says so.
"""

from dataclasses import dataclass, field

from django.db.models import ForeignKey
from django.utils.text import capfirst

from directory.profiles.models import PeerProfile

# Labels as a coordinator reads them. The model's verbose names are written for the peer worker
# (« intitulé exact de votre activité »); these describe the field from the outside.
FIELD_LABELS = {
    "display_name": "Nom affiché",
    "photo": "Photo",
    "pitch": "Présentation courte",
    "job_title": "Intitulé de l'activité",
    "peer_roles": "Rôles",
    "approaches": "Approches",
    "experience_statement": "Expérience vécue",
    "experience_visibility": "Qui peut lire l'expérience vécue",
    "themes": "Thèmes d'expérience",
    "intervention_types": "Types d'intervention",
    "audiences": "Publics",
    "sectors": "Secteurs",
    "formats": "Formats",
    "work_modes": "Façons de travailler",
    "languages": "Langues",
    "communication": "Communication adaptée",
    "training": "Formation déclarée",
    "other_trainings": "Autres formations",
    "rate_kind": "Conditions",
    "rate_details": "Précisions sur le tarif",
    "home_commune": "Commune de résidence",
    "travel_radius_km": "Distance de déplacement",
    "zone_departments": "Départements d'intervention",
    "remote": "Intervient à distance",
}


@dataclass(frozen=True)
class FieldChange:
    name: str
    label: str
    # Each side is a list of lines, so that lists (roles, publics…) and texts render alike.
    before: list[str]
    after: list[str]
    # For list fields (roles, publics…): what was added and removed, which reads faster than
    # two long lists side by side.
    is_list: bool = False
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class ProfileDiff:
    is_new: bool
    changes: list[FieldChange]
    validated_at: object = None  # datetime of the last validation, None for a new profile

    def __bool__(self):
        return self.is_new or bool(self.changes)


def field_label(name: str) -> str:
    return FIELD_LABELS.get(name) or capfirst(PeerProfile._meta.get_field(name).verbose_name)


def _choices(name):
    model_field = PeerProfile._meta.get_field(name)
    base = getattr(model_field, "base_field", None)
    return dict((base or model_field).choices or ())


def display_lines(name: str, value, communes: dict | None = None) -> list[str]:
    """A stored value as the lines a person reads (empty list: nothing filled in)."""
    model_field = PeerProfile._meta.get_field(name)
    if name == "photo":
        return ["Une photo"] if value else []
    if isinstance(model_field, ForeignKey):  # the home commune, stored by code
        if not value:
            return []
        commune = (communes or {}).get(value)
        return [commune.label if commune else value]
    if isinstance(value, bool):
        return ["Oui" if value else "Non"]
    if name == "travel_radius_km":
        return [f"{value} km"] if value else ["Dans sa commune seulement"]
    if isinstance(value, list | tuple):
        labels = _choices(name)
        return [labels.get(item, item) for item in value]
    if value in (None, ""):
        return []
    labels = _choices(name)
    return [str(labels.get(value, value))]


def profile_diff(profile: PeerProfile) -> ProfileDiff:
    """Compare the working copy with its published version over SIGNIFICANT_FIELDS.

    Reads `profile.published` (select_related it to save a query) and, when the commune changed,
    both communes (select_related `home_commune` and `published__home_commune`).
    """
    published = getattr(profile, "published", None) if profile.pk else None
    if published is None:
        return ProfileDiff(is_new=True, changes=[])
    communes = {}
    for owner in (profile, published):
        if owner.home_commune_id:
            communes[owner.home_commune_id] = owner.home_commune
    now, before = profile.content_values(), published.content_values()
    changes = []
    for name in PeerProfile.SIGNIFICANT_FIELDS:
        old, new = before[name], now[name]
        if _same(old, new):
            continue
        old_lines = display_lines(name, old, communes)
        new_lines = display_lines(name, new, communes)
        if name == "photo" and old and new:
            old_lines, new_lines = ["L'ancienne photo"], ["Une nouvelle photo"]
        is_list = isinstance(new, list | tuple)
        changes.append(
            FieldChange(
                name=name,
                label=field_label(name),
                before=old_lines,
                after=new_lines,
                is_list=is_list,
                added=[line for line in new_lines if line not in old_lines] if is_list else [],
                removed=[line for line in old_lines if line not in new_lines] if is_list else [],
            )
        )
    return ProfileDiff(is_new=False, changes=changes, validated_at=published.validated_at)


def _same(old, new) -> bool:
    if isinstance(old, list | tuple) or isinstance(new, list | tuple):
        # The order of choices in a multi-select carries no meaning.
        return sorted(old or []) == sorted(new or [])
    return (
        (old or "") == (new or "") if isinstance(old, str) or isinstance(new, str) else old == new
    )
