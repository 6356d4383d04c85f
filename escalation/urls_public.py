from django.urls import path  # noqa: F401

app_name = "progress_actions"
urlpatterns: list = []
