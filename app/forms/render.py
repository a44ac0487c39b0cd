"""Renderers: FormData -> PDF bytes for Mẫu 01–06 of TT 03/2025/TT-VPCP and the citizen's
"what to bring" checklist. Pure functions; missing data raises a typed error before any page
is laid out, so a form is either complete or not produced.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from reportlab.lib.units import mm  # type: ignore[import-untyped]
from reportlab.platypus import KeepTogether, PageBreak, Spacer, Table  # type: ignore[import-untyped]

from app.clock import local
from app.errors import InvalidInput
from app.forms.data import ChecklistData, FormData, FormEvent
from app.forms.fonts import REGULAR
from app.forms.labels import LABELS, Labels
from app.forms.layout import (
    Meta,
    PageState,
    QrFlowable,
    SectionStart,
    Signer,
    agency_inline,
    build_pdf,
    documents_table,
    esc,
    field_line,
    frame_width,
    grid_style,
    header,
    long_time,
    markup,
    money,
    para,
    place_date,
    place_of,
    qr_payload,
    short_date,
    signatures,
    styles,
    table_style,
    unit_inline,
)
from app.lifecycle import LABELS_VI, State
from app.settings import AgencyInfo

Renderer = Callable[[FormData, Labels], bytes]


# --- checks -----------------------------------------------------------------------------------


def _require(value: str, field: str, label: str) -> str:
    if not value.strip():
        raise InvalidInput(field, "required", f"{field}: thiếu {label}, không in được biểu mẫu")
    return value


def check_agency(agency: AgencyInfo) -> str:
    """The header needs both unit names and a place name; returns the place name."""
    _require(agency.parent_unit, "agency.parent_unit", "tên cơ quan chủ quản")
    _require(agency.unit_name, "agency.unit_name", "tên đơn vị")
    _require(agency.commune_name, "agency.commune_name", "tên xã")
    return _require(place_of(agency), "agency.place_name", "địa danh")


def _check_dossier(data: FormData) -> str:
    _require(data.code, "code", "mã hồ sơ")
    _require(data.applicant.name, "applicant.name", "tên người nộp hồ sơ")
    return check_agency(data.agency)


# --- shared pieces ----------------------------------------------------------------------------


def _how_to_reach(agency: AgencyInfo, labels: Labels) -> str:
    """ "tra cứu tại … hoặc liên hệ với …, số điện thoại …" from the commune's settings."""
    contact = labels.contact_unit.format(unit=unit_inline(agency))
    if agency.phone.strip():
        contact += ", " + labels.contact_phone.format(phone=agency.phone.strip())
    if agency.lookup_url.strip():
        return labels.contact_lookup.format(url=agency.lookup_url.strip()) + " hoặc " + contact
    return contact


def _time_text(data: FormData | ChecklistData, labels: Labels) -> str:
    p = data.procedure
    if p.time_unit == "working_days":
        return labels.time_working_days.format(n=p.time_amount)
    if p.time_unit == "working_hours":
        return labels.time_working_hours.format(n=p.time_amount)
    if p.time_unit == "calendar_days":
        return labels.time_calendar_days.format(n=p.time_amount)
    if p.cutoff:
        hh, _, mi = p.cutoff.partition(":")
        cutoff = f"{int(hh)} giờ" if mi in ("", "00") else f"{int(hh)} giờ {mi}"
        return labels.time_same_day_cutoff.format(cutoff=cutoff)
    return labels.time_same_day


def _applicant_lines(data: FormData, labels: Labels, caption: str, s: Any) -> list[Any]:
    a = data.applicant
    out = [field_line(caption, a.name, s.body, bold=True)]
    if a.id_number:
        out.append(field_line(labels.id_number, a.id_number, s.body))
    out.append(field_line(labels.address, a.address, s.body))
    phone = esc(a.phone) if a.phone else "……………"
    email = esc(a.email) if a.email else "……………"
    out.append(
        markup(
            f"{esc(labels.phone)} {phone}&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;"
            f"{esc(labels.email)} {email}",
            s.body,
        )
    )
    return out


def _request_line(data: FormData, labels: Labels, s: Any) -> Any:
    p = data.procedure
    return markup(
        f"{esc(labels.request)} {esc(p.name)} ({esc(labels.procedure_code)} {esc(p.code)})",
        s.body,
    )


