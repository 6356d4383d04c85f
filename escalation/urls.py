from django.urls import path

from . import views, views_policies

app_name = "escalation"
urlpatterns = [
    path("policies/", views_policies.policies, name="policies"),
    path("policies/stage-<int:stage>/", views_policies.policy_edit, name="policy_edit"),
    path(
        "policies/complaint-handling-code/",
        views_policies.policies_code_preset,
        name="policies_code_preset",
    ),
    path("closure-days/", views_policies.closure_day_add, name="closure_day_add"),
    path(
        "closure-days/<int:pk>/remove/",
        views_policies.closure_day_remove,
        name="closure_day_remove",
    ),
    path("cases/<str:reference>/", views.case_lifecycle, name="case"),
    path("cases/<str:reference>/response/", views.stage_response, name="response"),
    path("cases/<str:reference>/extend/", views.deadline_extend, name="extend"),
    path(
        "cases/<str:reference>/remedies/<int:remedy>/payment/",
        views.remedy_payment,
        name="remedy_payment",
    ),
    path(
        "cases/<str:reference>/complaint/",
        views.complaint_from_service_request,
        name="complaint_from_service_request",
    ),
    path("cases/<str:reference>/<str:name>/", views.case_transition, name="transition"),
]
