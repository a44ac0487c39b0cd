"""Sync over a shaped link: wire bytes, drain time, scan goodput, bytes re-sent after a cut.

Run as root from the repo root: ``.venv/bin/python bench/sync.py [--dossiers 200]``.
Without root (or without ``ip netns``/``tc``/``iptables``) it prints why and exits 0.

Topology (dev-environment.md §10; everything is created here and deleted at the end):

    netns motcua-d-<pid>                               netns motcua-s-<pid>
    desk (app.sync_service.run_once, in process)       motcua-server serve (SQLite, 10.77.x.2)
      -> fault proxy on 127.0.0.1 (+150 ms each way)    TCP sink (the bare-TCP reference)
      -> veth 10.77.x.1 ==== tbf 256 kbit, 5 % random drop (iptables statistic), both ways ==== veth

The shaping is on the veth pair, so each byte crosses the slow link once; the proxy adds the
latency (the kernel has no netem): 300 ms round trip. Figures (targets from the issue and
sync-protocol.md §4.4, printed as met / not met, never asserted):

1. Bytes on the wire per dossier's metadata: HTTP bytes (headers included, TCP/IP and TLS
   excluded) of the push requests and responses while N queued dossiers drain, divided by N.
   Issue target <= 1.5 KB; T2 (same measure) <= 2 KB. Also all of the drain's traffic per dossier
   (health, token, the pull that brings the dossiers back).
2. T5: drain time of N queued dossiers' metadata (first request to last response). Target <= 30 s.
3. Scan goodput: a scan of --blob-kib KiB uploaded by the blob lane vs a bare TCP transfer of the
   same bytes through the same proxy and link in the same run. Target ratio >= 0.9.
4. Bytes re-sent after a cut: the link is reset in the middle of an upload (60 % of the file);
   chunk body bytes sent in total minus the file size. Target <= one chunk (256 KiB).
"""

import sys
from pathlib import Path

_HERE = Path(__file__).resolve().parent
_ROOT = _HERE.parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE]
sys.path.insert(0, str(_ROOT))

import argparse  # noqa: E402
import contextlib  # noqa: E402
import io  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import platform  # noqa: E402
import shutil  # noqa: E402
import socket  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
import urllib.request  # noqa: E402

SINK = """
import socket, sys
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind((sys.argv[1], int(sys.argv[2]))); s.listen(4)
while True:
    c, _ = s.accept(); n = 0
    while True:
        d = c.recv(65536)
        if not d: break
        n += len(d)
    c.sendall(f"{n}\\n".encode()); c.close()
"""
AGENCY = "000.17.22.H56"
SERVER_PORT = 8470
SINK_PORT = 8471


def sh(*cmd: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cmd, capture_output=True, text=True, check=check)


# --- the outer process: namespaces, shaping, server, cleanup --------------------------------------


