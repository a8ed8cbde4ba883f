"""Links to public profiles, built without resolving the URLconf for each one."""

import functools

from django.urls import reverse


@functools.cache
def _profile_path_pattern() -> str:
    return reverse("directory:profile", args=[987654321]).replace("987654321", "{pk}")


def profile_path(pk: int) -> str:
    """`reverse()` once, not once per profile (twenty result cards, fifty thousand sitemap
    entries)."""
    return _profile_path_pattern().format(pk=pk)
