from django.urls import path

from operations.views import lessons, lifecycle, plans, protocols, recovery, replacements

app_name = "operations"

urlpatterns = [
    # components over their life
    path("lifecycle/", lifecycle.LifecycleListView.as_view(), name="lifecycle_list"),
    path("lifecycle/<int:pk>/", lifecycle.LifecycleDetailView.as_view(), name="lifecycle_detail"),
    path("lifecycle/<int:pk>/edit/", lifecycle.LifecycleUpdateView.as_view(), name="lifecycle_edit"),
    path("lifecycle/<int:pk>/versions/", lifecycle.LifecycleVersionView.as_view(), name="lifecycle_version"),
    path("lifecycle/<int:pk>/bulletins/", lifecycle.LifecycleBulletinView.as_view(), name="lifecycle_bulletin"),
    path("bulletins/<int:pk>/applied/", lifecycle.BulletinAppliedView.as_view(), name="bulletin_applied"),
    # the replacement schedule
    path("replacements/", replacements.ReplacementScheduleView.as_view(), name="replacement_schedule"),
    # upgrade and change plans
    path("plans/", plans.ChangePlanListView.as_view(), name="changeplan_list"),
    path("plans/add/", plans.ChangePlanCreateView.as_view(), name="changeplan_add"),
    path("plans/<int:pk>/", plans.ChangePlanDetailView.as_view(), name="changeplan_detail"),
    path("plans/<int:pk>/edit/", plans.ChangePlanUpdateView.as_view(), name="changeplan_edit"),
    path("plans/<int:pk>/act/", plans.ChangePlanActionView.as_view(), name="changeplan_act"),
    # test-protocol templates
    path("protocols/", protocols.ProtocolTemplateListView.as_view(), name="protocoltemplate_list"),
    path("protocols/add/", protocols.ProtocolTemplateCreateView.as_view(), name="protocoltemplate_add"),
    path("protocols/<int:pk>/", protocols.ProtocolTemplateDetailView.as_view(), name="protocoltemplate_detail"),
    path("protocols/<int:pk>/edit/", protocols.ProtocolTemplateUpdateView.as_view(), name="protocoltemplate_edit"),
    path("protocols/<int:pk>/cases/", protocols.ProtocolTemplateCaseView.as_view(), name="protocoltemplate_case"),
    # lessons learned
    path("lessons/", lessons.LessonsReviewListView.as_view(), name="lessonsreview_list"),
    path("lessons/add/", lessons.LessonsReviewCreateView.as_view(), name="lessonsreview_add"),
    path("lessons/<int:pk>/", lessons.LessonsReviewDetailView.as_view(), name="lessonsreview_detail"),
    path("lessons/<int:pk>/edit/", lessons.LessonsReviewUpdateView.as_view(), name="lessonsreview_edit"),
    path("lessons/<int:pk>/act/", lessons.LessonsReviewActionView.as_view(), name="lessonsreview_act"),
    # backup and disaster-recovery tests
    path("recovery-tests/", recovery.RecoveryTestListView.as_view(), name="recoverytest_list"),
    path("recovery-tests/add/", recovery.RecoveryTestCreateView.as_view(), name="recoverytest_add"),
    path("recovery-tests/<int:pk>/", recovery.RecoveryTestDetailView.as_view(), name="recoverytest_detail"),
    path("recovery-tests/<int:pk>/edit/", recovery.RecoveryTestUpdateView.as_view(), name="recoverytest_edit"),
]
