"""`motcua`: the admin command line for district IT staff, support staff and tests.

Every command takes --data-dir (or MOTCUA_DATA_DIR); commands that print data take --json.
Bad input prints one line naming the field and exits non-zero; nothing is written.
Exit codes: 0 ok, 1 "no" answer (cccd check), 2 bad input, 3 not found, 4 step not allowed,
5 store not initialised, 6 sync could not complete (app/cli_sync.py) or the scanner failed
(app/cli_scan.py).
"""

from __future__ import annotations

import argparse
import getpass
import io
import json
import sys
from collections.abc import Callable, Sequence
from dataclasses import asdict, is_dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from app import __version__
from app.backup import backup, restore
from app.calendar_store import builtin_calendar, load_calendar, set_override
from app.catalogue import (
    ImportReport,
    ProcedureRow,
    import_catalogue_file,
    list_current,
    shipped_catalogue_path,
)
from app.catalogue_schema import load_catalogue_file
from app.cli_scan import register as register_scan_commands
from app.cli_sync import register as register_sync_commands
from app.clock import format_local_minute, parse_local_minute, system_clock
from app.datadir import db_path, default_data_dir, open_data_dir
from app.dossiers import DossierRow, DossierView, extend, search, show, transition
from app.errors import IllegalTransition, InvalidInput, NotFound, NotInitialised
from app.identity import check_id_number
from app.intake import parse_intake, receive_dossier
from app.lifecycle import LABELS_VI, State, parse_state
from app.scanning.types import ScanError
from app.setup import AgencyForm, initialise
from app.workdays import OfficeHours, TimeUnit, WorkCalendar

EXIT_NO, EXIT_INPUT, EXIT_NOT_FOUND, EXIT_STEP, EXIT_UNINIT, EXIT_SCANNER = 1, 2, 3, 4, 5, 6

TRANSITION_REASONS_VI = {
    "terminal": "hồ sơ đã kết thúc, không thể chuyển tiếp",
    "not_allowed": "bước này không được phép từ trạng thái hiện tại",
    "supplement_once": "chỉ được yêu cầu bổ sung hồ sơ một lần",
    "reason_required": "cần ghi lý do (--reason)",
    "extension_once": "chỉ được gia hạn một lần",
    "not_open": "hồ sơ không còn đang giải quyết",
    "unknown_state": "trạng thái không tồn tại",
}


def _json_default(value: object) -> object:
    if isinstance(value, datetime):
        return format_local_minute(value)
    if isinstance(value, date | time):
        return value.isoformat()
    if is_dataclass(value) and not isinstance(value, type):
        return asdict(value)
    raise TypeError(type(value))


def _print_json(data: object) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2, default=_json_default))


def _data_dir(args: argparse.Namespace) -> Path:
    return Path(args.data_dir) if args.data_dir else default_data_dir()


def _actor(args: argparse.Namespace) -> str:
    if args.actor:
        return str(args.actor)
    try:
        return f"cli:{getpass.getuser()}"
    except (OSError, KeyError):
        return "cli"


def _require_store(args: argparse.Namespace) -> Any:
    data_dir = _data_dir(args)
    if not db_path(data_dir).exists():
        raise NotInitialised(str(data_dir))
    return open_data_dir(data_dir)


# --- commands -------------------------------------------------------------------------------


