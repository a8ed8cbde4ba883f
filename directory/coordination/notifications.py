"""Notification types of coordination: the coordinators' Monday digest and the peer workers'
freshness reminders. Found by epop.notifications' autodiscovery of `notifications.py` modules."""

from epop.accounts.models import User
from epop.notifications import registry
from epop.notifications.registry import Frequency, NotificationType

WEEKLY_DIGEST = registry.register(
    NotificationType(
        key="annuaire.resume_hebdo",
        label="Coordination : résumé des profils en attente",
        description=(
            "Pour les équipes de coordination. Chaque lundi matin, la liste des profils qui "
            "attendent encore votre validation. Rien n'est envoyé si aucun profil n'attend."
        ),
        frequencies=(Frequency.WEEKLY, Frequency.NEVER),
        default=Frequency.WEEKLY,
        audiences=(User.Kind.COORDINATOR,),
    )
)
CONFIRMATION_REMINDER = registry.register(
    NotificationType(
        key="annuaire.rappel_confirmation",
        label="Rappels pour garder mon profil à jour",
        description=(
            "Pour les intervenant·es-pairs. Un e-mail un mois puis une semaine avant la date où "
            "il faut confirmer que votre profil est à jour (tous les 6 mois), et un e-mail si "
            "votre profil n'est plus visible dans l'annuaire."
        ),
        frequencies=(Frequency.IMMEDIATE, Frequency.NEVER),
        default=Frequency.IMMEDIATE,
        audiences=(User.Kind.PEER_WORKER,),
    )
)
