from django.urls import path

from core.views.lazy import lazy_view

app_name = "scorecards"

urlpatterns = [
    # evaluations
    path("", lazy_view("scorecards.views.evaluations.EvaluationListView"), name="evaluation_list"),
    path("add/", lazy_view("scorecards.views.evaluations.EvaluationStartView"), name="evaluation_add"),
    path("<int:pk>/", lazy_view("scorecards.views.evaluations.EvaluationDetailView"), name="evaluation_detail"),
    path("<int:pk>/act/", lazy_view("scorecards.views.evaluations.EvaluationActionView"), name="evaluation_act"),
    path("compare/", lazy_view("scorecards.views.evaluations.ComparisonView"), name="comparison"),
    path("vendors/<int:pk>/", lazy_view("scorecards.views.evaluations.VendorTrendView"), name="vendor_trend"),
    # improvement plans
    path("plans/", lazy_view("scorecards.views.plans.PlanListView"), name="improvementplan_list"),
    path("plans/add/", lazy_view("scorecards.views.plans.PlanStartView"), name="improvementplan_add"),
    path("plans/<int:pk>/", lazy_view("scorecards.views.plans.PlanDetailView"), name="improvementplan_detail"),
    path("plans/<int:pk>/act/", lazy_view("scorecards.views.plans.PlanActionView"), name="improvementplan_act"),
    # staff surveys
    path("surveys/", lazy_view("scorecards.views.surveys.SurveyListView"), name="survey_list"),
    path("surveys/add/", lazy_view("scorecards.views.surveys.SurveyStartView"), name="survey_add"),
    path("surveys/<int:pk>/", lazy_view("scorecards.views.surveys.SurveyDetailView"), name="survey_detail"),
    path("surveys/<int:pk>/act/", lazy_view("scorecards.views.surveys.SurveyActionView"), name="survey_act"),
    path("surveys/answer/<str:token>/", lazy_view("scorecards.views.surveys.SurveyAnswerView"), name="survey_answer"),
    path(
        "surveys/templates/", lazy_view("scorecards.views.surveys.SurveyTemplateListView"), name="surveytemplate_list"
    ),
    path(
        "surveys/templates/add/",
        lazy_view("scorecards.views.surveys.SurveyTemplateCreateView"),
        name="surveytemplate_add",
    ),
    path(
        "surveys/templates/<int:pk>/",
        lazy_view("scorecards.views.surveys.SurveyTemplateDetailView"),
        name="surveytemplate_detail",
    ),
    path(
        "surveys/templates/<int:pk>/edit/",
        lazy_view("scorecards.views.surveys.SurveyTemplateUpdateView"),
        name="surveytemplate_edit",
    ),
    # standings
    path("standings/", lazy_view("scorecards.views.standings.StandingsView"), name="standings"),
    # vendor selection
    path("selection/", lazy_view("scorecards.views.selection.SelectionProjectListView"), name="selectionproject_list"),
    path(
        "selection/add/",
        lazy_view("scorecards.views.selection.SelectionProjectCreateView"),
        name="selectionproject_add",
    ),
    path(
        "selection/<int:pk>/",
        lazy_view("scorecards.views.selection.SelectionProjectDetailView"),
        name="selectionproject_detail",
    ),
    path(
        "selection/<int:pk>/export/",
        lazy_view("scorecards.views.selection.SelectionExportView"),
        name="selectionproject_export",
    ),
    path(
        "selection/candidates/add/",
        lazy_view("scorecards.views.selection.CandidateCreateView"),
        name="candidate_add",
    ),
    path(
        "selection/candidates/<int:pk>/",
        lazy_view("scorecards.views.selection.CandidateDetailView"),
        name="candidate_detail",
    ),
    # templates
    path("templates/", lazy_view("scorecards.views.templates.TemplateListView"), name="evaluationtemplate_list"),
    path("templates/add/", lazy_view("scorecards.views.templates.TemplateCreateView"), name="evaluationtemplate_add"),
    path(
        "templates/<int:pk>/",
        lazy_view("scorecards.views.templates.TemplateDetailView"),
        name="evaluationtemplate_detail",
    ),
    path(
        "templates/<int:pk>/edit/",
        lazy_view("scorecards.views.templates.TemplateUpdateView"),
        name="evaluationtemplate_edit",
    ),
]