def _title(text: str, s: Any) -> list[Any]:
    return [para(text, s.title), Spacer(1, 1 * mm)]


def _meta(data: FormData, title: str) -> Meta:
    return Meta(
        title=f"{title} - {data.code}", subject=data.procedure.name, author=unit_inline(data.agency)
    )


def _recipients_and_head(data: FormData, labels: Labels, width: float, *, person: str) -> Any:
    """Mẫu 04/05: "Nơi nhận" on the left, the head of the resolving agency on the right."""
    s = styles()
    left = [
        markup(f"<b><i>{esc(labels.recipients)}</i></b>", s.small_left),
        para(labels.recipient_person.format(name=person), s.small_left),
        para(labels.recipient_file.format(code=data.code), s.small_left),
    ]
    right = [
        para(labels.signer_head, s.sign_title),
        para(labels.sign_note_head, s.sign_note),
        Spacer(1, 24 * mm),
    ]
    table = Table([[left, right]], colWidths=[width * 0.45, width * 0.55])
    table.setStyle(
        table_style(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 2),
                ("TOPPADDING", (0, 0), (0, 0), 14),
            ]
        )
    )
    return table


def _dear(data: FormData, labels: Labels, s: Any) -> list[Any]:
    a = data.applicant
    lines = [
        markup(
            f"{esc(labels.dear)} <b>{esc(labels.dear_person.format(name=a.name))}</b>",
            s.body_center,
        )
    ]
    details = [field_line(labels.address, a.address, s.body)]
    if a.phone:
        details.append(field_line(labels.phone, a.phone, s.body))
    return [*lines, Spacer(1, 2 * mm), *details, Spacer(1, 2 * mm)]


def _event_date(labels: Labels, place: str, event: FormEvent) -> str:
    return place_date(labels, place, local(event.at).date())


# --- Mẫu 01 -----------------------------------------------------------------------------------


def render_receipt(data: FormData, labels: Labels = LABELS) -> bytes:
    """Mẫu 01: Giấy tiếp nhận hồ sơ và hẹn trả kết quả, two copies, each from a new page."""
    place = _check_dossier(data)
    due = data.original_due_at or data.due_at
    if due is None:
        raise InvalidInput("due_at", "required", "due_at: hồ sơ chưa có ngày hẹn trả kết quả")
    s = styles()
    width = frame_width()
    state = PageState()
    story: list[Any] = []
    for i, copy in enumerate((labels.copy_1, labels.copy_2)):
        if i:
            story.append(PageBreak())
        story.append(SectionStart(state))
        story += _receipt_copy(data, labels, copy, place, due, width, s)
    return build_pdf(story, _meta(data, labels.title_01), state=state)


def _receipt_copy(
    data: FormData, labels: Labels, copy: str, place: str, due: Any, width: float, s: Any
) -> list[Any]:
    a = data.agency
    out: list[Any] = header(
        a, labels, width=width, date_line=place_date(labels, place, local(data.received_at).date())
    )
    out += _title(labels.title_01, s)
    out.append(markup(f"{esc(labels.dossier_code)} <b>{esc(data.code)}</b>", s.body_center))
    out.append(para(f"({copy})", s.body_italic_center))
    out.append(Spacer(1, 3 * mm))
    out.append(field_line(labels.desk, unit_inline(a), s.body))
    out += _applicant_lines(data, labels, labels.received_from, s)
    out.append(_request_line(data, labels, s))
    out.append(para(labels.documents_01, s.body))
    docs = [(d.name, d.copy_type, d.copies) for d in data.documents if d.received]
    out.append(documents_table(docs, labels, width=width))
    out.append(Spacer(1, 2 * mm))
    out.append(para(labels.sets_01.format(sets=data.sets), s.body))
    out.append(para(labels.time_01.format(time=_time_text(data, labels)), s.body))
    out.append(para(labels.received_at_01.format(at=long_time(labels, data.received_at)), s.body))
    out.append(para(labels.due_at_01.format(at=long_time(labels, due)), s.body))
    if data.result_delivery == "post":
        where = labels.delivery_post.format(address=data.postal_address or data.applicant.address)
    else:
        where = unit_inline(a)
    out.append(para(labels.delivery_01.format(place=where), s.body))
    if data.fee_total is not None:
        fee = money(labels, data.fee_total) if data.fee_total else labels.no.lower()
        out.append(para(labels.fee_01.format(fee=fee), s.body))
    out.append(
        para(labels.book_entry.format(book=labels.book_volume_blank, no=data.local_no), s.body)
    )
    out.append(Spacer(1, 2 * mm))
    # The QR goes between the two signatures, where the page is blank anyway: an ordinary
    # dossier then fits one page per copy.
    sig = signatures(
        Signer(labels.signer_applicant, labels.sign_note, data.applicant.name),
        Signer(labels.signer_officer, labels.sign_note, data.officer_name),
        width=width,
        middle=QrFlowable(qr_payload(data.code, a.lookup_url)),
    )
    # "Ghi chú:" in bold, not bold italic: a fourth embedded face would cost ~7 KB per receipt.
    notes = [markup(f"<b>{esc(labels.notes_title)}</b>", s.small)]
    notes += [para(n, s.small) for n in labels.notes_01]
    if a.lookup_url.strip():
        notes.append(para(labels.lookup_01.format(url=a.lookup_url.strip()), s.small))
    else:
        notes.append(para(labels.lookup_01_no_url, s.small))
    if a.phone.strip():
        notes.append(para(labels.phone_note.format(phone=a.phone.strip()), s.small))
    out.append(KeepTogether([sig, Spacer(1, 2 * mm), *notes[:2]]))
    out += notes[2:]
    return out