def cmd_init(args: argparse.Namespace) -> int:
    hours = OfficeHours.parse(args.office_hours) if args.office_hours else None
    catalogue_file = Path(args.catalogue) if args.catalogue else shipped_catalogue_path()
    catalogue = load_catalogue_file(catalogue_file)  # validated before anything is written
    form = AgencyForm(
        agency_code=args.agency_code,
        commune_name=args.commune_name,
        device_no=args.device_no,
        parent_unit=args.parent_unit or "",
        unit_name=args.unit_name or "",
        province=args.province or "",
        address=args.address or "",
        place_name=args.place_name or "",
        phone=args.phone or "",
        lookup_url=args.lookup_url or "",
        upstream_url=args.upstream_url or "",
        office_hours=hours,
    )
    store = open_data_dir(_data_dir(args))
    try:
        with store.write.begin() as session:
            info, seeded, report = initialise(
                session,
                form,
                catalogue,
                source=str(catalogue_file),
                actor=_actor(args),
                now=system_clock(),
            )
    finally:
        store.dispose()
    if args.json:
        _print_json({"agency": info, "calendar_rows": seeded, "catalogue": report})
    else:
        print(
            f"Đã khởi tạo {info.commune_name} ({info.agency_code}), máy số {info.device_no}; "
            f"{report.added} thủ tục, {seeded} ngày lịch đặc biệt."
        )
    return 0


def cmd_catalog_list(args: argparse.Namespace) -> int:
    store = _require_store(args)
    try:
        with store.read() as session:
            rows = list_current(session)
    finally:
        store.dispose()
    if args.json:
        _print_json(rows)
        return 0
    for p in rows:
        print(f"{p.code:<12} {_time_text(p):<28} {p.field:<22} {p.name}")
    print(f"({len(rows)} thủ tục)")
    return 0


def _time_text(p: ProcedureRow) -> str:
    unit = {
        "working_hours": "giờ làm việc",
        "working_days": "ngày làm việc",
        "calendar_days": "ngày",
    }.get(p.time_unit)
    if unit is None:
        return f"trong ngày (trước {p.cutoff})" if p.cutoff else "trong ngày"
    return f"{p.time_amount} {unit}"


def cmd_catalog_import(args: argparse.Namespace) -> int:
    store = _require_store(args)
    try:
        with store.write.begin() as session:
            report: ImportReport = import_catalogue_file(
                session, Path(args.file), actor=_actor(args), now=system_clock()
            )
    finally:
        store.dispose()
    if args.json:
        _print_json(report)
    else:
        print(
            f"Danh mục {report.catalog_version}: thêm {report.added}, giữ nguyên "
            f"{report.unchanged}, ngừng áp dụng {report.retired} thủ tục."
        )
    return 0


def _calendar_and_procedure(
    args: argparse.Namespace,
) -> tuple[WorkCalendar, int, TimeUnit, time | None]:
    """The store's calendar when there is a store, otherwise the shipped one."""
    path = db_path(_data_dir(args))
    if path.exists():
        store = open_data_dir(_data_dir(args))
        try:
            with store.read() as session:
                cal = load_calendar(session)
                if args.procedure:
                    from app.catalogue import current_procedure

                    p = current_procedure(session, args.procedure)
                    cutoff = time.fromisoformat(p.cutoff) if p.cutoff else None
                    return cal, p.time_amount, TimeUnit(p.time_unit), cutoff
        finally:
            store.dispose()
    else:
        cal = builtin_calendar()
        if args.procedure:
            cat = load_catalogue_file(shipped_catalogue_path())
            spec = next((s for s in cat.procedures if s.code == args.procedure.strip()), None)
            if spec is None:
                raise NotFound("procedure", args.procedure)
            return cal, spec.time.amount, TimeUnit(spec.time.unit), spec.time.cutoff
    return cal, int(args.working_days), TimeUnit.WORKING_DAYS, None


def cmd_calendar_due(args: argparse.Namespace) -> int:
    received = parse_local_minute(args.received, "received")
    if args.working_days is not None and args.working_days < 0:
        raise InvalidInput("working_days", "range", "--working-days phải là số không âm")
    cal, amount, unit, cutoff = _calendar_and_procedure(args)
    due = cal.due(received, amount, unit, cutoff)
    if args.json:
        _print_json(
            {
                "received": format_local_minute(received),
                "due": format_local_minute(due),
                "amount": amount,
                "unit": unit.value,
                "cutoff": cutoff.strftime("%H:%M") if cutoff else None,
                "calendar_version": cal.version,
            }
        )
    else:
        print(format_local_minute(due))
    return 0