def outer(args: argparse.Namespace) -> int:
    if os.geteuid() != 0:
        print("bench/sync.py skipped: needs root (ip netns, tc, iptables)")
        return 0
    missing = [t for t in ("ip", "tc", "iptables") if shutil.which(t) is None]
    if missing:
        print(f"bench/sync.py skipped: missing {', '.join(missing)} (apt-get install iptables)")
        return 0
    pid = os.getpid()
    nsd, nss = f"motcua-d-{pid}", f"motcua-s-{pid}"
    net = f"10.77.{pid % 250}"
    vd, vs = f"mcd{pid % 100000}", f"mcs{pid % 100000}"
    procs: list[subprocess.Popen[bytes]] = []
    tmp = Path(tempfile.mkdtemp(prefix="bench-sync-"))
    try:
        try:
            sh("ip", "netns", "add", nsd)
            sh("ip", "netns", "add", nss)
        except subprocess.CalledProcessError as exc:
            print(f"bench/sync.py skipped: ip netns failed: {exc.stderr.strip()}")
            return 0
        sh("ip", "link", "add", vd, "type", "veth", "peer", "name", vs)
        sh("ip", "link", "set", vd, "netns", nsd)
        sh("ip", "link", "set", vs, "netns", nss)
        for ns, dev, addr in ((nsd, vd, f"{net}.1"), (nss, vs, f"{net}.2")):
            sh("ip", "-n", ns, "link", "set", "lo", "up")
            sh("ip", "-n", ns, "addr", "add", f"{addr}/24", "dev", dev)
            sh("ip", "-n", ns, "link", "set", dev, "mtu", "1500", "up")
            sh("tc", "-n", ns, "qdisc", "replace", "dev", dev, "root", "tbf", "rate",
               f"{args.rate_kbit}kbit", "burst", "16kb", "latency", "400ms")  # fmt: skip
            sh("ip", "netns", "exec", ns, "iptables", "-A", "INPUT", "-i", dev, "-p", "tcp", "-m",
               "statistic", "--mode", "random", "--probability", str(args.loss), "-j", "DROP")  # fmt: skip
        db_url = f"sqlite:///{tmp / 'server.sqlite3'}"
        server_dir = tmp / "server"
        log = (tmp / "server.log").open("wb")
        procs.append(
            subprocess.Popen(
                [
                    "ip",
                    "netns",
                    "exec",
                    nss,
                    sys.executable,
                    "-m",
                    "server.cli",
                    "serve",
                    "--host",
                    f"{net}.2",
                    "--port",
                    str(SERVER_PORT),
                    "--db",
                    db_url,
                    "--data-dir",
                    str(server_dir),
                    "--log-level",
                    "warning",
                ],
                cwd=_ROOT,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        )
        procs.append(
            subprocess.Popen(
                ["ip", "netns", "exec", nss, sys.executable, "-c", SINK, f"{net}.2", str(SINK_PORT)]
            )
        )
        inner_cmd = [
            "ip", "netns", "exec", nsd, sys.executable, str(Path(__file__).resolve()), "--inner",
            "--server", f"http://{net}.2:{SERVER_PORT}", "--sink", f"{net}.2:{SINK_PORT}",
            "--db", db_url, "--tmp", str(tmp), "--dossiers", str(args.dossiers),
            "--blob-kib", str(args.blob_kib), "--delay-ms", str(args.delay_ms),
            "--rate-kbit", str(args.rate_kbit), "--loss", str(args.loss),
        ]  # fmt: skip
        return subprocess.run(inner_cmd, cwd=_ROOT, check=False).returncode
    finally:
        for p in procs:
            p.terminate()
            try:
                p.wait(10)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()
        for ns in (nsd, nss):  # anything still running in them was started here
            for line in sh("ip", "netns", "pids", ns, check=False).stdout.split():
                with contextlib.suppress(ProcessLookupError, ValueError):
                    os.kill(int(line), 9)
            sh("ip", "netns", "del", ns, check=False)
        shutil.rmtree(tmp, ignore_errors=True)


# --- the inner process (in the desk's namespace) ----------------------------------------------


def inner(args: argparse.Namespace) -> int:
    from app.attachments import attach_pdf
    from app.cli import main as cli_main
    from app.datadir import open_data_dir
    from app.intake import parse_intake, receive_dossier
    from app.sync_service import enrol, run_once
    from server.testing import create_agency, create_enrolment_code
    from sync.wire import CHUNK_SIZE, SERVICE_MARKER
    from tests.synckit.cluster import FIXED_NOW, fake_pdf
    from tests.synckit.faultproxy import FaultProxy, match_path

    tmp = Path(args.tmp)
    host, _, port = args.server.rpartition(":")
    host = host.removeprefix("http://")
    deadline = time.monotonic() + 90
    while True:  # the server answers through the shaped link
        try:
            with urllib.request.urlopen(f"{args.server}/v1/health", timeout=10) as r:
                if json.loads(r.read()).get("service") == SERVICE_MARKER:
                    break
        except (OSError, ValueError):
            if time.monotonic() > deadline:
                print("server did not come up; see", tmp / "server.log")
                return 1
            time.sleep(0.5)
    create_agency(args.db, AGENCY, "Xã Pà Cò")
    proxy = FaultProxy(host, int(port), delay_ms=args.delay_ms).start()
    data = tmp / "desk"
    with contextlib.redirect_stdout(io.StringIO()):
        cli_main(["init", "--data-dir", str(data), "--agency-code", AGENCY, "--commune-name",
                  "Xã Pà Cò", "--device-no", "1", "--province", "Phú Thọ"])  # fmt: skip
    store = open_data_dir(data)
    out: list[str] = []
    try:
        enrol(store, proxy.url, create_enrolment_code(args.db, AGENCY, "bench"), "bench")
        first = run_once(store, data)  # token, empty feeds
        assert first.ok, first.detail

        def clock() -> object:  # the intake's clock: the dossiers' day
            return FIXED_NOW

        for i in range(args.dossiers):
            req = parse_intake(
                {
                    "procedure": "1.001193",
                    "received_at": "2026-11-25 09:15",
                    "channel": "direct",
                    "applicant": {
                        "name": f"Nguyễn Thị Ánh Tuyết {i}",
                        "id_number": f"001187{i:06d}",
                        "phone": "0912345678",
                        "address": "Thôn Đông Hưng, xã Pà Cò, tỉnh Phú Thọ",
                    },
                    "documents": [],
                }
            )
            receive_dossier(store, req, actor="cb.tuyet", clock=clock)

        # 1 + 2: drain N queued dossiers' metadata
        proxy.reset_counters()
        cycles = 0
        while True:
            cycles += 1
            report = run_once(store, data)
            if report.ok and report.pending_after == 0:
                break
            if cycles > 30:
                raise RuntimeError(f"no drain: {report.outcome} {report.detail}")
        reqs = proxy.requests()
        drain_s = max(r.last_byte or r.started for r in reqs) - min(r.started for r in reqs)
        push = proxy.requests(match_path("/v1/sync/push"))
        push_bytes = sum(r.up + r.down for r in push)
        pull_bytes = sum(r.up + r.down for r in proxy.requests(match_path("/v1/sync/pull")))
        all_bytes = proxy.bytes_up + proxy.bytes_down
        per = push_bytes / args.dossiers
        out.append(f"link: tbf {args.rate_kbit} kbit/s each way, {args.loss:.0%} random drop each "
                   f"way (iptables statistic), +{args.delay_ms:.0f} ms each way from the proxy "
                   f"({2 * args.delay_ms:.0f} ms RTT)")  # fmt: skip
        out.append(f"drain of {args.dossiers} dossiers: {cycles} cycle(s), {len(push)} push "
                   f"requests, {len(reqs)} requests in all")  # fmt: skip
        out.append(f"bytes on the wire per dossier's metadata (push request + response, headers "
                   f"included): {per:.0f} B   (issue target <= 1536 B: "
                   f"{'met' if per <= 1536 else 'NOT met'}; T2 <= 2048 B: "
                   f"{'met' if per <= 2048 else 'NOT met'})")  # fmt: skip
        out.append(f"  all traffic of the drain per dossier (health, token, pull back): "
                   f"{all_bytes / args.dossiers:.0f} B")  # fmt: skip
        out.append(f"  of which the pull that brings each dossier back: "
                   f"{pull_bytes / args.dossiers:.0f} B per dossier")  # fmt: skip
        out.append(f"T5 drain time of {args.dossiers} dossiers' metadata: {drain_s:.1f} s   "
                   f"(target <= 30 s: {'met' if drain_s <= 30 else 'NOT met'})")  # fmt: skip

        # 3: scan goodput vs bare TCP
        size = args.blob_kib * 1024
        code = store_code(store)
        doc_id = first_line(store, code)
        attach_pdf(store, code, doc_id, fake_pdf(size, 1), 1, "text", actor="cb", clock=clock)
        proxy.reset_counters()
        for _ in range(10):
            report = run_once(store, data)
            if report.ok and report.blobs_pending_after == 0:
                break
        puts = proxy.requests(match_path("/v1/blobs/", "PUT"))
        blob_s = max(r.last_byte or r.started for r in puts) - min(r.started for r in puts)
        sink_host, _, sink_port = args.sink.rpartition(":")
        bare = FaultProxy(sink_host, int(sink_port), delay_ms=args.delay_ms).start()
        try:
            payload = fake_pdf(size, 1)
            t0 = time.monotonic()
            with socket.create_connection(("127.0.0.1", bare.port), timeout=300) as s:
                s.sendall(payload)
                s.shutdown(socket.SHUT_WR)
                got = s.recv(100)
            bare_s = time.monotonic() - t0
            assert int(got) == len(payload), got
        finally:
            bare.stop()
        ratio = bare_s / blob_s
        out.append(f"scan of {args.blob_kib} KiB: blob lane {blob_s:.1f} s "
                   f"({size * 8 / blob_s / 1000:.0f} kbit/s), bare TCP {bare_s:.1f} s "
                   f"({size * 8 / bare_s / 1000:.0f} kbit/s)")  # fmt: skip
        out.append(f"scan goodput as a ratio of bare TCP: {ratio:.2f}   (target >= 0.9: "
                   f"{'met' if ratio >= 0.9 else 'NOT met'})")  # fmt: skip

        # 4: bytes re-sent after a cut
        code2 = store_code(store, skip=1)
        attach_pdf(store, code2, first_line(store, code2), fake_pdf(size, 2), 1, "text",
                   actor="cb", clock=clock)  # fmt: skip
        proxy.reset_counters()
        put = match_path("/v1/blobs/", "PUT")
        proxy.rst_after("up", int(size * 0.6), put)
        cut = run_once(store, data)
        for _ in range(10):
            report = run_once(store, data)
            if report.ok and report.blobs_pending_after == 0:
                break
        body = 0
        for r in proxy.requests(put):
            head = r.raw.find(b"\r\n\r\n") + 4
            body += max(0, r.up - head)
        resent = body - size
        out.append(f"cut in the middle of a {args.blob_kib} KiB upload ({cut.outcome}): "
                   f"{resent} B re-sent   (target <= {CHUNK_SIZE} B: "
                   f"{'met' if resent <= CHUNK_SIZE else 'NOT met'})")  # fmt: skip
    finally:
        store.dispose()
        proxy.stop()
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}"
    )
    print("\n".join(out))
    return 0


