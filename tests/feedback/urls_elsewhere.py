"""The public pages under another path, for tests/feedback/test_public_urls.py."""

from django.urls import include, path

urlpatterns = [path("elsewhere/", include("feedback.urls_public"))]
