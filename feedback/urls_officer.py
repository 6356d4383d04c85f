from django.urls import path

from .views_officer import (
    access_log,
    actions,
    auth,
    bulk,
    cases,
    contacts,
    customers,
    dashboard,
    matching,
    privacy_requests,
    saved_views,
)

app_name = "officer"
urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
    path("sign-in/", auth.SignInView.as_view(), name="login"),
    path("sign-out/", auth.SignOutView.as_view(), name="logout"),
    path("cases/", cases.case_list, name="case_list"),
    path("cases/assign/", bulk.case_bulk_assign, name="case_bulk_assign"),
    path("cases/export.csv", bulk.case_list_export, name="case_list_export"),
    path("cases/views/", saved_views.saved_view_add, name="saved_view_add"),
    path("cases/views/<int:pk>/", saved_views.saved_view_edit, name="saved_view_edit"),
    path("cases/views/<int:pk>/delete/", saved_views.saved_view_remove, name="saved_view_remove"),
    path("cases/<str:reference>/", cases.case_detail, name="case_detail"),
    path("cases/<str:reference>/categorise/", actions.case_categorise, name="case_categorise"),
    path("cases/<str:reference>/assign/", actions.case_assign, name="case_assign"),
    path("cases/<str:reference>/notes/", actions.case_note, name="case_note"),
    path("cases/<str:reference>/reclassify/", actions.case_reclassify, name="case_reclassify"),
    path("cases/<str:reference>/links/", actions.case_link, name="case_link"),
    path(
        "cases/<str:reference>/representative/",
        actions.case_representative,
        name="case_representative",
    ),
    path("cases/<str:reference>/documents/", actions.case_document, name="case_document"),
    path("cases/<str:reference>/match/", matching.customer_match, name="customer_match"),
    path(
        "cases/<str:reference>/progress-links/end/",
        matching.progress_links_revoke,
        name="progress_links_end",
    ),
    path(
        "cases/<str:reference>/documents/<int:pk>/",
        cases.attachment_download,
        name="attachment_download",
    ),
    path("customers/<int:pk>/", customers.customer_detail, name="customer_detail"),
    path(
        "customers/<int:pk>/erase/", privacy_requests.customer_erase_request, name="customer_erase"
    ),
    path(
        "customers/<int:pk>/rectify/",
        privacy_requests.customer_rectify_request,
        name="customer_rectify",
    ),
    path(
        "customers/<int:pk>/subject-access/",
        customers.customer_subject_access,
        name="customer_subject_access",
    ),
    path(
        "customers/<int:pk>/adjustments/",
        customers.customer_adjustments,
        name="customer_adjustments",
    ),
    path(
        "customers/<int:pk>/restriction/",
        customers.customer_restriction,
        name="customer_restriction",
    ),
    path("contacts/new/", contacts.log_contact, name="log_contact"),
    path("access-log/", access_log.access_log, name="access_log"),
]
