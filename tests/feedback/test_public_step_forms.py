"""The public form's step forms share their fields between forms (feedback.forms_public): a
form that needs other wording or the council's services gets its own field, and no form's
change reaches another."""

from feedback.forms_public import DetailsForm, KindForm, ServiceForm
from feedback.selectors import organisation_current


def test_a_comment_and_a_compliment_ask_in_their_own_words_without_changing_a_complaint():
    comment = DetailsForm(kind="comment", data={})
    compliment = DetailsForm(kind="compliment", data={})
    complaint = DetailsForm(kind="complaint", data={})

    assert comment.fields["description"].label == "What is your comment or suggestion?"
    assert compliment.fields["description"].label == "What did we do well?"
    assert complaint.fields["description"].label == "What happened?"
    assert comment.errors["description"] == ["Enter your comment or suggestion"]
    assert compliment.errors["description"] == ["Tell us what we did well"]
    assert complaint.errors["description"] == ["Tell us what happened"]
    assert "staff_member_named" in compliment.fields
    assert "staff_member_named" not in complaint.fields
    assert "staff_member_named" in DetailsForm.base_fields


def test_forms_of_one_class_share_fields_but_not_their_field_list():
    first, second = KindForm(), KindForm()
    assert first.fields["kind"] is second.fields["kind"]
    del first.fields["kind"]
    assert "kind" in second.fields
    assert "kind" in KindForm().fields


def test_the_service_question_follows_the_councils_active_services(organisation, housing):
    before = ServiceForm(organisation=organisation_current())
    assert (str(housing.pk), housing.name) in before.fields["service"].choices

    housing.is_active = False
    housing.save()  # raises the council's reference version
    after = ServiceForm(organisation=organisation_current(), data={"service": str(housing.pk)})

    assert (str(housing.pk), housing.name) not in after.fields["service"].choices
    assert not after.is_valid()
    assert after.errors["service"] == ["Select the service it is about"]
    assert (str(housing.pk), housing.name) in before.fields["service"].choices
