"""Writes about Ombudsman cases: timeline helpers, cases, remedies and the lifecycle. Views,
the admin, the demo and the sweep call these; none saves a model itself. Each function is
atomic and leaves a timeline entry.

`user=None` means the system (the demo loader, a data import): permission checks are for people.
"""

from .cases import UPDATABLE_FIELDS, document_record, ombudsman_case_open, ombudsman_case_update
from .lifecycle import ombudsman_case_transition, ombudsman_decision_record
from .remedies import RemedyInput, remedy_add, remedy_compliance_record
from .timeline import OmbudsmanError, event_add

__all__ = [
    "UPDATABLE_FIELDS",
    "OmbudsmanError",
    "RemedyInput",
    "document_record",
    "event_add",
    "ombudsman_case_open",
    "ombudsman_case_transition",
    "ombudsman_case_update",
    "ombudsman_decision_record",
    "remedy_add",
    "remedy_compliance_record",
]
