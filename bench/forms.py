"""Printed forms: render time and file size. Figures only, never asserted.

Run from the repo root: ``.venv/bin/python bench/forms.py [--dossiers 1000] [--runs 50]``.

1. A store is initialised like ``motcua init`` does and an ordinary dossier is received
   (Đăng ký khai sinh, 3 papers, through ``receive_dossier``). Mẫu 01 (two copies, QR) is
   rendered from its ``form_data``: the first call of the process (fonts loaded and parsed),
   then the median and 90th percentile after a warm-up. Target: median ≤ 60 ms.
2. A heavy dossier (25 papers, a very long name) gives the worst-case Mẫu 01 size.
3. Mẫu 07 for N dossiers (default 1,000) received through ``receive_dossier`` over 20 working
   days, a third of them taken on to "returned" so that every date column is filled. Timed:
   ``book_data`` (one read transaction) and ``render_book``. Target: render ≤ 3 s.
4. File sizes with the embedded font subsets. Target: Mẫu 01 ≤ 60 KB.
"""

import sys
from pathlib import Path

# bench/ holds calendar.py, named like the stdlib module that `holidays` imports: drop the
# bench/ directory that Python puts first on sys.path, and put the repo root there instead.
_HERE = Path(__file__).resolve().parent
_ROOT = _HERE.parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE]
sys.path.insert(0, str(_ROOT))

import argparse  # noqa: E402
import contextlib  # noqa: E402
import importlib.util  # noqa: E402
import io  # noqa: E402
import os  # noqa: E402
import platform  # noqa: E402
import random  # noqa: E402
import statistics  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from collections.abc import Callable  # noqa: E402
from datetime import date, datetime, timedelta  # noqa: E402
from typing import Any  # noqa: E402

import reportlab  # noqa: E402

import app.cli  # noqa: E402
from app.clock import VN_TZ  # noqa: E402
from app.datadir import open_data_dir  # noqa: E402
from app.dossiers import transition  # noqa: E402
from app.forms import (  # noqa: E402
    book_data,
    checklist_data,
    form_data,
    render_book,
    render_checklist,
    render_form,
)
from app.intake import parse_intake, receive_dossier  # noqa: E402
from app.lifecycle import State  # noqa: E402
from db.engine import Store  # noqa: E402

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Giàng", "Sùng", "Lò", "Vàng", "Đinh", "Bùi"]
MIDDLE = ["Văn", "Thị", "A", "Thị Ánh", "Đức", "Ngọc", "Hữu", "Quỳnh"]
GIVEN = ["Páo", "Mỷ", "Tuyết", "Dũng", "Hằng", "Sính", "Chứ", "Ước", "Thảo", "Khiêm", "Nhị"]
HAMLETS = ["Pà Cò", "Hang Kia", "Bãi Sậy", "Thung Khe", "Nà Phòn", "Tân Sơn", "Đồng Bảng"]
PROCEDURES = ["1.001193", "1.000656", "1.004873", "2.000815", "1.004222", "1.004194"]
SEED = 20261125


def machine() -> str:
    cpu = platform.processor() or "?"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    accel = "with" if importlib.util.find_spec("_rl_accel") else "WITHOUT"
    return (
        f"{platform.platform()}; {cpu}, {os.cpu_count()} CPUs; Python "
        f"{platform.python_version()}; reportlab {reportlab.Version} {accel} rl_accel"
    )


def at(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=VN_TZ)


def timed(fn: Callable[[], Any], runs: int, warmup: int = 5) -> tuple[float, float]:
    for _ in range(warmup):
        fn()
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    samples.sort()
    return statistics.median(samples), samples[int(len(samples) * 0.9) - 1]


def init(data_dir: Path) -> Store:
    with contextlib.redirect_stdout(io.StringIO()):
        rc = app.cli.main(
            [
                "init",
                "--data-dir",
                str(data_dir),
                "--agency-code",
                "000.17.22.H56",
                "--commune-name",
                "Xã Pà Cò",
                "--province",
                "Phú Thọ",
            ]
        )
    assert rc == 0
    return open_data_dir(data_dir)


def person(rng: random.Random) -> dict[str, str]:
    return {
        "name": f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}",
        "phone": f"09{rng.randrange(10**8):08d}",
        "address": f"Bản {rng.choice(HAMLETS)}, xã Pà Cò, tỉnh Phú Thọ",
    }


def receive(store: Store, received: datetime, data: dict[str, Any]) -> str:
    req = parse_intake(
        {"received_at": received.strftime("%Y-%m-%d %H:%M"), "channel": "direct", **data}
    )
    clock = lambda: received + timedelta(minutes=1)  # noqa: E731
    return receive_dossier(store, req, actor="bench", clock=clock).code


def working_days(start: date, n: int) -> list[date]:
    days, d = [], start
    while len(days) < n:
        if d.weekday() < 5:
            days.append(d)
        d += timedelta(days=1)
    return days


