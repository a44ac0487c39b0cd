"""``motcua-server``: run the upstream server and administer it (district side).

Every command takes ``--data-dir`` (default ``$MOTCUA_SERVER_DATA`` or ``./server-data``) and
``--db`` (default ``$MOTCUA_SERVER_DB`` or a SQLite file in the data directory); migrations run
first. Errors print one line naming the field and exit with status 2.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy.orm import Session

from server import admin, auth
from server.admin import AdminError
from server.blobstore import DiskBlobStore
from server.common import ApiError, iso
from server.db import make_engine, make_session_factory, migrate
from server.settings import ServerSettings

T = TypeVar("T")


def out(text: str) -> None:
    sys.stdout.write(text + "\n")


def _settings(args: argparse.Namespace) -> ServerSettings:
    threads = getattr(args, "push_threads", None)
    if threads is not None and threads < 1:
        raise AdminError("--push-threads", "phải >= 1")
    extra = {} if threads is None else {"push_threads": threads}
    return ServerSettings.create(args.data_dir, db_url=args.db, **extra)


def _in_tx(args: argparse.Namespace, fn: Callable[[Session], T]) -> T:
    settings = _settings(args)
    engine = make_engine(settings.db_url)
    try:
        migrate(engine)
        with make_session_factory(engine).begin() as session:
            return fn(session)
    finally:
        engine.dispose()


_WORKER_DATA = "MOTCUA_SERVER_WORKER_DATA"
_WORKER_DB = "MOTCUA_SERVER_WORKER_DB"
_WORKER_PUSH = "MOTCUA_SERVER_WORKER_PUSH_THREADS"


def worker_app() -> Any:
    """The app of one ``serve --workers N`` worker process (uvicorn factory).

    The parent has migrated the database, created the JWT secret and recovered partial uploads;
    all coordination between workers is in the database (row locks) and in file locks
    (blob uploads). Tokens verified by one worker are cached by that worker only.
    """
    from server.app import create_app

    settings = ServerSettings.create(
        os.environ[_WORKER_DATA],
        db_url=os.environ[_WORKER_DB],
        push_threads=int(os.environ[_WORKER_PUSH]),
    )
    return create_app(settings, recover_blobs=False)


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from server.app import create_app

    settings = _settings(args)
    if args.workers < 1:
        raise AdminError("--workers", "phải >= 1")
    if args.workers == 1:
        app = create_app(settings)
        uvicorn.run(app, host=args.host, port=args.port, log_level=args.log_level)
        return 0
    if settings.db_url.startswith("sqlite"):
        raise AdminError("--workers", "SQLite chỉ chạy với 1 tiến trình (dùng PostgreSQL)")
    engine = make_engine(settings.db_url)
    try:
        migrate(engine)  # once, before the workers start
    finally:
        engine.dispose()
    DiskBlobStore(settings.data_dir).recover()
    os.environ[_WORKER_DATA] = str(settings.data_dir)
    os.environ[_WORKER_DB] = settings.db_url
    os.environ[_WORKER_PUSH] = str(settings.push_threads)
    uvicorn.run(
        "server.cli:worker_app",
        factory=True,
        workers=args.workers,
        host=args.host,
        port=args.port,
        log_level=args.log_level,
    )
    return 0


def cmd_init_db(args: argparse.Namespace) -> int:
    _in_tx(args, lambda s: None)
    out(f"Cơ sở dữ liệu đã sẵn sàng: {_settings(args).db_url}")
    return 0


def cmd_agency_add(args: argparse.Namespace) -> int:
    agency = _in_tx(args, lambda s: admin.add_agency(s, args.code, args.name))
    out(f"Đã thêm đơn vị {agency.code}: {agency.name}")
    return 0


def cmd_enroll(args: argparse.Namespace) -> int:
    ttl = _settings(args).enroll_code_ttl_s
    code = _in_tx(
        args,
        lambda s: auth.create_enrolment(
            s, args.agency_code, args.label, ttl_s=ttl, created_by=args.created_by
        ),
    )
    out(code)
    return 0


def cmd_devices(args: argparse.Namespace) -> int:
    rows = _in_tx(args, admin.device_health)
    if args.json:
        out(
            json.dumps(
                [
                    {**r.__dict__, "last_seen": iso(r.last_seen) if r.last_seen else None}
                    for r in rows
                ],
                ensure_ascii=False,
            )
        )
        return 0
    out(
        f"{'device':36}  {'agency':16} no  {'label':12} {'last seen':24} "
        f"{'last_seq':>8} {'lag':>5} {'blobs':>5} {'offset ms':>9} version"
    )
    for r in rows:
        seen = iso(r.last_seen) if r.last_seen else "-"
        offset = "-" if r.clock_offset_ms is None else str(r.clock_offset_ms)
        flag = " REVOKED" if r.revoked else ""
        out(
            f"{r.id:36}  {r.agency:16} {r.device_no:2}  {r.label[:12]:12} {seen:24} "
            f"{r.last_seq:>8} {r.pull_lag:>5} {r.pending_blobs:>5} {offset:>9} "
            f"{r.app_version}{flag}"
        )
    return 0


def cmd_revoke(args: argparse.Namespace) -> int:
    device = _in_tx(args, lambda s: admin.revoke(s, args.device))
    out(f"Đã thu hồi máy {device.id} ({device.agency} số {device.device_no})")
    return 0


def cmd_force_repull(args: argparse.Namespace) -> int:
    device = _in_tx(args, lambda s: admin.force_repull(s, args.device))
    out(f"Máy {device.id} sẽ tải lại toàn bộ dữ liệu (mã đặt lại {device.reset_token})")
    return 0


def cmd_publish_catalogue(args: argparse.Namespace) -> int:
    path = Path(args.file)
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, ValueError) as exc:
        raise AdminError("file", f"không đọc được JSON {path}: {exc}") from None
    seq = _in_tx(args, lambda s: admin.publish_catalogue(s, data))
    out(f"Đã phát hành danh mục {data.get('catalog_version')} (seq chung {seq})")
    return 0


def cmd_publish_calendar(args: argparse.Namespace) -> int:
    seq = _in_tx(args, lambda s: admin.publish_calendar_day(s, args.day, args.working, args.name))
    out(f"Đã phát hành ngày lịch {args.day} (seq chung {seq})")
    return 0


def cmd_mark_processed(args: argparse.Namespace) -> int:
    store = DiskBlobStore(_settings(args).data_dir)
    doc = _in_tx(
        args, lambda s: admin.mark_processed(s, store, args.code, Path(args.result), args.note)
    )
    out(f"{doc['code']}: {doc['state']} (phiên bản {doc['version']})")
    return 0


def cmd_request_supplement(args: argparse.Namespace) -> int:
    doc = _in_tx(args, lambda s: admin.request_supplement(s, args.code, args.reason))
    out(f"{doc['code']}: {doc['state']} (phiên bản {doc['version']})")
    return 0


def cmd_create_online(args: argparse.Namespace) -> int:
    doc = _in_tx(
        args,
        lambda s: admin.create_online(
            s,
            agency_code=args.agency_code,
            procedure=args.procedure,
            name=args.name,
            id_number=args.id_number,
            phone=args.phone,
            email=args.email,
            address=args.address,
            birth_date=args.birth_date,
            alias=args.alias,
        ),
    )
    out(f"{doc['code']} {doc['id']}")
    return 0


def cmd_new_epoch(args: argparse.Namespace) -> int:
    epoch = _in_tx(args, admin.bump_epoch)
    out(f"Kỷ nguyên {epoch}: mọi máy sẽ tải lại dữ liệu (thay đổi chờ gửi trên máy được giữ)")
    return 0


def cmd_gc_partials(args: argparse.Namespace) -> int:
    gone = DiskBlobStore(_settings(args).data_dir).expire_partials(args.max_age_hours * 3600)
    out(f"Đã xóa {len(gone)} tệp tải lên dở dang bị bỏ")
    return 0


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--data-dir", default=os.environ.get("MOTCUA_SERVER_DATA", "server-data"))
    common.add_argument("--db", default=None, help="SQLAlchemy URL (default: SQLite in data dir)")
    parser = argparse.ArgumentParser(prog="motcua-server", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    def add(name: str, fn: Callable[[argparse.Namespace], int], **kw: Any) -> Any:
        p = sub.add_parser(name, parents=[common], **kw)
        p.set_defaults(func=fn)
        return p

    p = add("serve", cmd_serve, help="run the HTTP server (uvicorn)")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--log-level", default="info")
    p.add_argument(
        "--workers",
        type=int,
        default=1,
        help="uvicorn worker processes (PostgreSQL only; default 1)",
    )
    p.add_argument(
        "--push-threads",
        type=int,
        default=None,
        help="push transactions at once per process (default 4)",
    )
    add("init-db", cmd_init_db, help="create or migrate the database")
    agency = sub.add_parser("agency", help="communes").add_subparsers(dest="sub", required=True)
    p = agency.add_parser("add", parents=[common])
    p.set_defaults(func=cmd_agency_add)
    p.add_argument("--code", required=True)
    p.add_argument("--name", required=True)
    p = add("enroll", cmd_enroll, help="one-time enrolment code for a PC (24 h)")
    p.add_argument("--agency-code", required=True)
    p.add_argument("--label", required=True)
    p.add_argument("--created-by", default="admin")
    p = add("devices", cmd_devices, help="devices and their sync health")
    p.add_argument("--json", action="store_true")
    p = add("revoke", cmd_revoke, help="revoke a device (id, id prefix or AGENCY#NO)")
    p.add_argument("device")
    p = add("force-repull", cmd_force_repull, help="make a device re-download its scopes")
    p.add_argument("device")
    p = add("publish-catalogue", cmd_publish_catalogue, help="publish a procedure catalogue")
    p.add_argument("file")
    p = add("publish-calendar", cmd_publish_calendar, help="publish a working day or holiday")
    p.add_argument("--day", required=True)
    kind = p.add_mutually_exclusive_group(required=True)
    kind.add_argument("--working", dest="working", action="store_true")
    kind.add_argument("--holiday", dest="working", action="store_false")
    p.add_argument("--name", default="")
    p = add("mark-processed", cmd_mark_processed, help="district: forwarded -> result_ready")
    p.add_argument("code")
    p.add_argument("--result", required=True)
    p.add_argument("--note", default="")
    p = add("request-supplement", cmd_request_supplement, help="district: forwarded -> supplement")
    p.add_argument("code")
    p.add_argument("--reason", required=True)
    p = add("create-online", cmd_create_online, help="a dossier filed online")
    p.add_argument("--agency-code", required=True)
    p.add_argument("--procedure", required=True, help="CODE@CATALOG_VERSION")
    p.add_argument("--name", required=True)
    p.add_argument("--id-number", required=True)
    p.add_argument("--phone", default="")
    p.add_argument("--email", default="")
    p.add_argument("--address", default="")
    p.add_argument("--birth-date", default=None)
    p.add_argument("--alias", default="", help="the national portal's code (system dvcqg)")
    add("new-epoch", cmd_new_epoch, help="after restoring a backup: desks re-download")
    p = add("gc-partials", cmd_gc_partials, help="remove abandoned partial uploads")
    p.add_argument("--max-age-hours", type=float, default=72.0)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        code: int = args.func(args)
    except AdminError as exc:
        sys.stderr.write(f"Lỗi: {exc.field}: {exc.detail}\n")
        return 2
    except ApiError as exc:
        sys.stderr.write(f"Lỗi: {exc.detail}\n")
        return 2
    return code


if __name__ == "__main__":
    sys.exit(main())
