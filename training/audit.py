from core.audit import register_audited
from training.models import Completion, Course, CourseMaterial, Requirement

for model in (Course, CourseMaterial, Requirement, Completion):
    register_audited(model)
