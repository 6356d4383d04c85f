from django.urls import path

from . import views_public as views

app_name = "public"
urlpatterns = [
    path("", views.start, name="start"),
    path("feedback/new/", views.new, name="new"),
    path("feedback/attachments/", views.attachments, name="attachments"),
    path("feedback/check/", views.check, name="check"),
    path("feedback/sent/", views.confirmation, name="confirmation"),
    path("feedback/<slug:step>/", views.question, name="step"),
    path("privacy/", views.privacy, name="privacy"),
    path("progress/", views.progress_request, name="progress"),
    path("progress/sent/", views.progress_sent, name="progress_sent"),
    path("progress/<str:token>/", views.progress_case, name="progress_case"),
]
