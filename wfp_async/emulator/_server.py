"""Serving an emulator over real HTTP with uvicorn: in a background thread, or in the foreground (CLI).

The listening socket is bound here (so ``port=0`` yields the real port before the server starts), and
the server stops on SIGINT/SIGTERM with exit status 0 instead of re-raising the signal.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import socket
import sys
import threading
import time
from collections.abc import Iterator
from types import FrameType

import uvicorn
from starlette.types import ASGIApp

PREFIX = "/client/v4"


class Server(uvicorn.Server):
    """uvicorn.Server that exits cleanly on SIGINT/SIGTERM (the signal is not re-raised afterwards)."""

    def handle_exit(self, sig: int, frame: FrameType | None) -> None:
        if self.should_exit and sig == signal.SIGINT:
            self.force_exit = True
        else:
            self.should_exit = True


class _QuietDrops(logging.Filter):
    """Hides uvicorn's error line for a connection the emulator dropped on purpose."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "without completing response" not in record.getMessage()


_QUIET = _QuietDrops()


def make_server(app: ASGIApp, log_level: str = "warning") -> Server:
    """A uvicorn server for ``app`` (no lifespan, no websockets, no access log)."""
    logging.getLogger("uvicorn.error").addFilter(_QUIET)
    config = uvicorn.Config(app, lifespan="off", ws="none", log_level=log_level, access_log=False)
    return Server(config)


@contextlib.contextmanager
def bound_socket(host: str, port: int) -> Iterator[socket.socket]:
    """A TCP socket bound to (host, port), closed on exit."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # proto=IPPROTO_TCP matters: asyncio sets TCP_NODELAY on accepted sockets only when it is explicit,
    # and without it every keep-alive answer waits ~40 ms for a delayed ACK.
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        yield sock
    finally:
        sock.close()


def base_url(sock: socket.socket) -> str:
    """``http://HOST:PORT/client/v4`` for a bound socket."""
    host, port = sock.getsockname()[:2]
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}{PREFIX}"


@contextlib.contextmanager
def serve_in_thread(app: ASGIApp, host: str = "127.0.0.1", port: int = 0) -> Iterator[str]:
    """Run ``app`` with uvicorn in a daemon thread; yields the base URL; stops and joins on exit."""
    with bound_socket(host, port) as sock:
        server = make_server(app)
        thread = threading.Thread(
            target=server.run, kwargs={"sockets": [sock]}, name="wfp-emulator", daemon=True
        )
        thread.start()
        try:
            while not server.started:
                if not thread.is_alive():
                    raise RuntimeError("the emulator server failed to start")
                time.sleep(0.005)
            yield base_url(sock)
        finally:
            server.should_exit = True
            thread.join()


def serve_forever(app: ASGIApp, host: str, port: int, ready_line: str, log_level: str = "warning") -> int:
    """Serve in the foreground; print ``ready_line`` (``{url}`` filled in) once listening.

    Returns 0 after a clean stop (SIGINT or SIGTERM).
    """

    async def main(server: Server, sock: socket.socket) -> int:
        task = asyncio.create_task(server.serve(sockets=[sock]))
        while not server.started:
            if task.done():
                await task
                return 1
            await asyncio.sleep(0.005)
        print(ready_line.format(url=base_url(sock)), flush=True)
        await task
        return 0

    with bound_socket(host, port) as sock:
        server = make_server(app, log_level)
        try:
            return asyncio.run(main(server, sock))
        except KeyboardInterrupt:
            return 0
        finally:
            sys.stdout.flush()
