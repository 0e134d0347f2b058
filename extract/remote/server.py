"""``dckg serve``: a graph file served read-only as a SPARQL endpoint by the oxigraph server (a child
process, loaded into a temporary folder that is removed afterwards)."""

from __future__ import annotations

import ipaddress
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

import httpx

from ..errors import InputError
from ..processes import die_with_parent, temporary_folder
from ..rdf.io import read_lines
from .sparql import first_line, shorten

if TYPE_CHECKING:
    from .proxy import Proxy


def oxigraph_binary() -> str:
    """The ``oxigraph`` CLI of the PyPI package: beside this Python first (a venv not on PATH), then PATH."""
    here = Path(sys.executable).parent / "oxigraph"
    if here.is_file():
        return str(here)
    found = shutil.which("oxigraph")
    if found:
        return found
    raise InputError("the oxigraph server is not installed: pip install oxigraph")


def free_port(host: str = "127.0.0.1") -> int:
    """A port nobody listens on now (the OS picks it)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


def check_port_free(host: str, port: int) -> None:
    """Refuse a port another program listens on before anything is loaded or announced."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError as exc:
            raise _port_taken(host, port, exc) from None


def _port_taken(host: str, port: int, exc: OSError) -> InputError:
    """One message for a port we cannot listen on, whether found before loading or when the proxy binds."""
    return InputError(f"{_netloc(host, port)}: cannot listen there ({exc.strerror}); "
                      "another server may hold the port: try --port 0")


