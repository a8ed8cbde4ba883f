"""Find a submodule (`bench`, `demo`…) in every app that belongs to this project."""

from importlib import import_module
from importlib.util import find_spec
from pathlib import Path

from django.apps import apps
from django.conf import settings


def is_local(config) -> bool:
    # A local app's top-level package is a folder of the project (epop/, directory/, forum/…);
    # checking the path prefix alone would also admit the packages installed in .venv/.
    package = Path(settings.BASE_DIR) / config.name.split(".")[0]
    return Path(config.path).is_relative_to(package)


def import_local_submodules(name: str) -> None:
    """Import `<app>.<name>` for every local app that has one. find_spec tells "no such
    module" apart from an ImportError inside one, which must show."""
    for config in apps.get_app_configs():
        module = f"{config.name}.{name}"
        if is_local(config) and find_spec(module):
            import_module(module)
