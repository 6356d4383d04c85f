from django.urls import path

from . import views

app_name = "surveys_officer"
urlpatterns = [
    path("case/<str:reference>/paper/", views.survey_paper, name="paper"),
    path(
        "case/<str:reference>/paper-answer/",
        views.survey_paper_answer_enter,
        name="paper_answer",
    ),
]
