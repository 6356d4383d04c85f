from django.urls import path

from . import views

app_name = "equality_officer"
urlpatterns = [
    path("cases/<str:reference>/", views.officer_questionnaire, name="questionnaire"),
]
