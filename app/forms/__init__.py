"""Printed forms: data -> PDF bytes (reportlab), Qt-free.

TT 03/2025/TT-VPCP Mẫu 01–07, the citizen's "what to bring" checklist and the 80 mm
appointment slip. Read the data with ``form_data`` / ``book_data`` / ``checklist_data`` (one
read transaction each), then render it with ``render_form`` / ``render_book`` /
``render_checklist`` / ``render_slip``. docs/forms/README.md describes each form and what is
unverified.
"""

from __future__ import annotations

from app.forms.book import render_book
from app.forms.data import (
    BookData,
    BookRow,
    ChecklistData,
    FormData,
    FormEvent,
    Person,
    book_data,
    build_form_data,
    checklist_data,
    form_data,
)
from app.forms.files import write_pdf
from app.forms.labels import LABELS, Labels
from app.forms.layout import qr_payload
from app.forms.render import (
    FORMS,
    render_apology,
    render_checklist,
    render_control,
    render_form,
    render_receipt,
    render_refusal,
    render_stop,
    render_supplement,
)
from app.forms.slip import (
    SLIP_LABELS,
    SLIP_PRINTABLE_MM,
    SLIP_WIDTH_MM,
    SlipLabels,
    render_slip,
)

__all__ = [
    "FORMS",
    "LABELS",
    "SLIP_LABELS",
    "SLIP_PRINTABLE_MM",
    "SLIP_WIDTH_MM",
    "BookData",
    "BookRow",
    "ChecklistData",
    "FormData",
    "FormEvent",
    "Labels",
    "Person",
    "SlipLabels",
    "book_data",
    "build_form_data",
    "checklist_data",
    "form_data",
    "qr_payload",
    "render_apology",
    "render_book",
    "render_checklist",
    "render_control",
    "render_form",
    "render_receipt",
    "render_refusal",
    "render_slip",
    "render_stop",
    "render_supplement",
    "write_pdf",
]
