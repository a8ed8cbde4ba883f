from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "epop.core"
    label = "core"
    verbose_name = "Socle"

    def ready(self):
        from .forms import refuse_control_characters_everywhere

        # Before any other app's ready(): epop.core is first in INSTALLED_APPS.
        refuse_control_characters_everywhere()
