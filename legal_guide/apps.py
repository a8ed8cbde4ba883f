from django.apps import AppConfig


class LegalGuideConfig(AppConfig):
    name = "legal_guide"
    verbose_name = "Guide juridique"
