import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
application = get_wsgi_application()

from portal.startup import require_real_virus_scanner, require_runtime_secrets  # noqa: E402  (needs the settings)

require_runtime_secrets()
require_real_virus_scanner()
