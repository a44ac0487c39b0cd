"""The upstream server under load: N desks pushing at once against PostgreSQL. Figures only.

Run from the repo root: ``.venv/bin/python bench/server_load.py [--devices 20] [--seconds 15]``.

1. A fresh database on the PostgreSQL of ``TEST_PG_DSN`` (else the development server on
   127.0.0.1:55440) and ``motcua-server serve`` (one uvicorn process, as deployed) on 127.0.0.1.
   Devices are spread over communes of at most 9 PCs (the device-number limit).
2. Each simulated device is a thread with its own keep-alive ``requests`` session, enrolled
   and logged in like a desk (Ed25519 nonce -> JWT). It pushes back to back, one request at a
   time like the real engine: a ``dossier.create`` (the full payload a desk sends, gzipped,
   ~1.3 KB) and then that dossier's ``dossier.transition`` to in_process, each push a batch of
   ``--batch`` mutations (default 1: one push = one mutation = one PostgreSQL transaction).
3. The first 2 s are a warm-up. Pushes per second over the rest and the latency of each push
   (request sent -> response read): median and p99.
4. CPU seconds over the whole run from /proc: the server process (and its uvicorn workers),
   the load generator (all its processes) and the rest of the machine (PostgreSQL, noise).

Options: ``--workers N`` runs ``motcua-server serve --workers N`` (default 1, as deployed);
``--push-threads T`` runs it with ``--push-threads T`` (default: the server's, 4);
``--processes P`` spreads the desk threads over P generator processes so the generator does not
contend with itself for one GIL (default 1: all threads in this process).

Targets (sync-protocol.md §4.4 and the issue): >= 200 pushes/s, p99 <= 300 ms on this machine
kind. Printed as met / not met, never asserted.
"""

import sys
from pathlib import Path

_HERE = Path(__file__).resolve().parent
_ROOT = _HERE.parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE]
sys.path.insert(0, str(_ROOT))

import argparse  # noqa: E402
import base64  # noqa: E402
import multiprocessing  # noqa: E402
import os  # noqa: E402
import platform  # noqa: E402
import statistics  # noqa: E402
import tempfile  # noqa: E402
import threading  # noqa: E402
import time  # noqa: E402
import uuid  # noqa: E402
from typing import Any  # noqa: E402

import requests  # noqa: E402
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey  # noqa: E402
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from server.testing import (  # noqa: E402
    create_agency,
    create_enrolment_code,
    pg_dsn,
    scratch_database,
    start_server,
    stop_server,
)
from sync.transport import encode_json  # noqa: E402
from sync.wire import HEADER_APP_VERSION, HEADER_PROTOCOL, PROTOCOL_VERSION  # noqa: E402

WARMUP_S = 2.0


def create_payload(agency: str, device_no: int, n: int) -> dict[str, Any]:
    """What app.intake.dossier_payload sends for an ordinary birth registration."""
    did = str(uuid.uuid4())
    return {
        "id": did,
        "code": f"{agency}-261125-{device_no * 1000 + n}",
        "procedure": "1.001193@2026.11.1",
        "channel": "direct",
        "state": "received",
        "received_at": "2026-11-25T09:30:00+07:00",
        "due_at": "2026-11-25T17:00:00+07:00",
        "calendar_version": "cal-2aef0c775773",
        "result_delivery": "desk",
        "postal_address": "",
        "sets": 1,
        "fee_total": 0,
        "note": "",
        "received_by": f"cb{device_no}",
        "device_no": device_no,
        "event_id": str(uuid.uuid4()),
        "applicant": {
            "id": str(uuid.uuid4()),
            "name": "Nguyễn Thị Ánh Tuyết",
            "id_number": "001187012345",
            "birth_date": "1987-08-14",
            "phone": "0912345678",
            "email": "",
            "address": "Thôn Đông Hưng, xã Pà Cò, tỉnh Phú Thọ",
        },
        "documents": [
            {
                "id": str(uuid.uuid4()),
                "code": f"TP0{i}",
                "name": name,
                "copy_type": "original",
                "copies": 1,
                "required": True,
                "received": True,
                "digitised": False,
                "reused": False,
            }
            for i, name in enumerate(
                [
                    "Tờ khai đăng ký khai sinh theo mẫu",
                    "Giấy chứng sinh; nếu không có thì văn bản của người làm chứng",
                    "Giấy tờ tùy thân của người yêu cầu (hộ chiếu, thẻ căn cước)",
                ],
                1,
            )
        ],
    }


