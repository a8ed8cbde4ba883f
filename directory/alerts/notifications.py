"""Notification types of alerts and needs, found by epop.notifications' autodiscovery.

- `alertes.nouveaux_profils` (employers). Each alert has its own frequency; the preference is a
  ceiling: « Immédiatement » (default) keeps each alert's rhythm, daily or weekly groups faster
  alerts at that pace, « Jamais » stops every alert mail.
- `besoins.nouveaux` (peer workers): default one digest a day. Domain rule 7 asks for digests by
  default; a daily one still arrives in time for a need dated next week.
- `besoins.reponses` (employers): immediately, when a peer worker answers their need.
"""

import logging

from epop.accounts.models import User
from epop.notifications import registry
from epop.notifications.registry import Frequency, NotificationType

logger = logging.getLogger(__name__)


ALERTS_KEY = "alertes.nouveaux_profils"
NEEDS_KEY = "besoins.nouveaux"
NEED_RESPONSES_KEY = "besoins.reponses"

ALERTS_TYPE = registry.register(
    NotificationType(
        key=ALERTS_KEY,
        label="Nouveaux profils pour mes alertes (employeurs)",
        description=(
            "Un e-mail quand de nouveaux profils correspondent à vos alertes. Chaque alerte a son "
            "propre rythme, réglé sur la page « Mes alertes ». « Immédiatement » garde le rythme "
            "de chaque alerte. « Un résumé par jour » ou « par semaine » regroupe les alertes plus "
            "rapides. « Jamais » arrête tous ces e-mails."
        ),
        default=Frequency.IMMEDIATE,
        audiences=(User.Kind.EMPLOYER,),
    )
)
NEEDS_TYPE = registry.register(
    NotificationType(
        key=NEEDS_KEY,
        label="Besoins d'employeurs qui correspondent à mon profil (intervenant·es-pairs)",
        description=(
            "Un e-mail quand un employeur cherche une intervention que vous proposez, dans votre "
            "zone ou à distance. Rien ne vous est envoyé pendant une pause."
        ),
        default=Frequency.DAILY,
        audiences=(User.Kind.PEER_WORKER,),
    )
)
NEED_RESPONSES_TYPE = registry.register(
    NotificationType(
        key=NEED_RESPONSES_KEY,
        label="Réponses à mes besoins (employeurs)",
        description=(
            "Un e-mail quand un·e intervenant·e-pair répond à un besoin que vous avez publié."
        ),
        default=Frequency.IMMEDIATE,
        audiences=(User.Kind.EMPLOYER,),
    )
)
