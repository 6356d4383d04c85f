"""Subject access requests (UK GDPR article 15): one zip of everything held about a customer
- their record, their cases, the timeline entries the customer may see, the emails sent,
the field history, attachments and other apps' documents (`hooks.subject_access_files`) -
as JSON and CSV with an index page. Recorded on each case's timeline; the zip is deleted
after SUBJECT_ACCESS_EXPORT_DAYS (`subject_access_exports_purge`, a beat task)."""

import csv
import io
import json
import zipfile
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.files.base import ContentFile
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.forms.models import model_to_dict
from django.template.loader import render_to_string

from . import clock, hooks
from .models import Case, CaseEvent, Customer, SubjectAccessExport
from .services import event_record

CUSTOMER_EXCLUDED = ("organisation", "contact_restriction_set_by")


def _csv(rows: list[dict]) -> str:
    out = io.StringIO()
    if rows:
        writer = csv.DictWriter(out, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return out.getvalue()


def _json(value) -> str:
    return json.dumps(value, cls=DjangoJSONEncoder, indent=1, ensure_ascii=False)


def _case_files(case: Case) -> dict[str, bytes | str]:
    folder = f"cases/{case.reference}"
    record = model_to_dict(
        case, exclude=("organisation", "customer", "assigned_to", "created_by", "idempotency_key")
    )
    record |= {
        "reference": case.reference,
        "service": str(case.service),
        "state": case.get_state_display(),
        "received_at": case.received_at,
        "closed_at": case.closed_at,
    }
    timeline = [
        {"at": e.at, "what": e.get_kind_display(), "summary": e.summary, "detail": e.detail}
        for e in case.events.filter(is_internal=False).order_by("at", "pk")
    ]
    emails = [
        {"sent_at": n.sent_at, "to": n.to, "subject": n.subject, "body": n.body}
        for n in case.notifications.order_by("created_at")
    ]
    history = [
        {"changed_at": h.history_date, "summary": h.summary, "description": h.description}
        for h in Case.history.filter(id=case.pk).order_by("history_date")
    ]
    files: dict[str, bytes | str] = {
        f"{folder}/case.json": _json(record),
        f"{folder}/timeline.csv": _csv(timeline),
        f"{folder}/emails.csv": _csv(emails),
        f"{folder}/history.csv": _csv(history),
    }
    for attachment in case.attachments.all():
        if not attachment.servable:  # waiting for its virus scan, or withheld
            continue
        with attachment.file.open("rb") as stored:
            files[f"{folder}/documents/{attachment.original_name}"] = stored.read()
    for found in hooks.subject_access_files(case=case):
        for name, content in found:
            files[f"{folder}/{name}"] = content
    return files


@transaction.atomic
def subject_access_export(
    *, customer: Customer, actor: AbstractBaseUser, now: datetime | None = None
) -> SubjectAccessExport:
    """Make the zip, record it on each of the customer's cases, and keep it for a set time."""
    now = now or clock.now()
    cases = list(customer.cases.select_related("service").order_by("received_at"))
    files: dict[str, bytes | str] = {
        "customer.json": _json(model_to_dict(customer, exclude=CUSTOMER_EXCLUDED)),
        "cases.csv": _csv(
            [
                {"reference": c.reference, "kind": c.get_kind_display(), "received": c.received_at}
                for c in cases
            ]
        ),
    }
    for case in cases:
        files |= _case_files(case)
    files["index.html"] = render_to_string(
        "feedback/officer/subject_access_index.html",
        {"customer": customer, "cases": cases, "files": sorted(files), "made_at": now},
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in sorted(files.items()):
            archive.writestr(name, content)
    export = SubjectAccessExport(
        customer=customer,
        made_by=actor,
        made_at=now,
        expires_at=now + timedelta(days=settings.SUBJECT_ACCESS_EXPORT_DAYS),
    )
    export.file.save(f"sar-{customer.pk}-{now:%Y%m%d%H%M%S}.zip", ContentFile(buffer.getvalue()))
    for case in cases:
        event_record(
            case=case,
            kind=CaseEvent.Kind.NOTE,
            summary="Subject access request: the customer's data was exported",
            actor=actor,
            at=now,
        )
    return export


def subject_access_exports_purge(*, now: datetime | None = None) -> int:
    """Delete exports past their expiry, files and rows (idempotent)."""
    now = now or clock.now()
    expired = list(SubjectAccessExport.objects.filter(expires_at__lte=now))
    for export in expired:
        export.file.delete(save=False)
        export.delete()
    return len(expired)
