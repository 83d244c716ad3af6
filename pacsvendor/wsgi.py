import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pacsvendor.settings")

application = get_wsgi_application()

# Everything loaded so far (Django, the apps, their modules) lives as long as the process: move it
# out of the garbage collector's generations, so a full collection during a request scans only
# what requests made (on the KPI overview it cut the p95 from ~200 ms to ~100 ms).
gc.collect()
gc.freeze()