# --- Mẫu 02 -----------------------------------------------------------------------------------


def render_supplement(data: FormData, labels: Labels = LABELS) -> bytes:
    """Mẫu 02: Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ (reason from the supplement request)."""
    place = _check_dossier(data)
    event = data.last_event(to_state=State.SUPPLEMENT_REQUESTED)
    reason = _require(event.reason, "events.supplement_requested.reason", "lý do yêu cầu bổ sung")
    s = styles()
    width = frame_width()
    story: list[Any] = header(
        data.agency, labels, width=width, date_line=_event_date(labels, place, event)
    )
    story += _title(labels.title_02, s)
    story.append(markup(f"{esc(labels.dossier_code)} <b>{esc(data.code)}</b>", s.body_center))
    story.append(Spacer(1, 3 * mm))
    story.append(field_line(labels.desk, unit_inline(data.agency), s.body))
    story += _applicant_lines(data, labels, labels.received_from_02, s)
    story.append(_request_line(data, labels, s))
    story.append(para(labels.supplement_intro, s.body))
    missing = [(d.name, d.copy_type, d.copies) for d in data.documents if not d.received]
    if missing:
        story.append(para(labels.supplement_missing, s.body))
        story.append(documents_table(missing, labels, width=width))
        story.append(Spacer(1, 2 * mm))
    story.append(markup(f"<b>{esc(labels.reason)}</b> {esc(reason)}", s.body))
    story.append(
        para(labels.supplement_contact.format(how=_how_to_reach(data.agency, labels)), s.body_left)
    )
    story.append(Spacer(1, 4 * mm))
    story.append(
        KeepTogether(
            signatures(
                None, Signer(labels.signer_guide, labels.sign_note, event.actor_name), width=width
            )
        )
    )
    return build_pdf(story, _meta(data, labels.title_02))


# --- Mẫu 03 -----------------------------------------------------------------------------------


def render_refusal(data: FormData, labels: Labels = LABELS) -> bytes:
    """Mẫu 03: Phiếu từ chối tiếp nhận giải quyết hồ sơ (reason from the refusal)."""
    place = _check_dossier(data)
    event = data.last_event(to_state=State.REFUSED)
    reason = _require(event.reason, "events.refused.reason", "lý do từ chối")
    s = styles()
    width = frame_width()
    story: list[Any] = header(
        data.agency, labels, width=width, date_line=_event_date(labels, place, event)
    )
    story += _title(labels.title_03, s)
    story.append(markup(f"{esc(labels.dossier_code)} <b>{esc(data.code)}</b>", s.body_center))
    story.append(Spacer(1, 3 * mm))
    story.append(field_line(labels.desk, unit_inline(data.agency), s.body))
    story += _applicant_lines(data, labels, labels.received_from, s)
    story.append(_request_line(data, labels, s))
    story.append(para(labels.refuse_text.format(unit=unit_inline(data.agency)), s.body_indent))
    story.append(markup(f"<b>{esc(labels.reason)}</b> {esc(reason)}", s.body_indent))
    story.append(para(labels.refuse_inform, s.body_indent))
    story.append(
        para(
            labels.refuse_contact.format(how=_how_to_reach(data.agency, labels)),
            s.body_left_indent,
        )
    )
    story.append(Spacer(1, 4 * mm))
    story.append(
        KeepTogether(
            signatures(
                Signer(labels.signer_applicant, labels.sign_note, data.applicant.name),
                Signer(labels.signer_officer, labels.sign_note, event.actor_name),
                width=width,
            )
        )
    )
    return build_pdf(story, _meta(data, labels.title_03))


