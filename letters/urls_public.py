from django.urls import path

from . import views_public

app_name = "letters_public"
urlpatterns = [
    path("<str:token>/<str:key>/", views_public.customer_letter, name="letter"),
]
