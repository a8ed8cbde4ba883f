"""The forum's notification types, found by epop.notifications' autodiscovery (weekly digest by
default): mentions, replies to one's posts, and new posts in what one follows."""

from epop.accounts.models import User
from epop.notifications.registry import Frequency, NotificationType, register

from .models import Notification

Kind = Notification.Kind

TYPES = {
    Kind.MENTION: register(
        NotificationType(
            key="forum.mention",
            label="Forum : quand on vous mentionne",
            description="Quelqu'un écrit votre pseudo avec une arobase (@) dans un message.",
            default=Frequency.WEEKLY,
            audiences=(User.Kind.PEER_WORKER,),
        )
    ),
    Kind.REPLY: register(
        NotificationType(
            key="forum.reponse",
            label="Forum : réponses à vos messages",
            description="Quelqu'un répond à l'un de vos messages.",
            default=Frequency.WEEKLY,
            audiences=(User.Kind.PEER_WORKER,),
        )
    ),
    Kind.WATCH: register(
        NotificationType(
            key="forum.suivi",
            label="Forum : sujets et catégories que vous suivez",
            description="Un nouveau message dans un sujet ou une catégorie que vous suivez.",
            default=Frequency.WEEKLY,
            audiences=(User.Kind.PEER_WORKER,),
        )
    ),
}