# --- Mẫu 04 -----------------------------------------------------------------------------------


def render_apology(data: FormData, labels: Labels = LABELS) -> bytes:
    """Mẫu 04: Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết (from the extension)."""
    place = _check_dossier(data)
    event = data.last_event(kind="extension")
    reason = _require(event.reason, "events.extension.reason", "lý do gia hạn")
    old_due = event.due_before or data.original_due_at
    new_due = event.due_at or data.due_at
    if old_due is None:
        raise InvalidInput("original_due_at", "required", "original_due_at: thiếu ngày hẹn cũ")
    if new_due is None:
        raise InvalidInput("due_at", "required", "due_at: thiếu ngày hẹn mới")
    s = styles()
    width = frame_width()
    a = data.agency
    story: list[Any] = header(
        a,
        labels,
        width=width,
        date_line=_event_date(labels, place, event),
        number=f"{labels.number_prefix} ……/……",
    )
    story += _title(labels.title_04, s)
    story.append(Spacer(1, 2 * mm))
    story += _dear(data, labels, s)
    story.append(
        para(
            labels.apology_received.format(
                date=short_date(data.received_at),
                unit=unit_inline(a),
                procedure=data.procedure.name,
                code=data.code,
            ),
            s.body_indent,
        )
    )
    story.append(para(labels.apology_due.format(at=long_time(labels, old_due)), s.body_indent))
    story.append(para(labels.apology_late.format(agency=agency_inline(a)), s.body_indent))
    story.append(markup(f"<b>{esc(labels.reason)}</b> {esc(reason)}", s.body_indent))
    story.append(
        para(
            labels.apology_sorry.format(agency=agency_inline(a), at=long_time(labels, new_due)),
            s.body_indent,
        )
    )
    story.append(para(labels.apology_thanks, s.body_indent))
    story.append(Spacer(1, 2 * mm))
    story.append(
        KeepTogether(_recipients_and_head(data, labels, width, person=data.applicant.name))
    )
    return build_pdf(story, _meta(data, labels.title_04))


# --- Mẫu 05 -----------------------------------------------------------------------------------


def render_stop(data: FormData, labels: Labels = LABELS) -> bytes:
    """Mẫu 05: Thông báo dừng giải quyết hồ sơ (reason from the stop; the citizen's
    withdrawal request, when there was one, is cited)."""
    place = _check_dossier(data)
    event = data.last_event(to_state=State.STOPPED)
    reason = _require(event.reason, "events.stopped.reason", "lý do dừng giải quyết")
    withdrawal = data.find_event(to_state=State.WITHDRAWAL_REQUESTED)
    due = data.due_at or data.original_due_at
    s = styles()
    width = frame_width()
    a = data.agency
    story: list[Any] = header(
        a,
        labels,
        width=width,
        date_line=_event_date(labels, place, event),
        number=f"{labels.number_prefix} ……/……",
    )
    story += _title(labels.title_05, s)
    story.append(Spacer(1, 2 * mm))
    story += _dear(data, labels, s)
    story.append(
        para(
            labels.stop_received.format(
                date=short_date(data.received_at),
                unit=unit_inline(a),
                procedure=data.procedure.name,
                code=data.code,
                due=short_date(due) if due else "……",
            ),
            s.body_indent,
        )
    )
    if withdrawal is not None:
        story.append(
            para(labels.stop_withdrawal.format(date=short_date(withdrawal.at)), s.body_indent)
        )
    story.append(
        para(
            labels.stop_decision.format(agency=agency_inline(a), date=short_date(event.at)),
            s.body_indent,
        )
    )
    story.append(markup(f"<b>{esc(labels.reason)}</b> {esc(reason)}", s.body_indent))
    story.append(para(labels.stop_fees, s.body_indent))
    story.append(para(labels.stop_contact.format(how=_how_to_reach(a, labels)), s.body_left_indent))
    story.append(Spacer(1, 2 * mm))
    story.append(
        KeepTogether(_recipients_and_head(data, labels, width, person=data.applicant.name))
    )
    return build_pdf(story, _meta(data, labels.title_05))


