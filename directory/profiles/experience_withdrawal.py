"""Withdrawing lived experience applies to the published profile at once (issue 7, item 2).

The lived-experience statement is special-category data (GDPR art. 9) published on consent, and
consent can be withdrawn « à tout moment » (privacy notice). So, in the peer worker's own save:

- erasing the statement erases it from the published version too;
- narrowing who may read it (public → employers → coordination) narrows the published version;
- removing experience themes removes them from the published version.

Only what restricts is applied; widening (a new text, a wider audience, a new theme) still waits
for a coordinator's validation like every significant edit. Called from `services.save_content`
inside its transaction, on the locked working copy.
"""

from . import choices
from .models import PublishedProfile

# From the widest audience to the narrowest.
AUDIENCE_ORDER = (
    choices.Visibility.PUBLIC,
    choices.Visibility.EMPLOYERS,
    choices.Visibility.COORDINATORS,
)


def _narrower(new: str, old: str) -> bool:
    if new not in AUDIENCE_ORDER or old not in AUDIENCE_ORDER:
        return False
    return AUDIENCE_ORDER.index(new) > AUDIENCE_ORDER.index(old)


def withdraw_from_published(profile) -> set[str]:
    """Apply the restricting part of the working copy to the published version. Returns the
    experience fields whose working value now equals the published one: those need no
    validation any more."""
    published = PublishedProfile.objects.select_for_update().filter(pk=profile.pk).first()
    if published is None:
        return set()
    updates = {}
    if not profile.experience_statement.strip() and published.experience_statement:
        updates["experience_statement"] = ""
    if _narrower(profile.experience_visibility, published.experience_visibility):
        updates["experience_visibility"] = profile.experience_visibility
    kept_themes = [theme for theme in published.themes if theme in set(profile.themes)]
    if kept_themes != list(published.themes):
        updates["themes"] = kept_themes
    if updates:
        PublishedProfile.objects.filter(pk=profile.pk).update(**updates)
        for name, value in updates.items():
            setattr(published, name, value)
    return {
        name
        for name in ("experience_statement", "experience_visibility", "themes")
        if getattr(profile, name) == getattr(published, name)
    }
