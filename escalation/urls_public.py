from django.urls import path

from . import views_public

app_name = "progress_actions"
urlpatterns = [
    path("<str:token>/stage-2/", views_public.stage2_request, name="stage2_request"),
    path("<str:token>/withdraw/", views_public.withdraw, name="withdraw"),
    path("<str:token>/done/", views_public.done, name="done"),
]