# --- Mẫu 06 -----------------------------------------------------------------------------------

_OFFICIAL_STEPS = {
    State.IN_PROCESS,
    State.FORWARDED,
    State.RESULT_READY,
    State.RETURNED,
    State.REFUSED,
    State.STOPPED,
}


def _outcome(labels: Labels, event: FormEvent, due: Any) -> str:
    if due is None:
        return ""
    if event.at > due:
        return labels.late
    if local(event.at).date() < local(due).date():
        return labels.early
    return labels.on_time


def _handover(data: FormData, labels: Labels, event: FormEvent) -> tuple[str, str, str]:
    """(giver, receiver, note) of one step."""
    desk = unit_inline(data.agency)
    agency = agency_inline(data.agency)
    citizen = labels.citizen
    if event.kind == "received":
        return citizen, desk, LABELS_VI[State.RECEIVED]
    if event.kind == "extension":
        due = short_date(event.due_at) if event.due_at else "……"
        return agency, desk, labels.note_extension.format(due=due, reason=event.reason)
    try:
        target = State(event.to_state)
    except ValueError:
        return desk, desk, event.to_state
    label = LABELS_VI[target]
    moves: dict[State, tuple[str, str, str]] = {
        State.IN_PROCESS: (desk, labels.specialist, label),
        State.FORWARDED: (desk, agency, label),
        State.SUPPLEMENT_REQUESTED: (
            desk,
            citizen,
            labels.note_supplement.format(reason=event.reason),
        ),
        State.SUPPLEMENT_RECEIVED: (citizen, desk, label),
        State.RESULT_READY: (agency, desk, label),
        State.RETURNED: (desk, citizen, label),
        State.REFUSED: (desk, citizen, labels.note_refused.format(reason=event.reason)),
        State.WITHDRAWAL_REQUESTED: (
            citizen,
            desk,
            labels.note_withdrawal.format(reason=event.reason),
        ),
        State.STOPPED: (agency, desk, labels.note_stopped.format(reason=event.reason)),
    }
    return moves.get(target, (desk, desk, label))


def render_control(data: FormData, labels: Labels = LABELS) -> bytes:
    """Mẫu 06: Phiếu kiểm soát quá trình giải quyết hồ sơ, one row per step of the history."""
    place = _check_dossier(data)
    s = styles()
    width = frame_width()
    a = data.agency
    story: list[Any] = header(
        a, labels, width=width, date_line=place_date(labels, place, local(data.received_at).date())
    )
    story += _title(labels.title_06, s)
    story.append(markup(f"{esc(labels.dossier_code)} <b>{esc(data.code)}</b>", s.body_center))
    story.append(Spacer(1, 3 * mm))
    story.append(field_line(labels.received_from, data.applicant.name, s.body, bold=True))
    story.append(_request_line(data, labels, s))
    story.append(field_line(labels.handling_unit, agency_inline(a), s.body))
    story.append(field_line(labels.partner_unit, "", s.body))
    story.append(Spacer(1, 2 * mm))

    rows: list[list[Any]] = [
        [
            para(labels.col_units, s.cell_head),
            para(labels.col_handover, s.cell_head),
            markup(
                f'{esc(labels.col_outcome)}<br/><font name="{REGULAR}">'
                f"{esc(labels.col_outcome_note)}</font>",
                s.cell_head,
            ),
            para(labels.col_note, s.cell_head),
        ]
    ]
    due = data.original_due_at
    for e in data.events:
        giver, taker, note = _handover(data, labels, e)
        outcome = ""
        if e.kind == "extension":
            due_now = e.due_before or due
            outcome = _outcome(labels, e, due_now)
        elif e.kind == "transition":
            try:
                if State(e.to_state) in _OFFICIAL_STEPS:
                    outcome = _outcome(labels, e, due)
            except ValueError:
                outcome = ""
        t = local(e.at)
        when = (
            f"{t.hour:02d} giờ {t.minute:02d} phút, ngày {short_date(e.at)}<br/>"
            f"<i>{esc(labels.actor.format(name=e.actor_name or e.actor))}</i>"
        )
        rows.append(
            [
                markup(
                    f"{esc(labels.give.format(who=giver))}<br/>{esc(labels.take.format(who=taker))}",
                    s.cell,
                ),
                markup(when, s.cell),
                para(outcome, s.cell_center),
                para(note, s.cell),
            ]
        )
        if e.due_at is not None:
            due = e.due_at
    table = Table(
        rows,
        colWidths=[width * 0.31, width * 0.24, width * 0.18, width * 0.27],
        repeatRows=1,
    )
    table.setStyle(grid_style())
    story.append(table)
    story.append(Spacer(1, 3 * mm))
    story.append(markup(f"<b><i>{esc(labels.notes_title)}</i></b>", s.small))
    story += [para(n, s.small) for n in labels.notes_06]
    return build_pdf(story, _meta(data, labels.title_06))


