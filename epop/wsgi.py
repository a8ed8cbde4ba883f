import os

from django.core.wsgi import get_wsgi_application

from epop.core.startup import freeze_start_up_objects

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "epop.settings.prod")
# Web requests get a statement timeout (settings: database_options).
os.environ.setdefault("EPOP_WEB_PROCESS", "true")
application = get_wsgi_application()
freeze_start_up_objects()
