from django.urls import path

from core.views.lazy import lazy_view

app_name = "training"

urlpatterns = [
    # coverage and transcripts
    path("", lazy_view("training.views.coverage.CoverageView"), name="coverage"),
    path("people/<int:pk>/", lazy_view("training.views.coverage.TranscriptView"), name="transcript"),
    path("effectiveness/", lazy_view("training.views.effectiveness.EffectivenessView"), name="effectiveness"),
    # courses and their materials
    path("courses/", lazy_view("training.views.courses.CourseListView"), name="course_list"),
    path("courses/add/", lazy_view("training.views.courses.CourseCreateView"), name="course_add"),
    path("courses/<int:pk>/", lazy_view("training.views.courses.CourseDetailView"), name="course_detail"),
    path("courses/<int:pk>/edit/", lazy_view("training.views.courses.CourseUpdateView"), name="course_edit"),
    path("courses/<int:pk>/materials/", lazy_view("training.views.courses.MaterialUploadView"), name="material_add"),
    path(
        "materials/<int:pk>/download/",
        lazy_view("training.views.courses.MaterialDownloadView"),
        name="material_download",
    ),
    path("materials/<int:pk>/delete/", lazy_view("training.views.courses.MaterialDeleteView"), name="material_delete"),
    # the requirement matrix
    path("requirements/", lazy_view("training.views.requirements.RequirementListView"), name="requirement_list"),
    path("requirements/add/", lazy_view("training.views.requirements.RequirementCreateView"), name="requirement_add"),
    path(
        "requirements/<int:pk>/edit/",
        lazy_view("training.views.requirements.RequirementUpdateView"),
        name="requirement_edit",
    ),
    path(
        "requirements/<int:pk>/delete/",
        lazy_view("training.views.requirements.RequirementDeleteView"),
        name="requirement_delete",
    ),
    # completions
    path("completions/", lazy_view("training.views.completions.CompletionListView"), name="completion_list"),
    path("completions/add/", lazy_view("training.views.completions.CompletionCreateView"), name="completion_add"),
    path("completions/import/", lazy_view("training.views.completions.CompletionImportView"), name="completion_import"),
    # certifications
    path(
        "certifications/", lazy_view("training.views.certifications.CertificationListView"), name="certification_list"
    ),
    path(
        "certifications/add/",
        lazy_view("training.views.certifications.CertificationCreateView"),
        name="certification_add",
    ),
    path(
        "certifications/<int:pk>/edit/",
        lazy_view("training.views.certifications.CertificationUpdateView"),
        name="certification_edit",
    ),
    path(
        "certifications/<int:pk>/evidence/",
        lazy_view("training.views.certifications.CertificationEvidenceView"),
        name="certification_evidence",
    ),
    path(
        "certification-kinds/",
        lazy_view("training.views.certifications.CertificationKindListView"),
        name="certificationkind_list",
    ),
    path(
        "certification-kinds/add/",
        lazy_view("training.views.certifications.CertificationKindCreateView"),
        name="certificationkind_add",
    ),
    path(
        "certification-kinds/<int:pk>/edit/",
        lazy_view("training.views.certifications.CertificationKindUpdateView"),
        name="certificationkind_edit",
    ),
    # sessions, their seats and attendance
    path("sessions/", lazy_view("training.views.sessions.SessionListView"), name="session_list"),
    path("sessions/add/", lazy_view("training.views.sessions.SessionCreateView"), name="session_add"),
    path("sessions/<int:pk>/", lazy_view("training.views.sessions.SessionDetailView"), name="session_detail"),
    path("sessions/<int:pk>/edit/", lazy_view("training.views.sessions.SessionUpdateView"), name="session_edit"),
    path("sessions/<int:pk>/enrol/", lazy_view("training.views.sessions.SessionEnrolView"), name="session_enrol"),
    path(
        "sessions/<int:pk>/withdraw/<int:enrolment>/",
        lazy_view("training.views.sessions.SessionWithdrawView"),
        name="session_withdraw",
    ),
    path("sessions/<int:pk>/cancel/", lazy_view("training.views.sessions.SessionCancelView"), name="session_cancel"),
    path(
        "sessions/<int:pk>/attendance/",
        lazy_view("training.views.sessions.SessionAttendanceView"),
        name="session_attendance",
    ),
    # the knowledge base
    path("articles/", lazy_view("training.views.articles.ArticleListView"), name="article_list"),
    path("articles/add/", lazy_view("training.views.articles.ArticleCreateView"), name="article_add"),
    path("articles/<int:pk>/", lazy_view("training.views.articles.ArticleDetailView"), name="article_detail"),
    path("articles/<int:pk>/edit/", lazy_view("training.views.articles.ArticleUpdateView"), name="article_edit"),
    path("articles/suggest/", lazy_view("training.views.articles.ArticleSuggestView"), name="article_suggest"),
    path(
        "tickets/<int:pk>/articles/",
        lazy_view("training.views.articles.TicketArticleLinkView"),
        name="ticket_article_link",
    ),
    path("feedback/<str:token>/", lazy_view("training.views.feedback.FeedbackAnswerView"), name="session_feedback"),
]
