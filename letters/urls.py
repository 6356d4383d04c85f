from django.urls import path

from . import views, views_templates

app_name = "letters"
urlpatterns = [
    path("case/<str:reference>/", views.case_letters, name="case"),
    path("case/<str:reference>/new/", views.letter_create, name="create"),
    path("<int:pk>/", views.letter_detail, name="detail"),
    path("<int:pk>/status/", views.letter_status, name="status"),
    path("<int:pk>/pdf/", views.letter_pdf, name="pdf"),
    path("<int:pk>/send/", views.letter_send, name="send"),
    path("<int:pk>/send-again/", views.letter_resend, name="resend"),
    path("<int:pk>/new-version/", views.letter_redraft, name="redraft"),
    path("<int:pk>/ask-approval/", views.letter_approval_ask, name="approval_ask"),
    path("<int:pk>/approval/", views.letter_approval_decide, name="approval_decide"),
    path("approval/", views_templates.approval_rules_edit, name="approval_rules"),
    path("failed/", views.failed_deliveries, name="failed"),
    path("post/", views.print_batches, name="print_batches"),
    path("post/<str:day>/", views.print_batch_download, name="print_batch"),
    path("templates/", views_templates.template_list, name="templates"),
    path("templates/<str:kind>/", views_templates.template_edit, name="template_edit"),
    path(
        "templates/<str:kind>/preview/",
        views_templates.template_preview,
        name="template_preview",
    ),
]
