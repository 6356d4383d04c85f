"""The GOV.UK form kit every app uses: the date field and widget (`fields`), the field include
(`govuk_forms/field.html`), the error summary (`govuk_forms/error_summary.html`) and the tags
they read (`{% load govuk_fields %}`). It knows nothing of complaints and imports no project
app."""
