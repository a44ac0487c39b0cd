"""`motcua enroll`, `motcua sync [--once] | sync status`, `motcua conflicts`.

Exit codes follow app/cli.py (0 ok, 2 bad input, 5 store not initialised) plus
6 = sync could not complete (offline, server error, not enrolled, device revoked, update
required); the reason is printed on one line.
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from app.clock import format_local_minute
from app.datadir import db_path, default_data_dir, open_data_dir
from app.errors import NotInitialised
from app.sync_service import SyncService, conflicts, enrol, run_once, status
from sync.errors import SyncError

EXIT_SYNC = 6

OUTCOME_VI = {
    "offline": "không kết nối được máy chủ",
    "captive_portal": "mạng trả về trang không phải máy chủ đồng bộ (cổng đăng nhập mạng?)",
    "transient": "máy chủ tạm thời lỗi, sẽ thử lại",
    "revoked": "thiết bị đã bị thu hồi, liên hệ quản trị cấp huyện",
    "update_required": "cần cập nhật phần mềm để đồng bộ",
    "not_enrolled": "thiết bị chưa đăng ký (chạy motcua enroll)",
    "protocol_error": "máy chủ trả lời không đúng giao thức",
    "error": "lỗi phần mềm khi đồng bộ",
}

Command = Callable[[argparse.Namespace], int]


def _data_dir(args: argparse.Namespace) -> Path:
    return Path(args.data_dir) if args.data_dir else default_data_dir()


def _require_store(args: argparse.Namespace) -> Any:
    data_dir = _data_dir(args)
    if not db_path(data_dir).exists():
        raise NotInitialised(str(data_dir))
    return open_data_dir(data_dir)


def _print_json(data: object) -> None:
    from app.cli import _print_json as print_json  # app.cli imports this module

    print_json(data)


def _err(message: str) -> None:
    sys.stderr.write(f"Lỗi: {message}\n")


def cmd_enroll(args: argparse.Namespace) -> int:
    store = _require_store(args)
    try:
        info = enrol(store, args.url, args.code, args.label or "")
    except SyncError as exc:
        _err(f"đăng ký thiết bị: {OUTCOME_VI.get(exc.outcome, exc.outcome)} ({exc})")
        return EXIT_SYNC
    finally:
        store.dispose()
    if args.json:
        _print_json(info)
    else:
        note = " (số máy của kho đã được đổi theo máy chủ)" if info.device_no_changed else ""
        _out(
            f"Đã đăng ký thiết bị {info.device_id} cho {info.agency_code}, "
            f"máy số {info.device_no}{note}."
        )
    return 0


def _out(text: str) -> None:
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def _when(value: datetime | None) -> str:
    return format_local_minute(value) if value else "chưa có"


def cmd_sync(args: argparse.Namespace) -> int:
    if getattr(args, "sync_sub", None) == "status":
        return cmd_sync_status(args)
    store = _require_store(args)
    data_dir = _data_dir(args)
    try:
        if args.once:
            try:
                report = run_once(store, data_dir)
            except SyncError as exc:
                _err(OUTCOME_VI.get(exc.outcome, exc.outcome))
                return EXIT_SYNC
            if args.json:
                _print_json(report.as_dict())
            if not report.ok:
                reason = OUTCOME_VI.get(report.outcome, report.outcome)
                _err(f"đồng bộ: {reason}: {report.detail}".replace("\n", " ")[:300])
                return EXIT_SYNC
            if not args.json:
                p = report.push
                _out(
                    f"Đồng bộ xong: gửi {p.applied + p.noop} thay đổi, bị từ chối {p.rejected}, "
                    f"nhận {report.pull.changes} cập nhật, tệp lên {report.blobs.uploaded}, "
                    f"tệp về {report.blobs.downloaded}."
                )
            return 0
        return _run_forever(store, data_dir)
    finally:
        store.dispose()


def _run_forever(store: Any, data_dir: Any) -> int:
    done = threading.Event()

    def on_report(report: Any) -> None:
        reason = "" if report.ok else f" ({OUTCOME_VI.get(report.outcome, report.outcome)})"
        _out(
            f"[{format_local_minute(report.finished_at)}] {report.outcome}{reason}: "
            f"chờ {report.pending_after}"
        )

    try:
        service = SyncService(store, data_dir, on_report=on_report)
    except SyncError as exc:
        _err(OUTCOME_VI.get(exc.outcome, exc.outcome))
        return EXIT_SYNC
    previous = signal.signal(signal.SIGINT, lambda *_: done.set())
    try:
        service.start()
        while not done.wait(1.0):
            pass
    finally:
        signal.signal(signal.SIGINT, previous)
        service.stop()
    return 0


def cmd_sync_status(args: argparse.Namespace) -> int:
    store = _require_store(args)
    try:
        s = status(store)
    finally:
        store.dispose()
    if args.json:
        _print_json(s.as_dict())
        return 0
    online = {None: "chưa kiểm tra", True: "trực tuyến", False: "ngoại tuyến"}[s.online]
    _out(f"Thiết bị: {'máy số ' + str(s.device_no) if s.enrolled else 'chưa đăng ký'}")
    _out(f"Kết nối: {online} ({s.last_probe or '-'})")
    _out(f"Thay đổi chờ gửi: {s.pending_mutations} (bị giữ lại: {s.held_mutations})")
    if s.oldest_pending_age_s is not None:
        _out(f"Thay đổi cũ nhất chờ: {round(s.oldest_pending_age_s / 60)} phút")
    _out(f"Tệp chờ gửi: {s.pending_blob_mb} MB")
    _out(f"Lần đồng bộ thành công cuối: {_when(s.last_success_at)}")
    if s.last_error:
        _out(f"Lỗi gần nhất: {s.last_error}")
    _out(f"Xung đột chưa xử lý: {s.conflicts_unresolved}")
    if s.clock_offset_ms is not None:
        warn = " — CẦN CHỈNH ĐỒNG HỒ MÁY TÍNH" if s.clock_warning else ""
        _out(f"Lệch đồng hồ so với máy chủ: {s.clock_offset_ms / 1000:+.1f} giây{warn}")
    for flag, text in (
        (s.revoked, "Thiết bị đã bị thu hồi"),
        (s.update_required, "Cần cập nhật phần mềm"),
        (s.watchdog, "Hàng đợi đồng bộ không tiến triển (watchdog)"),
    ):
        if flag:
            _out(f"Cảnh báo: {text}")
    return 0


def cmd_conflicts(args: argparse.Namespace) -> int:
    store = _require_store(args)
    try:
        rows = conflicts(store)
    finally:
        store.dispose()
    if args.json:
        _print_json(rows)
        return 0
    for c in rows:
        _out(f"{c.dossier_code or c.dossier_id}  {c.op}  [{c.kind}]  {_when(c.created_at)}")
        _out(f"    {c.explanation}")
    _out(f"({len(rows)} xung đột chưa xử lý)")
    return 0


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add the sync commands to `motcua` (called from app.cli.build_parser)."""

    def add(parent: Any, name: str, fn: Command, help_text: str) -> argparse.ArgumentParser:
        p: argparse.ArgumentParser = parent.add_parser(name, parents=[common], help=help_text)
        p.set_defaults(fn=fn)
        return p

    p = add(sub, "enroll", cmd_enroll, "đăng ký máy này với máy chủ cấp huyện")
    p.add_argument("--url", required=True, help="địa chỉ máy chủ, ví dụ https://motcua.huyen.vn")
    p.add_argument("--code", required=True, help="mã đăng ký một lần do quản trị cấp huyện cấp")
    p.add_argument("--label", help="tên máy, ví dụ 'Máy bàn 1'")
    p = add(sub, "sync", cmd_sync, "đồng bộ với máy chủ (chạy đến khi Ctrl+C)")
    p.add_argument("--once", action="store_true", help="một lượt đồng bộ rồi thoát")
    ssub = p.add_subparsers(dest="sync_sub", required=False)
    add(ssub, "status", cmd_sync_status, "tình trạng đồng bộ")
    add(sub, "conflicts", cmd_conflicts, "các thay đổi bị máy chủ từ chối, chưa xử lý")
