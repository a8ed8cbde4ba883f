from allauth.account.adapter import DefaultAccountAdapter


class AccountAdapter(DefaultAccountAdapter):
    """Hook for the account flows; kept so later features (e.g. helpers) have one place to act."""