def cmd_calendar_holidays(args: argparse.Namespace) -> int:
    path = db_path(_data_dir(args))
    if path.exists():
        store = open_data_dir(_data_dir(args))
        try:
            with store.read() as session:
                cal = load_calendar(session)
        finally:
            store.dispose()
    else:
        cal = builtin_calendar()
    rows = cal.overrides_in(args.year)
    if args.json:
        _print_json(
            [
                {
                    "date": o.day.isoformat(),
                    "working": o.working,
                    "name": o.name,
                    "source": o.source,
                }
                for o in rows
            ]
        )
        return 0
    for o in rows:
        kind = "làm bù" if o.working else "nghỉ  "
        print(f"{o.day:%d/%m/%Y} {kind} {o.name}")
    return 0


def cmd_calendar_set(args: argparse.Namespace) -> int:
    try:
        day = date.fromisoformat(args.date)
    except ValueError:
        raise InvalidInput("date", "format", "date: cần dạng YYYY-MM-DD") from None
    store = _require_store(args)
    try:
        with store.write.begin() as session:
            o = set_override(
                session,
                day,
                working=args.working,
                name=args.name,
                actor=_actor(args),
                now=system_clock(),
            )
    finally:
        store.dispose()
    kind = "ngày làm việc (làm bù)" if o.working else "ngày nghỉ"
    print(f"{o.day:%d/%m/%Y}: {kind} — {o.name}")
    return 0


def cmd_cccd_check(args: argparse.Namespace) -> int:
    birth = None
    if args.birth_date:
        try:
            birth = date.fromisoformat(args.birth_date)
        except ValueError:
            raise InvalidInput("birth_date", "format", "--birth-date cần dạng YYYY-MM-DD") from None
    result = check_id_number(args.number, birth)
    if args.json:
        _print_json(result)
    elif result.valid:
        print(f"Hợp lệ: {result.message}")
        if result.warning:
            print(f"Lưu ý: {result.warning}")
    else:
        print(f"Không hợp lệ ({result.reason}): {result.message}")
    return 0 if result.valid else EXIT_NO


def cmd_dossier_receive(args: argparse.Namespace) -> int:
    try:
        raw = sys.stdin.read() if args.file == "-" else Path(args.file).read_text(encoding="utf-8")
    except OSError as exc:
        raise InvalidInput("file", "unreadable", f"Không đọc được tệp {args.file}: {exc}") from None
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise InvalidInput("file", "json", f"Tệp không phải JSON hợp lệ: {exc}") from None
    req = parse_intake(data)
    store = _require_store(args)
    try:
        receipt = receive_dossier(store, req, actor=_actor(args))
    finally:
        store.dispose()
    if args.json:
        _print_json(receipt)
    else:
        print(receipt.code)
        for w in receipt.warnings:
            print(f"Lưu ý: {w}", file=sys.stderr)
    return 0


def _row_text(r: DossierRow) -> str:
    return (
        f"{r.code}  {LABELS_VI[State(r.state)]:<28} {r.applicant_name:<28} "
        f"hẹn {format_local_minute(r.due_at)}  {r.procedure_name}"
    )


