from django.urls import path

from . import views

app_name = "equality"
urlpatterns = [
    path("thank-you/", views.thanks, name="thanks"),
    path("<str:token>/", views.questionnaire, name="questionnaire"),
]