def fill_book(store: Store, n: int, rng: random.Random) -> tuple[date, date]:
    days = working_days(date(2026, 11, 2), 20)
    for i in range(n):
        day = days[i * len(days) // n]
        received = datetime(day.year, day.month, day.day, 7, 30, tzinfo=VN_TZ) + timedelta(
            minutes=(i * 7) % 540
        )
        code = receive(
            store,
            received,
            {"procedure": rng.choice(PROCEDURES), "applicant": person(rng), "documents": []},
        )
        if i % 3 == 0:
            for k, target in enumerate((State.FORWARDED, State.RESULT_READY, State.RETURNED)):
                moment = received + timedelta(hours=1 + k)
                transition(store, code, target, actor="bench", clock=lambda m=moment: m)
    return days[0], days[-1]


def kb(data: bytes) -> str:
    return f"{len(data) / 1024:.1f} KB"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dossiers", type=int, default=1000, help="rows of Mẫu 07")
    parser.add_argument("--runs", type=int, default=50, help="timed runs of Mẫu 01")
    args = parser.parse_args()
    rng = random.Random(SEED)
    print(f"Machine: {machine()}")
    print(f"Run at {datetime.now(VN_TZ):%Y-%m-%d %H:%M} (Asia/Ho_Chi_Minh), seed {SEED}")

    with tempfile.TemporaryDirectory(prefix="motcua-bench-forms-") as tmp:
        store = init(Path(tmp) / "data")
        try:
            ordinary = receive(
                store,
                at("2026-12-01 09:15"),
                {
                    "procedure": "1.001193",
                    "applicant": {
                        "name": "Giàng A Páo",
                        "id_number": "010095001234",
                        "phone": "0912345678",
                        "address": "Bản Pà Cò, xã Pà Cò, tỉnh Phú Thọ",
                    },
                    "documents": [{"code": "TP01"}, {"code": "TP02"}, {"code": "TP03"}],
                },
            )
            data = form_data(store, ordinary)
            start = time.perf_counter()
            pdf01 = render_form("01", data)
            first = time.perf_counter() - start
            median, p90 = timed(lambda: render_form("01", data), args.runs)
            read, _ = timed(lambda: form_data(store, ordinary), 20)
            ok = "met" if median <= 0.060 else "NOT met"
            print("\nMẫu 01, ordinary dossier (3 papers, two copies, QR):")
            print(f"  first call in the process (fonts loaded): {first * 1000:.0f} ms")
            print(
                f"  render: median {median * 1000:.1f} ms, p90 {p90 * 1000:.1f} ms over "
                f"{args.runs} runs after 5 warm-up runs (target ≤ 60 ms: {ok})"
            )
            print(f"  form_data (one read transaction): median {read * 1000:.1f} ms")
            size_ok = "met" if len(pdf01) <= 60 * 1024 else "NOT met"
            print(f"  size: {kb(pdf01)} (target ≤ 60 KB: {size_ok})")

            heavy_docs = [{"code": f"TP{i:02d}"} for i in range(1, 10)] + [
                {"name": f"Giấy tờ kèm theo số {i}: ắằẳẵặ ấầẩẫậ ếềểễệ ốồổỗộ ớờởỡợ ứừửữự đ"}
                for i in range(1, 17)
            ]
            heavy = receive(
                store,
                at("2026-12-01 09:20"),
                {
                    "procedure": "2.001263",
                    "applicant": {
                        "name": "Công Tằng Tôn Nữ Hoàng Thị Phương Thảo Nguyễn Ngọc Diễm Kiều",
                        "address": "Số nhà 188, ngõ 21 đường Nguyễn Tất Thành, xã Pà Cò",
                    },
                    "documents": heavy_docs,
                },
            )
            heavy_data = form_data(store, heavy)
            heavy01 = render_form("01", heavy_data)
            median_h, _ = timed(lambda: render_form("01", heavy_data), 10, warmup=2)
            print("Mẫu 01, heavy dossier (25 papers, long name, every diacritic):")
            print(f"  render: median {median_h * 1000:.1f} ms; size {kb(heavy01)}")
            pdf06 = render_form("06", data)
            checklist = render_checklist(checklist_data(store, "2.001263"))
            print(f"Mẫu 06 (ordinary): {kb(pdf06)}; checklist (9 papers): {kb(checklist)}")

            start = time.perf_counter()
            first_day, last_day = fill_book(store, args.dossiers, rng)
            filled = time.perf_counter() - start
            start = time.perf_counter()
            book = book_data(store, first_day, last_day)
            read_book = time.perf_counter() - start
            renders = []
            for _ in range(3):
                start = time.perf_counter()
                pdf07 = render_book(book)
                renders.append(time.perf_counter() - start)
            render_s = statistics.median(renders)
            ok = "met" if render_s <= 3.0 else "NOT met"
            pages = pdf07.count(b"/Type /Page\n")
            print(
                f"\nMẫu 07, {len(book.rows)} dossiers ({first_day:%d/%m}–{last_day:%d/%m/%Y}; "
                f"store filled through receive_dossier/transition in {filled:.1f} s):"
            )
            print(f"  book_data: {read_book * 1000:.0f} ms")
            print(
                f"  render_book: median {render_s:.2f} s of 3 runs "
                f"({', '.join(f'{r:.2f}' for r in renders)}) (target ≤ 3 s: {ok})"
            )
            print(f"  size: {kb(pdf07)}, {pages} pages")
        finally:
            store.dispose()


if __name__ == "__main__":
    main()