def _view_text(v: DossierView) -> list[str]:
    r = v.row
    lines = [
        f"Mã hồ sơ:        {r.code}",
        f"Trạng thái:      {LABELS_VI[State(r.state)]} (mã quốc gia {v.national_status})",
        f"Thủ tục:         {r.procedure_code} {r.procedure_name} (danh mục {v.catalog_version})",
        f"Người nộp:       {r.applicant_name}  CCCD: {r.id_number or '-'}  ĐT: {r.phone or '-'}",
        f"Địa chỉ:         {v.address or '-'}",
        f"Nhận lúc:        {format_local_minute(r.received_at)} bởi {v.received_by}",
        f"Hẹn trả:         {format_local_minute(r.due_at)}",
    ]
    if v.extension_count:
        lines.append(
            f"Gia hạn:         từ {format_local_minute(v.original_due_at)}; lý do: {v.extension_reason}"
        )
    lines.append("Thành phần hồ sơ:")
    for i, d in enumerate(v.documents, 1):
        mark = "x" if d.received else " "
        lines.append(f"  [{mark}] {i}. {d.name} ({d.copy_type}, {d.copies} bản)")
    lines.append("Lịch sử:")
    for e in v.events:
        arrow = f"{e.from_state} → {e.to_state}" if e.from_state else e.to_state
        why = f" — {e.reason}" if e.reason else ""
        lines.append(f"  {format_local_minute(e.at)} {e.actor}: {e.kind} {arrow}{why}")
    return lines


def cmd_dossier_show(args: argparse.Namespace) -> int:
    store = _require_store(args)
    try:
        view = show(store, args.code)
    finally:
        store.dispose()
    if args.json:
        _print_json(view)
    else:
        print("\n".join(_view_text(view)))
    return 0


def cmd_dossier_search(args: argparse.Namespace) -> int:
    store = _require_store(args)
    try:
        rows = search(store, args.text, limit=args.limit)
    finally:
        store.dispose()
    if args.json:
        _print_json(rows)
        return 0
    for r in rows:
        print(_row_text(r))
    if not rows:
        print("Không tìm thấy hồ sơ nào.")
    return 0


def cmd_dossier_transition(args: argparse.Namespace) -> int:
    target = parse_state(args.state)
    store = _require_store(args)
    try:
        view = transition(store, args.code, target, actor=_actor(args), reason=args.reason or "")
    finally:
        store.dispose()
    if args.json:
        _print_json(view)
    else:
        print(f"{view.row.code}: {LABELS_VI[State(view.row.state)]}")
    return 0


def cmd_dossier_extend(args: argparse.Namespace) -> int:
    new_due = parse_local_minute(args.due, "due")
    store = _require_store(args)
    try:
        view = extend(store, args.code, new_due, actor=_actor(args), reason=args.reason or "")
    finally:
        store.dispose()
    print(f"{view.row.code}: hẹn mới {format_local_minute(view.row.due_at)}")
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    dest = backup(_data_dir(args), Path(args.dest))
    print(f"Đã sao lưu vào {dest}")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    saved = restore(_data_dir(args), Path(args.src))
    if saved:
        print(f"Đã khôi phục từ {args.src}; kho cũ được giữ tại {saved}")
    else:
        print(f"Đã khôi phục từ {args.src}")
    return 0


def cmd_print(args: argparse.Namespace) -> int:
    from app.forms import FORMS, form_data, render_form, write_pdf

    form = str(args.form).strip().zfill(2)
    if form not in FORMS:
        raise InvalidInput("form", "unknown", f"form: chỉ nhận {', '.join(FORMS)}")
    store = _require_store(args)
    try:
        data = form_data(store, args.code)
    finally:
        store.dispose()
    out = write_pdf(Path(args.out), render_form(form, data))
    _print_written(args, out)
    return 0


