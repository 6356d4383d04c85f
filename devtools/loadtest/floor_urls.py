"""The project's URLs and the floor's two Django views (`devtools.loadtest.floor`)."""

from django.urls import path

from config.urls import handler400, handler403, handler404, handler500
from config.urls import urlpatterns as site
from devtools.loadtest import floor

__all__ = ["handler400", "handler403", "handler404", "handler500", "urlpatterns"]

urlpatterns = [
    path("floor/django/", floor.django_hello),
    path("floor/drf/", floor.DrfInsert.as_view()),
    *site,
]
