from django.urls import path

from scorecards.views import evaluations, plans, standings, surveys, templates

app_name = "scorecards"

urlpatterns = [
    # evaluations
    path("", evaluations.EvaluationListView.as_view(), name="evaluation_list"),
    path("add/", evaluations.EvaluationStartView.as_view(), name="evaluation_add"),
    path("<int:pk>/", evaluations.EvaluationDetailView.as_view(), name="evaluation_detail"),
    path("<int:pk>/act/", evaluations.EvaluationActionView.as_view(), name="evaluation_act"),
    path("compare/", evaluations.ComparisonView.as_view(), name="comparison"),
    path("vendors/<int:pk>/", evaluations.VendorTrendView.as_view(), name="vendor_trend"),
    # improvement plans
    path("plans/", plans.PlanListView.as_view(), name="improvementplan_list"),
    path("plans/add/", plans.PlanStartView.as_view(), name="improvementplan_add"),
    path("plans/<int:pk>/", plans.PlanDetailView.as_view(), name="improvementplan_detail"),
    path("plans/<int:pk>/act/", plans.PlanActionView.as_view(), name="improvementplan_act"),
    # staff surveys
    path("surveys/", surveys.SurveyListView.as_view(), name="survey_list"),
    path("surveys/add/", surveys.SurveyStartView.as_view(), name="survey_add"),
    path("surveys/<int:pk>/", surveys.SurveyDetailView.as_view(), name="survey_detail"),
    path("surveys/<int:pk>/act/", surveys.SurveyActionView.as_view(), name="survey_act"),
    path("surveys/answer/<str:token>/", surveys.SurveyAnswerView.as_view(), name="survey_answer"),
    path("surveys/templates/", surveys.SurveyTemplateListView.as_view(), name="surveytemplate_list"),
    path("surveys/templates/add/", surveys.SurveyTemplateCreateView.as_view(), name="surveytemplate_add"),
    path("surveys/templates/<int:pk>/", surveys.SurveyTemplateDetailView.as_view(), name="surveytemplate_detail"),
    path("surveys/templates/<int:pk>/edit/", surveys.SurveyTemplateUpdateView.as_view(), name="surveytemplate_edit"),
    # standings
    path("standings/", standings.StandingsView.as_view(), name="standings"),
    # templates
    path("templates/", templates.TemplateListView.as_view(), name="evaluationtemplate_list"),
    path("templates/add/", templates.TemplateCreateView.as_view(), name="evaluationtemplate_add"),
    path("templates/<int:pk>/", templates.TemplateDetailView.as_view(), name="evaluationtemplate_detail"),
    path("templates/<int:pk>/edit/", templates.TemplateUpdateView.as_view(), name="evaluationtemplate_edit"),
]
