"""`motcua scanners` and `motcua scan`: what the app can see, and scanning into a dossier from
scripts (support staff, tests). Registered on the main parser by :func:`register`.

Scanner failures (:class:`~app.scanning.types.ScanError`) print the backend's Vietnamese message
and exit 6 (mapped in :func:`app.cli.main`); bad input exits 2 and an unknown dossier 3, as every
other command (README, CLI section).
"""

from __future__ import annotations

import argparse
import importlib
import sys
from typing import Any

from app.attachments import attach_pdf, find_document
from app.crashpoints import crash_point
from app.errors import InvalidInput
from app.scanning.pipeline import scan_pages
from app.scanning.profiles import Profile, from_scan_profile
from app.scanning.types import ScannerBackend, Source


def _registry() -> Any:
    # Imported by name: the registry pulls in every backend module, and `motcua` commands that
    # never scan should not pay for (or fail on) a scanner library.
    return importlib.import_module("app.scanning.registry")


def _say(line: str) -> None:
    sys.stdout.write(line + "\n")  # app/cli.py prints; ruff's T20 is lifted only there


def parse_device(text: str) -> tuple[str, str]:
    """``BACKEND:ID`` (the id may itself contain colons, e.g. ``sane:airscan:e0:HP``)."""
    backend, sep, device_id = text.strip().partition(":")
    if not sep or not backend or not device_id:
        raise InvalidInput(
            "device", "format", f"device: cần dạng BACKEND:ID, ví dụ fake:demo (nhận {text!r})"
        )
    return backend.lower(), device_id


def cmd_scanners(args: argparse.Namespace) -> int:
    from app.cli import _print_json

    devices = list(_registry().list_all_devices(args.timeout))
    if args.json:
        _print_json(
            [
                {
                    "device": f"{d.backend}:{d.id}",
                    "label": d.label,
                    "sources": sorted(s.value for s in d.sources),
                    "modes": sorted(m.value for m in d.modes),
                    "resolutions": list(d.resolutions),
                }
                for d in devices
            ]
        )
        return 0
    for d in devices:
        sources = ", ".join(sorted(s.value for s in d.sources))
        _say(f"{d.backend}:{d.id}  {d.label}  [{sources}]")
    if not devices:
        _say("Không tìm thấy máy quét nào.")
    return 0


def cmd_scan(args: argparse.Namespace) -> int:
    from app.cli import _actor, _print_json, _require_store

    backend_name, device_id = parse_device(args.device)
    source = Source(args.source)
    store = _require_store(args)
    try:
        doc = find_document(store, args.dossier, args.document)  # bad input before scanning
        profile = Profile(args.profile) if args.profile else from_scan_profile(doc.scan_profile)
        backend: ScannerBackend = _registry().backend_for(backend_name)  # or NoDevice
        pages = scan_pages(backend, device_id, profile, source=source, deskew=not args.no_deskew)
        scanned = len(pages)
        blank = len(pages.blank_indexes())
        if not args.keep_blank:
            pages.drop_blank()  # no officer to look at the flags: drop them
        if not len(pages):
            raise InvalidInput(
                "pages", "all_blank", "pages: không có trang nào có nội dung (mọi trang đều trống)"
            )
        pdf = pages.assemble_pdf(title=f"{doc.dossier_code} {doc.label}")
        crash_point("scan.before_attach")
        row = attach_pdf(
            store,
            doc.dossier_code,
            doc.id,
            pdf,
            len(pages),
            pages.attachment_profile(),
            actor=_actor(args),
            request_ocr=args.ocr,
        )
    finally:
        store.dispose()
    if args.json:
        _print_json(
            {
                "attachment_id": row.id,
                "file_name": row.file_name,
                "pages": row.pages,
                "scanned": scanned,
                "blank": blank,
                "profile": row.profile,
                "sha256": row.sha256,
                "bytes": row.size,
                "path": row.path,
            }
        )
    else:
        dropped = f", bỏ {blank} trang trống" if blank and not args.keep_blank else ""
        _say(f"{row.file_name}: {row.pages} trang{dropped}, {row.size / 1024:.0f} KB")
    return 0


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add the scanning commands to the main parser's subcommands."""
    p = sub.add_parser("scanners", parents=[common], help="liệt kê máy quét mà phần mềm nhìn thấy")
    p.add_argument("--timeout", type=float, default=5.0, help="giây chờ mỗi loại máy quét trả lời")
    p.set_defaults(fn=cmd_scanners)

    p = sub.add_parser("scan", parents=[common], help="quét giấy tờ vào một thành phần hồ sơ")
    p.add_argument("--device", required=True, help="BACKEND:ID, như `motcua scanners` in ra")
    p.add_argument("--dossier", required=True, help="mã hồ sơ")
    p.add_argument("--document", required=True, help="mã thành phần (TP01) hoặc số thứ tự")
    p.add_argument("--source", choices=[s.value for s in Source], default=Source.FLATBED.value)
    p.add_argument(
        "--profile",
        choices=[x.value for x in Profile],
        help="text: đen trắng 200 dpi; seal: màu 150 dpi (mặc định theo danh mục)",
    )
    p.add_argument("--keep-blank", action="store_true", help="giữ các trang trống")
    p.add_argument("--no-deskew", action="store_true", help="không tự chỉnh trang nghiêng")
    p.add_argument("--ocr", action="store_true", help="xếp hàng nhận dạng chữ (nếu có tesseract)")
    p.set_defaults(fn=cmd_scan)
