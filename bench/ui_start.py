"""Cold start of the desk on a big store: process start to the first paint of the main window
with the 'Tất cả' list on screen. Figures only, no asserts.

Run from the repo root: ``.venv/bin/python bench/ui_start.py [--dir DIR] [--runs 5]``.

``DIR`` is a store built by ``bench/store.py --dossiers 1000000 --dir DIR`` (about 200 s;
default ``/tmp/motcua-bench-store``). Opening it with the app migrates it to the current schema
first (with a backup) if it is older: that one-off is done before timing. A bench account
(``bench`` / ``benchbench1``, officer) is added to the store if it is not there yet.

Each run starts ``python -m ui --data-dir DIR`` as a new process (offscreen unless
``QT_QPA_PLATFORM`` says otherwise) with ``MOTCUA_STARTUP_PROBE=bench:benchbench1``: the app
fills the login dialog as soon as it is shown, logs in (argon2 verify plus the audit row, on the
writer thread), builds the desk and prints wall-clock times of each step when the table has been
painted with the first page of the 'Tất cả' list. The parent takes its own clock just before
spawning, so "total" includes the interpreter's start. Median of the runs.

It also times the desk queries in this process (counts of the eight lists, the first page of
ids, the whole id list, one batch of rows), to say where the time goes on a big store.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

# Python puts bench/ first on sys.path, where bench/calendar.py shadows the stdlib module that
# ``holidays`` imports: put the repo root there instead.
_HERE = Path(__file__).resolve().parent
_ROOT = _HERE.parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE]
sys.path.insert(0, str(_ROOT))

import argparse  # noqa: E402
import json  # noqa: E402
import platform  # noqa: E402
import sqlite3  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from collections.abc import Callable  # noqa: E402

from app.accounts import Role, create_user  # noqa: E402
from app.clock import system_clock  # noqa: E402
from app.datadir import db_path, open_data_dir  # noqa: E402
from app.desk import DeskList, counts, list_ids, rows_by_local_no  # noqa: E402
from app.dossiers import pending_outbox_count  # noqa: E402
from app.errors import InvalidInput  # noqa: E402
from db.engine import Store  # noqa: E402

USER, PASSWORD = "bench", "benchbench1"
TARGET_S = 1.5
FIRST_PAGE = 500  # ui.mainwindow.FIRST_PAGE (not imported: no Qt in the parent process)
STEPS = (
    ("ui_package", "interpreter up, first import of ui"),
    ("imported", "PySide6, SQLAlchemy, Alembic and app modules imported"),
    ("store_open", "store opened (migration check, commune, accounts)"),
    ("login_shown", "login dialog on screen (interactive)"),
    ("logged_in", "password checked (argon2) and audit row written"),
    ("window_shown", "main window built and shown"),
    ("counts", "desk-list counts arrived"),
    ("list_loaded", "first page of 'Tất cả' arrived"),
    ("painted", "table painted with the list"),
)


def ensure_user(store: Store) -> str:
    try:
        with store.write.begin() as session:
            create_user(
                session,
                username=USER,
                full_name="Cán bộ đo thời gian",
                role=Role.OFFICER,
                password=PASSWORD,
                actor="bench",
                now=system_clock(),
            )
    except InvalidInput as exc:
        if exc.reason != "taken":
            raise
        return "already there"
    return "added"


def timed(fn: Callable[[], object], runs: int = 3) -> tuple[float, object]:
    """Median seconds of ``runs`` calls, and the last result."""
    times = []
    result: object = None
    for _ in range(runs):
        t = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times), result


def desk_queries(store: Store) -> None:
    print("\n== desk queries in this process (median of 3) ==")
    s, c = timed(lambda: counts(store))
    assert isinstance(c, dict)
    shown = ", ".join(f"{k.value} {v:,}" for k, v in c.items())
    print(f"counts(): {s * 1000:.0f} ms  ({shown})")
    s, _ = timed(lambda: pending_outbox_count(store))
    print(f"pending_outbox_count(): {s * 1000:.1f} ms")
    for which in (DeskList.ALL, DeskList.OVERDUE, DeskList.DUE_TODAY):
        s1, first = timed(lambda w=which: list_ids(store, w, limit=FIRST_PAGE))
        s2, full = timed(lambda w=which: list_ids(store, w), runs=1)
        n = len(full[0]) if isinstance(full, tuple) else 0
        print(
            f"list_ids({which.value}): first {FIRST_PAGE} ids {s1 * 1000:.0f} ms; "
            f"all {n:,} ids {s2 * 1000:.0f} ms (background, after the first paint)"
        )
        if which is DeskList.ALL and isinstance(first, tuple):
            ids = first[0]
            s3, _ = timed(lambda ids=ids: rows_by_local_no(store, ids[:100]))
            print(f"rows_by_local_no(100 rows): {s3 * 1000:.1f} ms (one table batch, GUI thread)")


def one_run(data_dir: Path) -> dict[str, float]:
    env = {**os.environ, "MOTCUA_STARTUP_PROBE": f"{USER}:{PASSWORD}"}
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    env["PYTHONIOENCODING"] = "utf-8"
    t0 = time.time()
    proc = subprocess.run(
        [sys.executable, "-m", "ui", "--data-dir", str(data_dir)],
        cwd=_ROOT,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=False,
    )
    end = time.time()
    line = next((x for x in proc.stdout.splitlines() if x.startswith("STARTUP ")), None)
    if proc.returncode != 0 or line is None:
        raise RuntimeError(f"run failed (rc {proc.returncode}):\n{proc.stdout}\n{proc.stderr}")
    marks = json.loads(line.removeprefix("STARTUP "))
    out = {k: marks[k] - t0 for k, _ in STEPS if k in marks}
    out["exit"] = end - t0
    out["rows"] = marks.get("rows", 0.0)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--dir", default=str(Path(tempfile.gettempdir()) / "motcua-bench-store"))
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    data_dir = Path(args.dir)
    if not db_path(data_dir).exists():
        sys.exit(f"no store at {data_dir}: build one with bench/store.py --dir {data_dir}")

    t = time.perf_counter()
    store = open_data_dir(data_dir)  # a one-off migration happens here, not in a timed run
    prep = time.perf_counter() - t
    try:
        user = ensure_user(store)
        with sqlite3.connect(db_path(data_dir)) as conn:
            dossiers = conn.execute("SELECT max(local_no) FROM dossier").fetchone()[0] or 0
        print(f"== desk cold start: {data_dir} (about {dossiers:,} dossiers) ==")
        cpu = platform.processor() or platform.machine()
        print(f"machine: {platform.platform()}; {cpu}; cpu_count {os.cpu_count()}")
        print(f"python {platform.python_version()}; SQLite {sqlite3.sqlite_version}")
        print(f"prepare: open/migrate {prep:.1f} s; bench account {USER}: {user}")
        desk_queries(store)
    finally:
        store.dispose()

    print(f"\n== {args.runs} cold starts (new process each; auto-login) ==")
    runs = [one_run(data_dir) for _ in range(args.runs)]
    for i, r in enumerate(runs, start=1):
        print(
            f"run {i}: painted {r['painted']:.3f} s (login shown {r['login_shown']:.3f} s, "
            f"{int(r['rows']):,} rows on first paint)"
        )
    print("\nmedian seconds from process start (step: what has happened by then):")
    for key, what in STEPS:
        values = [r[key] for r in runs if key in r]
        if values:
            print(f"  {statistics.median(values):6.3f}  {key:<12} {what}")
    login = statistics.median(r["logged_in"] - r["login_shown"] for r in runs)
    total = statistics.median(r["painted"] for r in runs)
    print(
        f"\ncold start to the desk with its list painted: median {total:.3f} s "
        f"(min {min(r['painted'] for r in runs):.3f}, max {max(r['painted'] for r in runs):.3f})"
        f" -- target <= {TARGET_S} s: {'met' if total <= TARGET_S else 'NOT met'}"
    )
    print(
        f"of which the automatic login (argon2 + audit write): {login:.3f} s; "
        f"without it {total - login:.3f} s; interactive login dialog at "
        f"{statistics.median(r['login_shown'] for r in runs):.3f} s"
    )


if __name__ == "__main__":
    main()