class Device(threading.Thread):
    def __init__(
        self, base: str, code: str, agency: str, stop: threading.Event, batch: int
    ) -> None:
        super().__init__(daemon=True)
        self.base, self.agency, self.stop, self.batch = base, agency, stop, batch
        self.s = requests.Session()
        self.s.headers.update({HEADER_PROTOCOL: str(PROTOCOL_VERSION), HEADER_APP_VERSION: "bench"})
        key = Ed25519PrivateKey.generate()
        pem = key.public_key().public_bytes(Encoding.PEM, PublicFormat.SubjectPublicKeyInfo)
        r = self.s.post(
            f"{base}/v1/devices/enroll",
            json={
                "code": code,
                "public_key": pem.decode(),
                "hostname": "bench",
                "app_version": "bench",
            },
            timeout=30,
        )
        r.raise_for_status()
        self.device_id, self.device_no = r.json()["device_id"], int(r.json()["device_no"])
        nonce = self.s.post(f"{base}/v1/auth/nonce", json={"device_id": self.device_id}, timeout=30)
        value = nonce.json()["nonce"]
        sig = base64.b64encode(key.sign(value.encode())).decode()
        tok = self.s.post(
            f"{base}/v1/auth/token",
            json={"device_id": self.device_id, "nonce": value, "signature": sig},
            timeout=30,
        )
        self.s.headers["Authorization"] = f"Bearer {tok.json()['token']}"
        self.seq = 0
        self.n = 0
        self.samples: list[tuple[float, float, int]] = []  # (finished at, seconds, mutations)
        self.errors = 0

    def mutation(self, op: str, entity_id: str, payload: dict[str, Any]) -> dict[str, Any]:
        self.seq += 1
        return {
            "device_seq": self.seq,
            "mutation_id": str(uuid.uuid4()),
            "entity_type": "dossier",
            "entity_id": entity_id,
            "op": op,
            "base_version": None,
            "payload": payload,
            "payload_schema": 1,
            "user_id": f"cb{self.device_no}",
            "device_time": "2026-11-25T09:30:00+07:00",
            "clock_offset_ms": 0,
            "blob_refs": [],
        }

    def next_batch(self) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        while len(out) < self.batch:
            if self.pending_transition is not None:
                out.append(self.pending_transition)
                self.pending_transition = None
                continue
            self.n += 1
            p = create_payload(self.agency, self.device_no, self.n)
            out.append(self.mutation("dossier.create", p["id"], p))
            t = {
                "from": "received",
                "to": "in_process",
                "reason": "",
                "event_id": str(uuid.uuid4()),
            }
            self.pending_transition = self.mutation("dossier.transition", p["id"], t)
        return out

    pending_transition: dict[str, Any] | None = None

    def run(self) -> None:
        while not self.stop.is_set() and self.n < 990:
            batch = self.next_batch()
            body, headers = encode_json({"device_id": self.device_id, "batch": batch})
            t0 = time.perf_counter()
            try:
                r = self.s.post(f"{self.base}/v1/sync/push", data=body, headers=headers, timeout=60)
                ok = r.status_code == 200 and len(r.json()["results"]) == len(batch)
            except requests.RequestException:
                ok = False
            t1 = time.perf_counter()
            if not ok:
                self.errors += 1
                continue
            self.samples.append((t1, t1 - t0, len(batch)))


