from core.audit import register_audited
from training.models import Course, CourseMaterial, Requirement

# Completions are not audited: they arrive by the ten thousand (imports, the API), and each
# records who recorded it and how (``recorded_by``, ``source``).
for model in (Course, CourseMaterial, Requirement):
    register_audited(model)
