"""A fault-injecting TCP proxy for HTTP/1.1 on 127.0.0.1 (sync-protocol.md §4.2).

One proxy per desk, between the desk and the server. It runs an asyncio loop on its own thread
and is driven by plain methods. It understands just enough HTTP to know where
each request starts and ends (request line, headers, ``Content-Length``; the desk never
pipelines), so faults can target one endpoint:

- ``heal()`` / pass: forward everything.
- ``blackhole()``: accept and read, forward nothing; ``heal()`` later delivers what was held, as
  TCP retransmission would after a temporary outage. ``cut()``: reset every connection and
  refuse new ones (a cable pulled) until ``heal()``.
- ``rst_after(direction, nbytes, match=...)``: forward ``nbytes`` more bytes in ``"up"`` or
  ``"down"`` direction, then reset both sides (RST, SO_LINGER 0). One shot.
- ``truncate_response(match=...)``: forward the whole request, then reset the desk's
  connection on the first response byte: the server committed and the desk does not know
  (the #7477 duplicate generator). One shot per call (``times``).
- ``corrupt_blob_chunk(match=...)``: flip one body byte of the next matching ``PUT``.
- ``replay_last(k, match=...)``: send the last matching request's raw bytes ``k`` more times to
  the server on fresh connections; returns the raw responses.
- ``delay_ms``: every chunk is written no earlier than ``arrival + delay`` (a pipelined link:
  the latency source of bench/sync.py, whose namespace has tbf and loss but no netem).

Byte counters each way (``bytes_up``/``bytes_down``), fault ``events``, and a per-request log
(``requests()``: method, path, bytes up/down).
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
import struct
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

Match = Callable[["RequestInfo"], bool]

CHUNK = 65536


@dataclass
class RequestInfo:
    """One HTTP request seen by the proxy (and what came back until the next one)."""

    conn: int
    method: str = ""
    path: str = ""
    headers: dict[str, str] = field(default_factory=dict)
    up: int = 0  # request bytes forwarded (head + body)
    down: int = 0  # response bytes forwarded
    raw: bytes = b""  # the request as received (kept for replay)
    complete: bool = False
    started: float = 0.0
    first_byte: float | None = None
    last_byte: float | None = None  # the last response byte written to the desk


def match_path(prefix: str, method: str | None = None) -> Match:
    def pred(r: RequestInfo) -> bool:
        return r.path.startswith(prefix) and (method is None or r.method == method)

    return pred


def last_chunk(r: RequestInfo) -> bool:
    """A blob PUT whose Content-Range ends at the file's last byte."""
    cr = r.headers.get("content-range", "")
    if r.method != "PUT" or not cr.startswith("bytes "):
        return False
    span, _, total = cr[6:].partition("/")
    return total.isdigit() and span.partition("-")[2] == str(int(total) - 1)


def _any(_r: RequestInfo) -> bool:
    return True


@dataclass
class _Rule:
    kind: str  # rst | truncate | corrupt
    match: Match
    direction: str = "up"
    remaining: int = 0
    times: int = 1


class _Parser:
    """Splits the desk's byte stream into requests (no pipelining, Content-Length bodies)."""

    def __init__(self, proxy: FaultProxy, conn_id: int) -> None:
        self.proxy = proxy
        self.conn_id = conn_id
        self.head = b""
        self.body_left = 0
        self.body_pos = 0
        self.current: RequestInfo | None = None
        self.last_complete: RequestInfo | None = None
        self.corrupt_at: int | None = None

    def feed(self, data: bytes) -> bytes:
        """Returns the bytes to forward (possibly with one byte flipped)."""
        out = bytearray()
        i = 0
        while i < len(data):
            if self.current is None or self.current.complete:
                self.current = RequestInfo(conn=self.conn_id, started=time.monotonic())
                self.head = b""
                self.proxy._requests.append(self.current)
            r = self.current
            if not r.method:  # still reading the request head
                old = len(self.head)
                combined = self.head + data[i:]
                k = combined.find(b"\r\n\r\n")
                if k < 0:
                    self.head = combined
                    r.raw += data[i:]
                    out += data[i:]
                    break
                take = k + 4 - old
                self.head = combined[: k + 4]
                r.raw += data[i : i + take]
                out += data[i : i + take]
                i += take
                self._parse_head(r)
                if self.body_left == 0:
                    self._complete(r)
                continue
            take = min(self.body_left, len(data) - i)
            piece = bytearray(data[i : i + take])
            if (
                self.corrupt_at is not None
                and self.body_pos <= self.corrupt_at < self.body_pos + take
            ):
                piece[self.corrupt_at - self.body_pos] ^= 0xFF
                self.corrupt_at = None
                self.proxy.events.append("corrupted")
            r.raw += data[i : i + take]
            out += piece
            self.body_pos += take
            self.body_left -= take
            i += take
            if self.body_left == 0:
                self._complete(r)
        return bytes(out)

    def _parse_head(self, r: RequestInfo) -> None:
        lines = self.head.decode("latin-1").split("\r\n")
        parts = lines[0].split(" ")
        r.method, r.path = parts[0], parts[1] if len(parts) > 1 else ""
        for line in lines[1:]:
            if ":" in line:
                k, _, v = line.partition(":")
                r.headers[k.strip().lower()] = v.strip()
        self.body_left = int(r.headers.get("content-length", "0") or 0)
        self.body_pos = 0
        rule = self.proxy._take_rule("corrupt", r)
        if rule is not None and self.body_left > 0:
            self.corrupt_at = self.body_left // 2

    def _complete(self, r: RequestInfo) -> None:
        r.complete = True
        self.last_complete = r
        if self.proxy._take_rule("truncate", r) is not None:
            self.proxy._truncate_conns.add(self.conn_id)