def store_code(store: object, skip: int = 0) -> str:
    from sqlalchemy import select

    from db.models import Dossier

    with store.read() as s:  # type: ignore[attr-defined]
        return list(s.scalars(select(Dossier.code).order_by(Dossier.code)))[skip]


def first_line(store: object, code: str) -> str:
    from sqlalchemy import select

    from db.models import Dossier, DossierDocument

    with store.read() as s:  # type: ignore[attr-defined]
        return str(
            s.scalars(
                select(DossierDocument.id)
                .join(Dossier, Dossier.id == DossierDocument.dossier_id)
                .where(Dossier.code == code)
                .order_by(DossierDocument.position)
            ).first()
        )


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--dossiers", type=int, default=200)
    p.add_argument("--blob-kib", type=int, default=1024)
    p.add_argument("--delay-ms", type=float, default=150.0, help="added each way by the proxy")
    p.add_argument("--rate-kbit", type=int, default=256)
    p.add_argument("--loss", type=float, default=0.05)
    p.add_argument("--inner", action="store_true", help=argparse.SUPPRESS)
    p.add_argument("--server", help=argparse.SUPPRESS)
    p.add_argument("--sink", help=argparse.SUPPRESS)
    p.add_argument("--db", help=argparse.SUPPRESS)
    p.add_argument("--tmp", help=argparse.SUPPRESS)
    args = p.parse_args()
    return inner(args) if args.inner else outer(args)


if __name__ == "__main__":
    sys.exit(main())
