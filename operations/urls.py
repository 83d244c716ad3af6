from django.urls import path

from core.views.lazy import lazy_view

app_name = "operations"

urlpatterns = [
    # components over their life
    path("lifecycle/", lazy_view("operations.views.lifecycle.LifecycleListView"), name="lifecycle_list"),
    path("lifecycle/<int:pk>/", lazy_view("operations.views.lifecycle.LifecycleDetailView"), name="lifecycle_detail"),
    path(
        "lifecycle/<int:pk>/edit/", lazy_view("operations.views.lifecycle.LifecycleUpdateView"), name="lifecycle_edit"
    ),
    path(
        "lifecycle/<int:pk>/versions/",
        lazy_view("operations.views.lifecycle.LifecycleVersionView"),
        name="lifecycle_version",
    ),
    path(
        "lifecycle/<int:pk>/bulletins/",
        lazy_view("operations.views.lifecycle.LifecycleBulletinView"),
        name="lifecycle_bulletin",
    ),
    path(
        "bulletins/<int:pk>/applied/",
        lazy_view("operations.views.lifecycle.BulletinAppliedView"),
        name="bulletin_applied",
    ),
    # the replacement schedule
    path(
        "replacements/", lazy_view("operations.views.replacements.ReplacementScheduleView"), name="replacement_schedule"
    ),
    # upgrade and change plans
    path("plans/", lazy_view("operations.views.plans.ChangePlanListView"), name="changeplan_list"),
    path("plans/add/", lazy_view("operations.views.plans.ChangePlanCreateView"), name="changeplan_add"),
    path("plans/<int:pk>/", lazy_view("operations.views.plans.ChangePlanDetailView"), name="changeplan_detail"),
    path("plans/<int:pk>/edit/", lazy_view("operations.views.plans.ChangePlanUpdateView"), name="changeplan_edit"),
    path("plans/<int:pk>/act/", lazy_view("operations.views.plans.ChangePlanActionView"), name="changeplan_act"),
    # test-protocol templates
    path("protocols/", lazy_view("operations.views.protocols.ProtocolTemplateListView"), name="protocoltemplate_list"),
    path(
        "protocols/add/",
        lazy_view("operations.views.protocols.ProtocolTemplateCreateView"),
        name="protocoltemplate_add",
    ),
    path(
        "protocols/<int:pk>/",
        lazy_view("operations.views.protocols.ProtocolTemplateDetailView"),
        name="protocoltemplate_detail",
    ),
    path(
        "protocols/<int:pk>/edit/",
        lazy_view("operations.views.protocols.ProtocolTemplateUpdateView"),
        name="protocoltemplate_edit",
    ),
    path(
        "protocols/<int:pk>/cases/",
        lazy_view("operations.views.protocols.ProtocolTemplateCaseView"),
        name="protocoltemplate_case",
    ),
    # lessons learned
    path("lessons/", lazy_view("operations.views.lessons.LessonsReviewListView"), name="lessonsreview_list"),
    path("lessons/add/", lazy_view("operations.views.lessons.LessonsReviewCreateView"), name="lessonsreview_add"),
    path(
        "lessons/<int:pk>/", lazy_view("operations.views.lessons.LessonsReviewDetailView"), name="lessonsreview_detail"
    ),
    path(
        "lessons/<int:pk>/edit/",
        lazy_view("operations.views.lessons.LessonsReviewUpdateView"),
        name="lessonsreview_edit",
    ),
    path(
        "lessons/<int:pk>/act/", lazy_view("operations.views.lessons.LessonsReviewActionView"), name="lessonsreview_act"
    ),
    # backup and disaster-recovery tests
    path("recovery-tests/", lazy_view("operations.views.recovery.RecoveryTestListView"), name="recoverytest_list"),
    path("recovery-tests/add/", lazy_view("operations.views.recovery.RecoveryTestCreateView"), name="recoverytest_add"),
    path(
        "recovery-tests/<int:pk>/",
        lazy_view("operations.views.recovery.RecoveryTestDetailView"),
        name="recoverytest_detail",
    ),
    path(
        "recovery-tests/<int:pk>/edit/",
        lazy_view("operations.views.recovery.RecoveryTestUpdateView"),
        name="recoverytest_edit",
    ),
    # health assessments
    path("health-templates/", lazy_view("operations.views.health.HealthTemplateListView"), name="healthtemplate_list"),
    path(
        "health-templates/add/",
        lazy_view("operations.views.health.HealthTemplateCreateView"),
        name="healthtemplate_add",
    ),
    path(
        "health-templates/<int:pk>/",
        lazy_view("operations.views.health.HealthTemplateDetailView"),
        name="healthtemplate_detail",
    ),
    path(
        "health-templates/<int:pk>/edit/",
        lazy_view("operations.views.health.HealthTemplateUpdateView"),
        name="healthtemplate_edit",
    ),
    path("health/", lazy_view("operations.views.health.HealthAssessmentListView"), name="healthassessment_list"),
    path("health/add/", lazy_view("operations.views.health.HealthAssessmentCreateView"), name="healthassessment_add"),
    path(
        "health/<int:pk>/",
        lazy_view("operations.views.health.HealthAssessmentDetailView"),
        name="healthassessment_detail",
    ),
    path(
        "health/<int:pk>/edit/",
        lazy_view("operations.views.health.HealthAssessmentUpdateView"),
        name="healthassessment_edit",
    ),
    path(
        "health/<int:pk>/act/",
        lazy_view("operations.views.health.HealthAssessmentActionView"),
        name="healthassessment_act",
    ),
]