def _rst(writer: asyncio.StreamWriter) -> None:
    """Close with RST instead of FIN."""
    sock = writer.get_extra_info("socket")
    if sock is not None:
        with contextlib.suppress(OSError):
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    writer.transport.abort()


class FaultProxy:
    def __init__(
        self,
        upstream_host: str,
        upstream_port: int,
        *,
        delay_ms: float = 0.0,
    ) -> None:
        self.upstream = (upstream_host, upstream_port)
        self.delay_ms = delay_ms
        self.mode = "pass"  # pass | blackhole | cut | portal
        self.bytes_up = 0
        self.bytes_down = 0
        self.connections = 0
        self.resets = 0
        self.events: list[str] = []
        self.held = 0  # bytes read while blackholed, not yet forwarded
        self._requests: list[RequestInfo] = []
        self._rules: list[_Rule] = []
        self._truncate_conns: set[int] = set()
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._server: asyncio.Server | None = None
        self._open: asyncio.Event | None = None
        self._writers: dict[int, tuple[asyncio.StreamWriter, asyncio.StreamWriter | None]] = {}
        self._tasks: set[asyncio.Task[Any]] = set()
        self.port = 0

    # --- life cycle ---------------------------------------------------------------------------

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> FaultProxy:
        ready = threading.Event()
        self._loop = asyncio.new_event_loop()

        def quiet(loop: asyncio.AbstractEventLoop, ctx: dict[str, Any]) -> None:
            # handlers cancelled by stop() are expected; anything else is reported
            if not isinstance(ctx.get("exception"), asyncio.CancelledError):
                loop.default_exception_handler(ctx)

        self._loop.set_exception_handler(quiet)

        def run() -> None:
            assert self._loop is not None
            asyncio.set_event_loop(self._loop)
            self._loop.run_until_complete(self._start())
            ready.set()
            self._loop.run_forever()

        self._thread = threading.Thread(target=run, name="faultproxy", daemon=True)
        self._thread.start()
        if not ready.wait(10):
            raise RuntimeError("fault proxy did not start")
        return self

    async def _start(self) -> None:
        self._open = asyncio.Event()
        self._open.set()
        self._server = await asyncio.start_server(self._handle, "127.0.0.1", 0)
        self.port = self._server.sockets[0].getsockname()[1]

    def stop(self) -> None:
        loop = self._loop
        if loop is None:
            return
        fut = asyncio.run_coroutine_threadsafe(self._stop(), loop)
        fut.result(10)
        loop.call_soon_threadsafe(loop.stop)
        assert self._thread is not None
        self._thread.join(10)
        loop.close()
        self._loop = None

    async def _stop(self) -> None:
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()
        self._abort_all()
        for t in list(self._tasks):
            t.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)

    def __enter__(self) -> FaultProxy:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _call(self, fn: Callable[[], None]) -> None:
        """Run ``fn`` on the proxy's loop and wait for it."""
        loop = self._loop
        if loop is None:
            fn()
            return
        done = threading.Event()

        def wrapped() -> None:
            try:
                fn()
            finally:
                done.set()

        loop.call_soon_threadsafe(wrapped)
        done.wait(10)

    # --- faults (any thread) ------------------------------------------------------------------

    def heal(self) -> None:
        """Back to pass: forward everything (held bytes of a blackhole are delivered now)."""

        def do() -> None:
            self.mode = "pass"
            assert self._open is not None
            self._open.set()

        self._call(do)

    def blackhole(self) -> None:
        def do() -> None:
            self.mode = "blackhole"
            assert self._open is not None
            self._open.clear()

        self._call(do)

    def portal(self) -> None:
        """Answer every new request with a 200 HTML login page (a captive portal)."""

        def do() -> None:
            self.mode = "portal"
            assert self._open is not None
            self._open.set()
            self._abort_all()

        self._call(do)

    async def _portal(self, r: asyncio.StreamReader, w: asyncio.StreamWriter) -> None:
        page = b"<html><body>Dang nhap Wi-Fi xa</body></html>"
        try:
            head = await r.readuntil(b"\r\n\r\n")
            for line in head.decode("latin-1").split("\r\n"):
                if line.lower().startswith("content-length:"):
                    await r.readexactly(int(line.split(":", 1)[1]))
            w.write(
                b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nConnection: close\r\n"
                + f"Content-Length: {len(page)}\r\n\r\n".encode()
                + page
            )
            await w.drain()
            self.events.append("portal")
        except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, OSError):
            pass
        finally:
            w.close()
            with contextlib.suppress(Exception):
                await w.wait_closed()

    def cut(self) -> None:
        """Reset every open connection and refuse new ones until :meth:`heal`."""

        def do() -> None:
            self.mode = "cut"
            assert self._open is not None
            self._open.set()
            self._abort_all()

        self._call(do)

    def rst_after(self, direction: str, nbytes: int, match: Match = _any) -> None:
        assert direction in ("up", "down")
        self._add(_Rule("rst", match, direction=direction, remaining=nbytes))

    def truncate_response(self, match: Match = _any, times: int = 1) -> None:
        self._add(_Rule("truncate", match, times=times))

    def corrupt_blob_chunk(self, match: Match | None = None) -> None:
        self._add(_Rule("corrupt", match or match_path("/v1/blobs/", "PUT")))

    def clear_rules(self) -> None:
        with self._lock:
            self._rules.clear()
            self._truncate_conns.clear()

    def _add(self, rule: _Rule) -> None:
        with self._lock:
            self._rules.append(rule)

    def _take_rule(self, kind: str, r: RequestInfo) -> _Rule | None:
        with self._lock:
            for rule in self._rules:
                if rule.kind == kind and rule.match(r):
                    rule.times -= 1
                    if rule.times <= 0:
                        self._rules.remove(rule)
                    return rule
        return None

    # --- observation --------------------------------------------------------------------------

    def requests(self, match: Match = _any) -> list[RequestInfo]:
        with self._lock:
            return [r for r in self._requests if r.method and match(r)]

    def reset_counters(self) -> None:
        with self._lock:
            self.bytes_up = self.bytes_down = 0
            self._requests = []
            self.events = []

    def replay_last(self, k: int, match: Match = _any, timeout: float = 30.0) -> list[bytes]:
        """Send the last complete matching request ``k`` times on fresh connections.

        Each copy is sent with ``Connection: close`` and read to EOF; returns the raw
        responses (status line, headers, body).
        """
        found = [r for r in self.requests(match) if r.complete]
        if not found:
            raise AssertionError("no request to replay")
        raw = found[-1].raw
        head, sep, body = raw.partition(b"\r\n\r\n")
        lines = [ln for ln in head.split(b"\r\n") if not ln.lower().startswith(b"connection:")]
        request = b"\r\n".join([*lines, b"Connection: close"]) + sep + body
        out = []
        for _ in range(k):
            with socket.create_connection(self.upstream, timeout=timeout) as s:
                s.sendall(request)
                chunks = []
                while True:
                    data = s.recv(CHUNK)
                    if not data:
                        break
                    chunks.append(data)
            out.append(b"".join(chunks))
        return out

    # --- the data path ------------------------------------------------------------------------

    def _abort_all(self) -> None:
        for client_w, up_w in list(self._writers.values()):
            _rst(client_w)
            if up_w is not None:
                _rst(up_w)
        self._writers.clear()

    async def _handle(self, client_r: asyncio.StreamReader, client_w: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._tasks.add(task)
        self.connections += 1
        conn_id = self.connections
        try:
            if self.mode == "cut":
                self.resets += 1
                _rst(client_w)
                return
            if self.mode == "portal":
                await self._portal(client_r, client_w)
                return
            try:
                up_r, up_w = await asyncio.open_connection(*self.upstream)
            except OSError:
                _rst(client_w)
                return
            self._writers[conn_id] = (client_w, up_w)
            parser = _Parser(self, conn_id)
            pumps = [
                asyncio.create_task(self._pump(client_r, up_w, "up", conn_id, parser, client_w)),
                asyncio.create_task(self._pump(up_r, client_w, "down", conn_id, parser, up_w)),
            ]
            done, pending = await asyncio.wait(pumps, return_when=asyncio.FIRST_COMPLETED)
            # One side finished (a half-close): the other keeps going until it ends too, as
            # TCP would (a bare transfer's answer comes after the sender's FIN); a reset or
            # stop() ends both.
            for t in pending:
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    await t
            for t in [*done, *pending]:
                if not t.done():
                    t.cancel()
            for t in pumps:
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    await t
            for w in (client_w, up_w):
                if not w.transport.is_closing():
                    w.close()
                with contextlib.suppress(Exception):
                    await w.wait_closed()
        finally:
            self._writers.pop(conn_id, None)
            self._tasks.discard(task)

    def _rst_conn(self, conn_id: int, a: asyncio.StreamWriter, b: asyncio.StreamWriter) -> None:
        self.resets += 1
        _rst(a)
        _rst(b)
        self._writers.pop(conn_id, None)

    async def _pump(
        self,
        reader: asyncio.StreamReader,
        writer: asyncio.StreamWriter,
        direction: str,
        conn_id: int,
        parser: _Parser,
        other: asyncio.StreamWriter,
    ) -> None:
        """Read, delay, hold while blackholed, inject faults, write."""
        queue: asyncio.Queue[tuple[float, bytes] | None] = asyncio.Queue()

        async def read() -> None:
            try:
                while True:
                    data = await reader.read(CHUNK)
                    if not data:
                        break
                    if direction == "up":
                        data = parser.feed(data)
                    await queue.put((time.monotonic(), data))
            except (ConnectionError, OSError):
                pass
            finally:
                await queue.put(None)

        reading = asyncio.create_task(read())
        try:
            while True:
                item = await queue.get()
                if item is None:
                    if not writer.transport.is_closing() and writer.can_write_eof():
                        with contextlib.suppress(OSError, RuntimeError):
                            writer.write_eof()
                    return
                arrived, data = item
                assert self._open is not None
                if not self._open.is_set():
                    self.held += len(data)
                    await self._open.wait()
                    self.held -= len(data)
                if self.mode == "cut":
                    return
                wait = arrived + self.delay_ms / 1000 - time.monotonic()
                if wait > 0:
                    await asyncio.sleep(wait)
                if direction == "down" and conn_id in self._truncate_conns:
                    self._truncate_conns.discard(conn_id)
                    self.events.append("truncated")
                    self._rst_conn(conn_id, writer, other)
                    return
                rule = self._rst_rule(direction, parser)
                if rule is not None:
                    if len(data) >= rule.remaining:
                        head = data[: rule.remaining]
                        if head:
                            writer.write(head)
                            self._count(direction, len(head), parser)
                        with self._lock:
                            if rule in self._rules:
                                self._rules.remove(rule)
                        self.events.append(f"rst_{direction}")
                        self._rst_conn(conn_id, writer, other)
                        return
                    rule.remaining -= len(data)
                writer.write(data)
                self._count(direction, len(data), parser)
                await writer.drain()
        except (ConnectionError, OSError):
            return
        finally:
            reading.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await reading

    def _rst_rule(self, direction: str, parser: _Parser) -> _Rule | None:
        r = parser.current if direction == "up" else parser.last_complete
        with self._lock:
            for rule in self._rules:
                if (
                    rule.kind == "rst"
                    and rule.direction == direction
                    and r is not None
                    and rule.match(r)
                ):
                    return rule
        return None

    def _count(self, direction: str, n: int, parser: _Parser) -> None:
        with self._lock:
            if direction == "up":
                self.bytes_up += n
                if parser.current is not None:
                    parser.current.up += n
            else:
                self.bytes_down += n
                r = parser.last_complete
                if r is not None:
                    now = time.monotonic()
                    if r.first_byte is None:
                        r.first_byte = now
                    r.last_byte = now
                    r.down += n