def _parse_day(text: str, field: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise InvalidInput(
            field, "format", f"{field}: cần dạng YYYY-MM-DD, nhận được {text!r}"
        ) from None


def cmd_print_book(args: argparse.Namespace) -> int:
    from app.forms import book_data, render_book, write_pdf

    start = _parse_day(args.start, "from")
    end = _parse_day(args.end, "to")
    store = _require_store(args)
    try:
        data = book_data(store, start, end)
    finally:
        store.dispose()
    out = write_pdf(Path(args.out), render_book(data))
    _print_written(args, out, rows=len(data.rows))
    return 0


def cmd_print_checklist(args: argparse.Namespace) -> int:
    from app.forms import checklist_data, render_checklist, write_pdf

    store = _require_store(args)
    try:
        data = checklist_data(store, args.procedure)
    finally:
        store.dispose()
    out = write_pdf(Path(args.out), render_checklist(data))
    _print_written(args, out)
    return 0


def _print_written(args: argparse.Namespace, out: Path, rows: int | None = None) -> None:
    if args.json:
        info: dict[str, Any] = {"out": str(out), "bytes": out.stat().st_size}
        if rows is not None:
            info["rows"] = rows
        _print_json(info)
    else:
        print(f"Đã ghi {out}" + (f" ({rows} hồ sơ)" if rows is not None else ""))


# --- parser ---------------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--data-dir", help="thư mục dữ liệu (mặc định: MOTCUA_DATA_DIR)")
    common.add_argument("--actor", help="người thực hiện, ghi vào lịch sử (mặc định: cli:<user>)")
    common.add_argument("--json", action="store_true", help="in dữ liệu dạng JSON")

    parser = argparse.ArgumentParser(
        prog="motcua", description="Quản trị phần mềm Một cửa cấp xã", parents=[common]
    )
    parser.add_argument("--version", action="version", version=__version__)
    sub = parser.add_subparsers(dest="command", required=True)

    def add(
        parent: Any, name: str, fn: Callable[[argparse.Namespace], int], help_text: str
    ) -> argparse.ArgumentParser:
        p: argparse.ArgumentParser = parent.add_parser(name, parents=[common], help=help_text)
        p.set_defaults(fn=fn)
        return p

    p = add(sub, "init", cmd_init, "khởi tạo kho dữ liệu cho một xã")
    p.add_argument("--agency-code", required=True)
    p.add_argument("--commune-name", required=True)
    p.add_argument("--device-no", type=int, default=1)
    p.add_argument("--parent-unit")
    p.add_argument("--unit-name")
    p.add_argument("--province")
    p.add_argument("--address")
    p.add_argument("--place-name")
    p.add_argument("--phone", help="số điện thoại liên hệ in trên các phiếu")
    p.add_argument("--lookup-url", help="địa chỉ tra cứu hồ sơ, in trong mã QR của giấy hẹn")
    p.add_argument("--upstream-url", help="địa chỉ máy chủ cấp trên để đồng bộ")
    p.add_argument("--office-hours", help='ví dụ "07:00-11:30,13:30-17:00"')
    p.add_argument("--catalogue", help="tệp danh mục thủ tục (mặc định: danh mục kèm theo)")

    cat = sub.add_parser("catalog", help="danh mục thủ tục").add_subparsers(
        dest="sub", required=True
    )
    add(cat, "list", cmd_catalog_list, "liệt kê thủ tục đang áp dụng")
    p = add(cat, "import", cmd_catalog_import, "nạp danh mục mới từ tệp JSON")
    p.add_argument("file")

    cal = sub.add_parser("calendar", help="lịch làm việc").add_subparsers(dest="sub", required=True)
    p = add(cal, "due", cmd_calendar_due, "tính ngày hẹn trả")
    g = p.add_mutually_exclusive_group(required=True)
    g.add_argument("--procedure")
    g.add_argument("--working-days", type=int)
    p.add_argument("--received", required=True, help='"YYYY-MM-DD HH:MM"')
    p = add(cal, "holidays", cmd_calendar_holidays, "ngày nghỉ và ngày làm bù trong năm")
    p.add_argument("--year", type=int, required=True)

    p = add(cal, "set", cmd_calendar_set, "đặt một ngày là ngày nghỉ hoặc ngày làm bù")
    p.add_argument("date", help="YYYY-MM-DD")
    g = p.add_mutually_exclusive_group(required=True)
    g.add_argument("--day-off", dest="working", action="store_false")
    g.add_argument("--working", dest="working", action="store_true")
    p.add_argument("--name", required=True, help="tên hoặc căn cứ (ví dụ: số văn bản thông báo)")

    cccd = sub.add_parser("cccd", help="số định danh cá nhân").add_subparsers(
        dest="sub", required=True
    )
    p = add(cccd, "check", cmd_cccd_check, "kiểm tra số CCCD/CMND")
    p.add_argument("number")
    p.add_argument("--birth-date")

    dos = sub.add_parser("dossier", help="hồ sơ").add_subparsers(dest="sub", required=True)
    p = add(dos, "receive", cmd_dossier_receive, "tiếp nhận hồ sơ từ tệp JSON (- = stdin)")
    p.add_argument("file")
    p = add(dos, "show", cmd_dossier_show, "xem hồ sơ")
    p.add_argument("code")
    p = add(dos, "search", cmd_dossier_search, "tìm hồ sơ (không dấu cũng được)")
    p.add_argument("text")
    p.add_argument("--limit", type=int, default=50)
    p = add(dos, "transition", cmd_dossier_transition, "chuyển bước xử lý")
    p.add_argument("code")
    p.add_argument("state", help=", ".join(s.value for s in State))
    p.add_argument("--reason")
    p = add(dos, "extend", cmd_dossier_extend, "gia hạn (một lần)")
    p.add_argument("code")
    p.add_argument("--due", required=True, help='"YYYY-MM-DD HH:MM"')
    p.add_argument("--reason", required=True)

    p = add(sub, "backup", cmd_backup, "sao lưu kho dữ liệu (an toàn khi đang chạy)")
    p.add_argument("dest")
    p = add(sub, "restore", cmd_restore, "khôi phục kho dữ liệu từ bản sao lưu")
    p.add_argument("src")
    p = add(sub, "print", cmd_print, "in biểu mẫu của một hồ sơ ra PDF (Mẫu 01–06)")
    p.add_argument("code")
    p.add_argument("--form", required=True, help="01, 02, 03, 04, 05 hoặc 06")
    p.add_argument("--out", required=True, help="tệp PDF ghi ra")
    p = add(sub, "print-book", cmd_print_book, "in Sổ theo dõi hồ sơ (Mẫu 07) của một kỳ")
    p.add_argument("--from", dest="start", required=True, help="YYYY-MM-DD")
    p.add_argument("--to", dest="end", required=True, help="YYYY-MM-DD")
    p.add_argument("--out", required=True, help="tệp PDF ghi ra")
    p = add(sub, "print-checklist", cmd_print_checklist, "in danh mục giấy tờ của một thủ tục")
    p.add_argument("--procedure", required=True, help="mã thủ tục, ví dụ 1.001193")
    p.add_argument("--out", required=True, help="tệp PDF ghi ra")
    register_scan_commands(sub, common)  # `scanners`, `scan` (app/cli_scan.py)
    register_sync_commands(sub, common)  # `enroll`, `sync`, `conflicts` (app/cli_sync.py)
    return parser


def _err(message: str) -> None:
    print(f"Lỗi: {message}", file=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):  # Windows consoles default to a legacy code page
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(encoding="utf-8")
    args = build_parser().parse_args(argv)
    try:
        return int(args.fn(args))
    except InvalidInput as exc:
        text = exc.detail or exc.reason
        _err(text if text.startswith(f"{exc.field}:") else f"{exc.field}: {text}")  # field once
        return EXIT_INPUT
    except NotFound as exc:
        what = {"dossier": "hồ sơ", "procedure": "thủ tục"}.get(exc.kind, exc.kind)
        _err(f"không tìm thấy {what} {exc.key}")
        return EXIT_NOT_FOUND
    except IllegalTransition as exc:
        why = TRANSITION_REASONS_VI.get(exc.reason, exc.reason)
        _err(f"state: {exc.current} → {exc.target}: {why}")
        return EXIT_STEP
    except NotInitialised:
        _err("data_dir: kho dữ liệu chưa được khởi tạo (chạy motcua init)")
        return EXIT_UNINIT
    except ScanError as exc:
        _err(f"device: {exc.message_vi}")
        return EXIT_SCANNER


if __name__ == "__main__":
    sys.exit(main())
