"""WSGI entry point for gunicorn: gunicorn scorecard.web.wsgi (docs/deployment.md)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "scorecard.web.settings")
application = get_wsgi_application()
