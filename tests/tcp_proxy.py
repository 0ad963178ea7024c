"""A TCP proxy the hub's fault tests put between one desk and the hub, to cut that desk off the
LAN without touching the server (import as `from tcp_proxy import TcpProxy`). No Qt.

It forwards every connection it accepts to the hub, and the test may at any moment:

- `drop()`: close every connection it carries and close each new one at once (a cable pulled, a
  switch port reset: the desk's side sees the connection end);
- `stall()`: keep the connections open but forward nothing either way, new ones included (a
  link that silently loses every packet: the desk's side sees no answer, no error);
- `forward()`: carry bytes again; connections that were stalled go on where they stopped, as TCP
  does when a link comes back before its timeouts.

One thread accepts, two threads pump each connection (one per direction); a pump reads a chunk
and, while the link is stalled, holds it unsent and reads no more, so the sender's kernel buffers
fill as they would on a dead link.
"""

from __future__ import annotations

import contextlib
import socket
import threading
from types import TracebackType

FORWARDING, STALLED, DROPPED = "forwarding", "stalled", "dropped"


class TcpProxy:
    def __init__(self, target_port: int, target_host: str = "127.0.0.1") -> None:
        self.target = (target_host, target_port)
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = int(self._listener.getsockname()[1])
        self._state = FORWARDING
        self._changed = threading.Condition()
        self._open: set[socket.socket] = set()  # every socket of every live connection
        self._closed = False
        threading.Thread(target=self._accept, name="proxy-accept", daemon=True).start()

    @property
    def state(self) -> str:
        return self._state

    def forward(self) -> None:
        self._set(FORWARDING)

    def stall(self) -> None:
        self._set(STALLED)

    def drop(self) -> None:
        self._set(DROPPED)
        with self._changed:
            live = list(self._open)
        for sock in live:
            _cut(sock)

    def close(self) -> None:
        self._closed = True
        self.drop()
        _cut(self._listener)

    def __enter__(self) -> TcpProxy:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.close()

    def _set(self, state: str) -> None:
        with self._changed:
            self._state = state
            self._changed.notify_all()

    def _accept(self) -> None:
        while not self._closed:
            try:
                client, _address = self._listener.accept()
            except OSError:
                return  # the proxy was closed
            if self._state == DROPPED:
                _cut(client)
                continue
            try:
                upstream = socket.create_connection(self.target, timeout=10)
                upstream.settimeout(None)
            except OSError:  # the hub itself is down: the desk sees its connection end, as it would
                _cut(client)
                continue
            for sock in (client, upstream):  # bytes go on as they come, as on a LAN (no Nagle wait)
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            with self._changed:
                self._open.update((client, upstream))
            for source, target in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(source, target), name="proxy-pump", daemon=True).start()

    def _pump(self, source: socket.socket, target: socket.socket) -> None:
        try:
            while True:
                data = source.recv(65536)
                if not data:
                    break
                with self._changed:  # a stalled link holds what it read, and reads no more
                    self._changed.wait_for(lambda: self._state != STALLED)
                    if self._state == DROPPED:
                        break
                target.sendall(data)
        except OSError:
            pass
        finally:
            with self._changed:
                self._open.difference_update((source, target))
            _cut(source)
            _cut(target)


def _cut(sock: socket.socket) -> None:
    """Close a socket another thread may be blocked on (shutdown wakes a blocked recv; close alone
    does not)."""
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)
    sock.close()
