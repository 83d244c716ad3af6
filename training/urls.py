from django.urls import path

from training.views import certifications, completions, courses, coverage, feedback, requirements, sessions

app_name = "training"

urlpatterns = [
    # coverage and transcripts
    path("", coverage.CoverageView.as_view(), name="coverage"),
    path("people/<int:pk>/", coverage.TranscriptView.as_view(), name="transcript"),
    # courses and their materials
    path("courses/", courses.CourseListView.as_view(), name="course_list"),
    path("courses/add/", courses.CourseCreateView.as_view(), name="course_add"),
    path("courses/<int:pk>/", courses.CourseDetailView.as_view(), name="course_detail"),
    path("courses/<int:pk>/edit/", courses.CourseUpdateView.as_view(), name="course_edit"),
    path("courses/<int:pk>/materials/", courses.MaterialUploadView.as_view(), name="material_add"),
    path("materials/<int:pk>/download/", courses.MaterialDownloadView.as_view(), name="material_download"),
    path("materials/<int:pk>/delete/", courses.MaterialDeleteView.as_view(), name="material_delete"),
    # the requirement matrix
    path("requirements/", requirements.RequirementListView.as_view(), name="requirement_list"),
    path("requirements/add/", requirements.RequirementCreateView.as_view(), name="requirement_add"),
    path("requirements/<int:pk>/edit/", requirements.RequirementUpdateView.as_view(), name="requirement_edit"),
    path("requirements/<int:pk>/delete/", requirements.RequirementDeleteView.as_view(), name="requirement_delete"),
    # completions
    path("completions/", completions.CompletionListView.as_view(), name="completion_list"),
    path("completions/add/", completions.CompletionCreateView.as_view(), name="completion_add"),
    path("completions/import/", completions.CompletionImportView.as_view(), name="completion_import"),
    # certifications
    path("certifications/", certifications.CertificationListView.as_view(), name="certification_list"),
    path("certifications/add/", certifications.CertificationCreateView.as_view(), name="certification_add"),
    path("certifications/<int:pk>/edit/", certifications.CertificationUpdateView.as_view(), name="certification_edit"),
    path(
        "certifications/<int:pk>/evidence/",
        certifications.CertificationEvidenceView.as_view(),
        name="certification_evidence",
    ),
    path("certification-kinds/", certifications.CertificationKindListView.as_view(), name="certificationkind_list"),
    path(
        "certification-kinds/add/", certifications.CertificationKindCreateView.as_view(), name="certificationkind_add"
    ),
    path(
        "certification-kinds/<int:pk>/edit/",
        certifications.CertificationKindUpdateView.as_view(),
        name="certificationkind_edit",
    ),
    # sessions, their seats and attendance
    path("sessions/", sessions.SessionListView.as_view(), name="session_list"),
    path("sessions/add/", sessions.SessionCreateView.as_view(), name="session_add"),
    path("sessions/<int:pk>/", sessions.SessionDetailView.as_view(), name="session_detail"),
    path("sessions/<int:pk>/edit/", sessions.SessionUpdateView.as_view(), name="session_edit"),
    path("sessions/<int:pk>/enrol/", sessions.SessionEnrolView.as_view(), name="session_enrol"),
    path(
        "sessions/<int:pk>/withdraw/<int:enrolment>/", sessions.SessionWithdrawView.as_view(), name="session_withdraw"
    ),
    path("sessions/<int:pk>/cancel/", sessions.SessionCancelView.as_view(), name="session_cancel"),
    path("sessions/<int:pk>/attendance/", sessions.SessionAttendanceView.as_view(), name="session_attendance"),
    path("feedback/<str:token>/", feedback.FeedbackAnswerView.as_view(), name="session_feedback"),
]