def _proc_cpu(pid: int) -> float:
    """utime + stime of one process (seconds), 0 if it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _tree_cpu(pid: int) -> float:
    """CPU of a process and its live children (uvicorn workers)."""
    total = _proc_cpu(pid)
    try:
        kids = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        kids = []
    return total + sum(_tree_cpu(int(k)) for k in kids)


def _machine_cpu() -> float:
    """Busy CPU seconds of the whole machine (all but idle and iowait)."""
    values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    return (sum(values) - values[3] - values[4]) / os.sysconf("SC_CLK_TCK")


def _self_cpu() -> float:
    t = os.times()
    return t.user + t.system


Sample = tuple[float, float, int]


def _drive(
    base: str,
    enrolments: list[tuple[str, str]],
    batch: int,
    start_at: float | None,
    seconds: float,
) -> tuple[list[Sample], int, float, float]:
    """Enrol the desks, push for ``seconds``; (samples, errors, started at, ended at).

    ``start_at`` (a ``time.time()``) lines up the generator processes.
    """
    stop = threading.Event()
    devices = [Device(base, code, agency, stop, batch) for code, agency in enrolments]
    if start_at is not None:
        time.sleep(max(0.0, start_at - time.time()))
    t_start = time.perf_counter()
    for d in devices:
        d.start()
    time.sleep(seconds)  # the measured window (a benchmark, not a test)
    stop.set()
    for d in devices:
        d.join(60)
    t_end = time.perf_counter()
    samples = [s for d in devices for s in d.samples]
    return samples, sum(d.errors for d in devices), t_start, t_end


def _child(
    base: str,
    enrolments: list[tuple[str, str]],
    batch: int,
    start_at: float,
    seconds: float,
    out: Any,
) -> None:
    samples, errors, t_start, t_end = _drive(base, enrolments, batch, start_at, seconds)
    # perf_counter is not comparable across processes: send times relative to the start.
    rel = [(s[0] - t_start, s[1], s[2]) for s in samples]
    out.put((rel, errors, t_end - t_start, _self_cpu()))


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--devices", type=int, default=20)
    p.add_argument("--seconds", type=float, default=15.0)
    p.add_argument("--batch", type=int, default=1)
    p.add_argument("--workers", type=int, default=1, help="uvicorn worker processes")
    p.add_argument(
        "--push-threads",
        type=int,
        default=None,
        help="serve --push-threads (default: the server's)",
    )
    p.add_argument("--processes", type=int, default=1, help="load generator processes")
    args = p.parse_args()
    base_dsn = pg_dsn()
    proc = None
    with scratch_database(base_dsn, "bench_load") as url:
        try:
            with tempfile.TemporaryDirectory() as tmp:
                communes = [f"000.17.22.L{i:02d}" for i in range((args.devices + 8) // 9)]
                for c in communes:
                    create_agency(url, c, f"Xã tải {c}")
                base, proc = start_server(
                    url, Path(tmp) / "server", workers=args.workers, push_threads=args.push_threads
                )
                enrolments = [
                    (create_enrolment_code(url, communes[i // 9], f"PC {i}"), communes[i // 9])
                    for i in range(args.devices)
                ]
                cpu0 = (_tree_cpu(proc.pid), _self_cpu(), _machine_cpu())
                if args.processes <= 1:
                    samples_all, errors, t_start, t_end = _drive(
                        base, enrolments, args.batch, None, args.seconds
                    )
                    samples_all = [(s[0] - t_start, s[1], s[2]) for s in samples_all]
                    gen_children = 0.0
                    total_s = t_end - t_start
                else:
                    ctx = multiprocessing.get_context("spawn")
                    out = ctx.Queue()
                    start_at = time.time() + 3.0 + 0.5 * args.devices / args.processes
                    kids = [
                        ctx.Process(
                            target=_child,
                            args=(
                                base,
                                enrolments[k :: args.processes],
                                args.batch,
                                start_at,
                                args.seconds,
                                out,
                            ),
                        )
                        for k in range(args.processes)
                    ]
                    for k in kids:
                        k.start()
                    parts = [out.get(timeout=args.seconds + 300) for _ in kids]
                    for k in kids:
                        k.join(60)
                    samples_all = [s for part in parts for s in part[0]]
                    errors = sum(part[1] for part in parts)
                    total_s = max(part[2] for part in parts)
                    gen_children = sum(part[3] for part in parts)
                cpu1 = (_tree_cpu(proc.pid), _self_cpu(), _machine_cpu())
        finally:
            if proc is not None:
                stop_server(proc)
    samples = [s for s in samples_all if s[0] >= WARMUP_S]
    window = max(s[0] for s in samples) - WARMUP_S
    lat = sorted(s[1] for s in samples)
    rate = len(samples) / window
    muts = sum(s[2] for s in samples) / window
    p50 = statistics.median(lat) * 1000
    p99 = lat[min(len(lat) - 1, int(0.99 * len(lat)))] * 1000
    server_cpu = cpu1[0] - cpu0[0]
    gen_cpu = cpu1[1] - cpu0[1] + gen_children
    rest_cpu = max(0.0, cpu1[2] - cpu0[2] - server_cpu - gen_cpu)
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}"
    )
    workers = "one uvicorn process" if args.workers == 1 else f"{args.workers} uvicorn workers"
    print(
        f"server: {workers} on PostgreSQL ({make_url(base_dsn).host}:{make_url(base_dsn).port}); "
        f"{args.devices} devices in {len(communes)} communes, batch {args.batch}, "
        f"{args.seconds:.0f} s ({WARMUP_S:.0f} s warm-up excluded, {total_s:.1f} s total)"
    )
    print(
        f"config: --devices {args.devices} --seconds {args.seconds:g} --batch {args.batch} "
        f"--workers {args.workers} --processes {args.processes} "
        f"--push-threads {args.push_threads or 'default (4)'}"
    )
    print(f"pushes: {len(samples)} in {window:.1f} s, errors {errors}")
    print(f"pushes per second: {rate:.0f}   (target >= 200: {'met' if rate >= 200 else 'NOT met'})")
    print(f"mutations per second: {muts:.0f}")
    print(
        f"push latency: p50 {p50:.0f} ms, p99 {p99:.0f} ms   (target p99 <= 300 ms: {'met' if p99 <= 300 else 'NOT met'})"
    )
    per = 1000 / max(1, len(samples_all))  # CPU-s -> ms per push, over every push of the run
    cpus = os.cpu_count() or 1
    print(
        f"cpu over the run: server {server_cpu:.1f} s ({server_cpu * per:.1f} ms/push), "
        f"generator {gen_cpu:.1f} s ({gen_cpu * per:.1f} ms/push), "
        f"rest (PostgreSQL, other) {rest_cpu:.1f} s ({rest_cpu * per:.1f} ms/push)"
    )
    busy = server_cpu + gen_cpu + rest_cpu
    print(f"cpu busy: {busy:.1f} of {cpus * total_s:.0f} CPU-s available ({cpus} CPUs)")


if __name__ == "__main__":
    main()
