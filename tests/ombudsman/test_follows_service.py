"""An Ombudsman case follows its complaint's service: after the complaint is re-routed, the old
service no longer sees the Ombudsman case (it holds the complainant's details) and the new one
does."""

from django.urls import reverse

from feedback.services import case_categorise


def test_a_rerouted_complaint_takes_its_ombudsman_case_with_it(
    client, enquiry, housing_case, planning, complaints_officer, housing_officer, planning_officer
):
    detail = reverse("ombudsman:detail", args=[enquiry.pk])
    client.force_login(housing_officer)
    assert client.get(detail).status_code == 200

    case_categorise(
        case=housing_case, category=None, ground=None, service=planning, actor=complaints_officer
    )

    assert client.get(detail).status_code == 404
    assert "25 012 345" not in client.get(reverse("ombudsman:list")).content.decode()
    client.force_login(planning_officer)
    assert client.get(detail).status_code == 200
    assert "25 012 345" in client.get(reverse("ombudsman:list")).content.decode()
