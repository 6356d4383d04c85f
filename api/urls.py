from django.urls import include, path, re_path
from drf_spectacular.views import (
    SpectacularAPIView,
    SpectacularSwaggerSplitView,
)
from rest_framework.routers import SimpleRouter

from .views import cases, docs, errors, reference, statistics, transitions

app_name = "api"

router = SimpleRouter()
router.register("services", reference.ServiceViewSet, basename="service")
router.register("categories", reference.CategoryViewSet, basename="category")
router.register("grounds", reference.GroundViewSet, basename="ground")
router.register("channels", reference.ChannelViewSet, basename="channel")
router.register("stage-policies", reference.StagePolicyViewSet, basename="stage-policy")
router.register("refusal-reasons", reference.RefusalReasonViewSet, basename="refusal-reason")

v1 = [
    path("cases/", cases.CaseListCreateView.as_view(), name="case-list"),
    path("cases/<str:reference>/", cases.CaseDetailView.as_view(), name="case-detail"),
    path(
        "cases/<str:reference>/transitions/",
        transitions.TransitionListView.as_view(),
        name="case-transitions",
    ),
    path(
        "cases/<str:reference>/transitions/<str:name>/",
        transitions.TransitionTakeView.as_view(),
        name="case-transition-take",
    ),
    path("statistics/measures/", statistics.MeasuresView.as_view(), name="measures"),
    path("", include(router.urls)),
]

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves Swagger UI's start-up script as a file: nothing inline (CSP).
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    # ReDoc started from a static file, its styles allowed by nonce (api.views.docs).
    path("redoc/", docs.RedocView.as_view(url_name="api:schema"), name="redoc"),
    path("v1/", include(v1)),
    # Anything else under /api/ answers in the API's error shape, not the HTML 404 page.
    re_path(r"^", errors.NotFoundView.as_view(), name="not-found"),
]