# --- checklist --------------------------------------------------------------------------------


def render_checklist(data: ChecklistData, labels: Labels = LABELS) -> bytes:
    """The citizen's "what to bring" sheet for one procedure (current catalogue version)."""
    check_agency(data.agency)
    p = data.procedure
    _require(p.name, "procedure.name", "tên thủ tục")
    s = styles()
    width = frame_width()
    a = data.agency
    story: list[Any] = header(a, labels, width=width, date_line=None)
    story += _title(labels.title_checklist, s)
    story.append(
        markup(f"<b>{esc(labels.checklist_procedure.format(name=p.name))}</b>", s.body_center)
    )
    story.append(
        para(labels.checklist_code.format(code=p.code, field=p.field), s.body_italic_center)
    )
    story.append(Spacer(1, 4 * mm))
    story.append(para(labels.checklist_intro, s.body))
    docs = [(d.name, d.copy_type, d.copies) for d in p.documents]
    story.append(
        documents_table(docs, labels, width=width, required=[d.required for d in p.documents])
    )
    story.append(Spacer(1, 3 * mm))
    story.append(para(labels.checklist_time.format(time=_time_text(data, labels)), s.body))
    if p.fees:
        story.append(para(labels.checklist_fees, s.body))
        for f in p.fees:
            if f.amount is None:
                amount = labels.checklist_fee_council
            elif f.amount == 0:
                amount = labels.checklist_fee_free
            else:
                amount = money(labels, f.amount) + (f"/{f.per}" if f.per else "")
            if f.note and not f.amount:
                amount += f" ({f.note})"
            story.append(para(labels.checklist_fee_line.format(name=f.name, amount=amount), s.body))
    address = f", {a.address.strip()}" if a.address.strip() else ""
    story.append(para(labels.checklist_where.format(unit=unit_inline(a), address=address), s.body))
    story.append(para(labels.checklist_contact.format(how=_how_to_reach(a, labels)), s.body_left))
    story.append(Spacer(1, 2 * mm))
    story.append(para(labels.checklist_version.format(version=p.catalog_version), s.small_italic))
    meta = Meta(title=f"{labels.title_checklist} - {p.code}", subject=p.name, author=unit_inline(a))
    return build_pdf(story, meta)


# --- dispatch ---------------------------------------------------------------------------------

FORMS: dict[str, Renderer] = {
    "01": render_receipt,
    "02": render_supplement,
    "03": render_refusal,
    "04": render_apology,
    "05": render_stop,
    "06": render_control,
}


def render_form(number: str, data: FormData, labels: Labels = LABELS) -> bytes:
    """Mẫu ``number`` ("01"–"06") for one dossier."""
    key = number.strip().zfill(2)
    renderer = FORMS.get(key)
    if renderer is None:
        raise InvalidInput(
            "form", "unknown", f"form: chỉ nhận {', '.join(FORMS)}, nhận được {number!r}"
        )
    return renderer(data, labels)
