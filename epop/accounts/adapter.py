from allauth.account.adapter import DefaultAccountAdapter

from epop.core.client_ip import client_ip


class AccountAdapter(DefaultAccountAdapter):
    """Hook for the account flows; kept so later features (e.g. helpers) have one place to act."""

    # allauth's French messages are correct but terse; ours say how to get out of the situation
    # (RGAA 11.11, accessibility.md §2.2) and never reveal whether an address has an account.
    # Field errors start in lower case because the field template prefixes « Erreur : »; the
    # others (shown in the summary or as messages) are full sentences.
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "email_password_mismatch": (
            "L'adresse e-mail ou le mot de passe ne correspond pas. Vérifiez les deux, puis "
            "réessayez. Si vous avez oublié votre mot de passe, suivez le lien « Mot de passe "
            "oublié ? »."
        ),
        "too_many_login_attempts": (
            "Trop d'essais de connexion à la suite. Attendez cinq minutes avant de réessayer, "
            "ou choisissez un nouveau mot de passe avec le lien « Mot de passe oublié ? »."
        ),
        "enter_current_password": "tapez votre mot de passe actuel.",
        "incorrect_password": "ce mot de passe n'est pas le bon. Tapez votre mot de passe actuel.",
        "rate_limited": (
            "Vous avez fait beaucoup de demandes en peu de temps. Attendez quelques minutes, puis "
            "réessayez."
        ),
        "cannot_remove_primary_email": (
            "Vous ne pouvez pas supprimer votre adresse principale. Choisissez d'abord une autre "
            "adresse comme adresse principale."
        ),
        "unverified_primary_email": (
            "Cette adresse n'est pas encore vérifiée. Vérifiez-la avant d'en faire votre adresse "
            "principale."
        ),
    }

    def get_client_ip(self, request) -> str:
        # Login and sign-up limits key on the real client behind the trusted proxies, never on
        # the proxy (a site-wide limit) nor on a header anyone can write.
        return client_ip(request)

    def save_user(self, request, user, form, commit=True):
        # Set the kind before allauth's first save so the row is never stored without one.
        kind = form.cleaned_data.get("kind")
        if kind:
            user.kind = kind
        return super().save_user(request, user, form, commit=commit)
