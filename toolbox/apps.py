from django.apps import AppConfig


class ToolboxConfig(AppConfig):
    name = "toolbox"
    verbose_name = "Boîte à outils"

    def ready(self):
        from epop.core import pages

        from .page_registry import PAGES

        for page in PAGES:
            if not any(existing.url_name == page.url_name for existing in pages.all_pages()):
                pages.register(page)
