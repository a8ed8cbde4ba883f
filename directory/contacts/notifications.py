"""Notification types of the contact requests, found by epop.notifications' autodiscovery. The
site's inbox never depends on mail: preferences only decide the e-mail."""

import logging

from epop.accounts.models import User
from epop.notifications import registry
from epop.notifications.registry import Frequency, NotificationType

logger = logging.getLogger(__name__)


# --- Notification types ---------------------------------------------------------------------------

NEW_REQUEST = registry.register(
    NotificationType(
        key="contact.nouvelle_demande",
        label="Nouvelles demandes de mise en relation",
        description=(
            "Pour les intervenant·es-pairs. Un e-mail quand un employeur vous envoie une "
            "demande, et un rappel si elle attend votre réponse depuis 7 jours. Les demandes "
            "restent toujours dans vos messages sur le site."
        ),
        frequencies=(Frequency.IMMEDIATE, Frequency.NEVER),
        default=Frequency.IMMEDIATE,
        audiences=(User.Kind.PEER_WORKER,),
    )
)
NEW_MESSAGE = registry.register(
    NotificationType(
        key="contact.message",
        label="Nouveaux messages des employeurs",
        description=(
            "Pour les intervenant·es-pairs. Un e-mail quand un employeur vous écrit dans une "
            "conversation, au plus un entre deux visites de la conversation."
        ),
        frequencies=(Frequency.IMMEDIATE, Frequency.NEVER),
        default=Frequency.IMMEDIATE,
        audiences=(User.Kind.PEER_WORKER,),
    )
)
ANSWER = registry.register(
    NotificationType(
        key="contact.reponse",
        label="Réponses à mes demandes de mise en relation",
        description=(
            "Pour les employeurs. Un e-mail quand l'intervenant·e-pair vous répond, accepte ou "
            "décline votre demande, ou quand la demande expire sans réponse. Les réponses "
            "restent toujours dans vos messages sur le site."
        ),
        frequencies=(Frequency.IMMEDIATE, Frequency.NEVER),
        default=Frequency.IMMEDIATE,
        audiences=(User.Kind.EMPLOYER,),
    )
)
FOLLOW_UP = registry.register(
    NotificationType(
        key="contact.suivi",
        label="Suivi après une demande acceptée",
        description=(
            "Pour les employeurs. Une question après une demande acceptée : l'intervention "
            "a-t-elle eu lieu ? Les réponses servent seulement à des statistiques anonymes."
        ),
        frequencies=(Frequency.IMMEDIATE, Frequency.NEVER),
        default=Frequency.IMMEDIATE,
        audiences=(User.Kind.EMPLOYER,),
    )
)
REPORT = registry.register(
    NotificationType(
        key="contact.signalement",
        label="Coordination : messages signalés",
        description=(
            "Pour les équipes de coordination. Un e-mail quand un message d'une mise en "
            "relation de vos régions est signalé."
        ),
        frequencies=(Frequency.IMMEDIATE,),
        default=Frequency.IMMEDIATE,
        switchable=False,
        always_sent_reason=(
            "Un signalement peut concerner la sécurité d'une personne : l'équipe doit le "
            "savoir tout de suite."
        ),
        audiences=(User.Kind.COORDINATOR,),
    )
)
