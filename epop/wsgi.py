import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "epop.settings.prod")
# Web requests get a statement timeout (settings: database_options).
os.environ.setdefault("EPOP_WEB_PROCESS", "true")
application = get_wsgi_application()
