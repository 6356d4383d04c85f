from django.apps import AppConfig


class GovukFormsConfig(AppConfig):
    name = "govuk_forms"
    verbose_name = "GOV.UK forms"
