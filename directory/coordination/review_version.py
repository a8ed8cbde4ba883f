"""The decision names the version the coordinator reviewed (issue 7, item 3).

The review page puts a fingerprint of the working copy in the decision form; the decision is
taken only if the profile still has that fingerprint, checked under the row lock, so a peer
worker resubmitting between the reading and the click can never get a version published that
no coordinator saw. A changed version is refused with a French message and the new diff.
"""

import hashlib
import json
from contextlib import contextmanager

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction

from directory.profiles.models import PeerProfile

CHANGED_MESSAGE = (
    "La personne a modifié son profil pendant que vous le lisiez : votre décision n'a pas été "
    "enregistrée. Relisez les changements ci-dessus, puis envoyez de nouveau votre décision."
)


class VersionChanged(Exception):
    """The profile is no longer the version the decision was taken on."""


def fingerprint(profile) -> str:
    content = {
        **profile.content_values(),
        "status": profile.status,
        "submitted_at": profile.submitted_at,
    }
    encoded = json.dumps(content, sort_keys=True, cls=DjangoJSONEncoder).encode()
    return hashlib.sha256(encoded).hexdigest()[:32]


@contextmanager
def reviewed_version(profile, version: str):
    """Hold the profile's row lock while the decision is written, if it is still `version`."""
    with transaction.atomic():
        locked = PeerProfile.objects.select_for_update(of=("self",)).get(pk=profile.pk)
        if not version or version != fingerprint(locked):
            raise VersionChanged
        yield locked
