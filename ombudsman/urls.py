from django.urls import path

from . import views

app_name = "ombudsman"
urlpatterns = [
    path("", views.case_list, name="list"),
    path("new/", views.case_open, name="open"),
    path("<int:pk>/", views.case_detail, name="detail"),
    path("<int:pk>/edit/", views.case_edit, name="edit"),
    path("<int:pk>/documents/new/", views.document_add, name="document_add"),
    path("<int:pk>/steps/<slug:name>/", views.step, name="step"),
    path("<int:pk>/remedies/new/", views.remedy_add, name="remedy_add"),
    path("<int:pk>/remedies/<int:remedy_pk>/", views.remedy_comply, name="remedy_comply"),
]