def _netloc(host: str, port: int) -> str:
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def load_folder(data: str | Path, location: Path, binary: str | None = None) -> int:
    """Load a graph file into a new oxigraph folder (default graph) with ``oxigraph load``; the triple count.

    The file is read with pyoxigraph first (every graph of a TriG or N-Quads file merged into the default
    graph), so a bad file fails with the same message as elsewhere.
    """
    lines = read_lines(Path(data))
    payload = ("\n".join(lines) + "\n").encode("utf-8")
    command = [binary or oxigraph_binary(), "load", "--location", str(location), "--format", "nt"]
    try:
        done = subprocess.run(command, input=payload, capture_output=True, timeout=600, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise InputError(f"oxigraph load failed ({shorten(str(exc))})") from None
    if done.returncode != 0:
        raise InputError(f"oxigraph load failed ({first_line(done.stderr) or f'exit {done.returncode}'})")
    return len(lines)


def wait_ready(process: subprocess.Popen[bytes], url: str, timeout: float = 30.0,
               log: Path | None = None) -> None:
    """Poll ``url`` until the server answers; InputError when it exits first or takes too long."""
    deadline = time.monotonic() + timeout
    while True:
        if process.poll() is not None:
            why = first_line(log.read_bytes()) if log is not None and log.exists() else ""
            raise InputError(f"the oxigraph server stopped at start ({why or f'exit {process.returncode}'})")
        try:
            if httpx.get(url, timeout=1.0).status_code < 500:
                return
        except httpx.HTTPError:
            pass
        if time.monotonic() > deadline:
            raise InputError(f"the oxigraph server did not answer at {url} within {timeout:g} s")
        time.sleep(0.05)


def stop(process: subprocess.Popen[bytes], grace: float = 5.0) -> None:
    """Terminate a server we started, by its own handle; kill it if it will not go."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(grace)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _sigterm(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def _start_child(binary: str, location: Path, child: tuple[str, int], query_timeout: float,
                 log: IO[bytes]) -> subprocess.Popen[bytes]:
    """The oxigraph server on its own loopback port, writing to ``log`` (read when it stops), and dying
    with this process so that it never outlives ``dckg serve``."""
    return subprocess.Popen(
        [binary, "serve-read-only", "--location", str(location), "--bind", _netloc(*child),
         "--timeout-s", f"{max(1, round(query_timeout))}"],
        stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
        preexec_fn=partial(die_with_parent, os.getpid()),
    )


def _catch_stop_signals() -> dict[int, Any]:
    """SIGTERM and SIGHUP act like Ctrl-C (stop the child, remove the folder); the handlers they replace,
    to put back. None are set off the main thread, where the caller handles signals."""
    previous: dict[int, Any] = {}
    for signum in (signal.SIGTERM, signal.SIGHUP):
        try:
            previous[signum] = signal.signal(signum, _sigterm)
        except ValueError:  # not the main thread: the caller handles signals
            break
    return previous


def _start_proxy(host: str, port: int, child: tuple[str, int], query_timeout: float,
                 allow_service: bool) -> Proxy:
    """The proxy clients talk to at ``host:port``, serving from a daemon thread; it is what bounds queries
    and refuses SERVICE, so it starts only once the child answers."""
    from .proxy import Proxy

    try:
        proxy = Proxy((host, port), child, query_timeout=query_timeout, allow_service=allow_service)
    except OSError as exc:
        raise _port_taken(host, port, exc) from None
    threading.Thread(target=proxy.serve_forever, kwargs={"poll_interval": 0.2}, daemon=True).start()
    return proxy


def _announce(echo: Callable[[str], None], host: str, port: int, triples: int, data: str | Path) -> None:
    """What the user needs once the endpoint answers: the URL, and a warning when others can reach it."""
    if not is_loopback(host):
        echo(f"warning: serving on {host}: anyone who can reach it can read the graph")
    echo(f"serving {triples} triples from {data} (read-only)")
    echo(f"SPARQL query endpoint: http://{_netloc(host, port)}/query")
    echo("stop with Ctrl-C")


def _shut_down(proxy: Proxy | None, process: subprocess.Popen[bytes], previous: dict[int, Any]) -> None:
    """Stop the proxy and the child, and put back the signal handlers, however serving ended."""
    if proxy is not None:
        proxy.shutdown()
        proxy.server_close()
    stop(process)
    for signum, handler in previous.items():
        signal.signal(signum, handler)


def serve_read_only(data: str | Path, host: str = "127.0.0.1", port: int = 7878,
                    echo: Callable[[str], None] = print, ready_timeout: float = 30.0,
                    query_timeout: float = 30.0, allow_service: bool = False) -> None:
    """Load ``data`` into a temporary oxigraph folder and run ``oxigraph serve-read-only`` on it until
    interrupted (Ctrl-C or SIGTERM); the folder is removed afterwards.

    The server runs as a child on a loopback port of its own, not through exec, so that the URL is printed
    only once it answers, and the temporary folder is always removed. Clients talk to a proxy in this
    process (:mod:`extract.remote.proxy`) at ``host:port``: it refuses SERVICE unless ``allow_service``
    and bounds every query at ``query_timeout`` (+ a margin).
    """
    binary = oxigraph_binary()
    if port == 0:
        port = free_port(host)
    check_port_free(host, port)
    with temporary_folder("dckg-oxigraph-") as tmp:
        location = Path(tmp) / "store"
        triples = load_folder(data, location, binary)
        log_path = Path(tmp) / "server.log"
        child = ("127.0.0.1", free_port("127.0.0.1"))
        proxy: Proxy | None = None
        with log_path.open("wb") as log:
            process = _start_child(binary, location, child, query_timeout, log)
            previous = _catch_stop_signals()
            try:
                wait_ready(process, f"http://{_netloc(*child)}/query?query=ASK%7B%7D", ready_timeout, log_path)
                proxy = _start_proxy(host, port, child, query_timeout, allow_service)
                _announce(echo, host, port, triples, data)
                process.wait()
                raise InputError(f"the oxigraph server stopped ({_last_line(log_path) or 'no message'})")
            except KeyboardInterrupt:
                pass
            finally:
                _shut_down(proxy, process, previous)


def _last_line(path: Path) -> str:
    lines = [line for line in path.read_text("utf-8", "replace").splitlines() if line.strip()]
    return shorten(lines[-1]) if lines else ""
