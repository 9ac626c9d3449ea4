"""Start a Streamlit app as a subprocess on a free local port; shared by tests and benchmarks.

    server = start_streamlit("app.py")
    ... server.url ...
    server.stop()

or as a context manager: ``with start_streamlit("app.py") as server: ...``. Likewise
``start_replicas(2)``: ``deploy/serve.sh 2``, two replicas behind HAProxy, on loopback ports.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
START_TIMEOUT = 60.0  # seconds; a cold start on 2 busy cores can take 10+ s


def free_port() -> int:
    """A TCP port nobody listens on right now (the OS picks it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class _Logged:
    """A started process with its output in ``log_path`` (``_log`` open while it runs);
    ``stop`` ends it, and the ``with`` block stops it."""

    def log(self) -> str:
        """Everything the process printed (stdout and stderr) so far."""
        try:
            return self.log_path.read_text(errors="replace")
        except OSError:
            return ""

    def _close_log(self) -> None:
        if self._log is not None:
            self._log.close()
            self._log = None
            self.log_path.unlink(missing_ok=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


@dataclass
class StreamlitServer(_Logged):
    url: str
    port: int
    proc: subprocess.Popen
    log_path: Path
    started_in: float = 0.0  # seconds from spawn to a healthy /_stcore/health
    _log: object = field(default=None, repr=False)

    def stop(self, timeout: float = 10.0) -> None:
        """Terminate the server's whole process group; kill it if it does not go."""
        if self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                try:
                    os.killpg(self.proc.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                self.proc.wait(timeout)
        self._close_log()


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
            return r.status == 200 and r.read().strip() == b"ok"
    except (urllib.error.URLError, OSError):
        return False


def start_streamlit(app_path: str | os.PathLike, port: int | None = None,
                    env: dict[str, str] | None = None, timeout: float = START_TIMEOUT,
                    extra_args: tuple[str, ...] = ()) -> StreamlitServer:
    """Run ``python -m streamlit run app_path`` from the repo root; return once it is healthy.

    ``env`` is added to (not replacing) the current environment. Raises RuntimeError with
    the server's output if it exits or is not healthy within ``timeout`` seconds.
    """
    port = port or free_port()
    url = f"http://127.0.0.1:{port}"
    cmd = [sys.executable, "-m", "streamlit", "run", str(app_path),
           "--server.headless", "true", "--server.port", str(port),
           "--server.address", "127.0.0.1",
           "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none",
           *extra_args]
    log_file = tempfile.NamedTemporaryFile(prefix=f"streamlit-{port}-", suffix=".log",
                                           delete=False)
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=REPO_ROOT, env={**os.environ, **(env or {})},
                            stdin=subprocess.DEVNULL, stdout=log_file,
                            stderr=subprocess.STDOUT, start_new_session=True)
    server = StreamlitServer(url=url, port=port, proc=proc, log_path=Path(log_file.name),
                             _log=log_file)
    deadline = t0 + timeout
    while time.perf_counter() < deadline:
        if proc.poll() is not None:
            output = server.log()
            server.stop()
            raise RuntimeError(f"streamlit exited with code {proc.returncode} before it was "
                               f"healthy: {' '.join(cmd)}\n{output}")
        if _healthy(url):
            server.started_in = time.perf_counter() - t0
            return server
        time.sleep(0.1)
    output = server.log()
    server.stop()
    raise RuntimeError(f"streamlit not healthy at {url} after {timeout:.0f} s: "
                       f"{' '.join(cmd)}\n{output}")


# -- several replicas behind HAProxy (deploy/serve.sh) -------------------------------------

SERVE = REPO_ROOT / "deploy" / "serve.sh"
HAPROXY_MISSING = "HAProxy not found: apt-get install haproxy (Debian) gives /usr/sbin/haproxy"


def haproxy_installed() -> bool:
    return shutil.which("haproxy", path=f"{os.environ.get('PATH', '')}:/usr/sbin") is not None


def free_ports(n: int) -> int:
    """The first of ``n`` consecutive TCP ports nobody listens on right now."""
    for _ in range(50):
        first = free_port()
        try:
            for port in range(first + 1, first + n):
                with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
                    s.bind(("127.0.0.1", port))
        except OSError:
            continue
        return first
    raise RuntimeError(f"no {n} consecutive free ports")


@dataclass
class Replicas(_Logged):
    """``deploy/serve.sh N`` running: the proxy at ``url``, replica ``r1`` ... ``rN``."""

    url: str
    proc: subprocess.Popen
    log_path: Path
    _log: object = field(default=None, repr=False)

    def pid(self, name: str) -> int:
        """The process id of ``name`` (a replica, ``r1`` ... ``rN``, or ``HAProxy``), as
        serve.sh last started it."""
        name = name if name == "HAProxy" else f"replica {name}"
        return int(re.findall(rf"^serve: {name} on \S+, pid (\d+)$", self.log(), re.M)[-1])

    def stop(self, timeout: float = 20.0) -> None:
        """SIGTERM to serve.sh (which stops its replicas and the proxy); then SIGKILL to its
        whole process group, whatever is left of it."""
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                pass
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.proc.wait(timeout)
        self._close_log()


def start_replicas(n: int, timeout: float = 2 * START_TIMEOUT) -> Replicas:
    """``deploy/serve.sh n`` on loopback ports; return once the proxy serves."""
    port = free_ports(n + 1)
    env = {**os.environ, "LAB_ADDRESS": "127.0.0.1", "LAB_PORT": str(port),
           "LAB_REPLICA_PORT": str(port + 1), "PYTHON": sys.executable,
           "PATH": f"{os.environ.get('PATH', '')}:/usr/sbin"}
    log_file = tempfile.NamedTemporaryFile(prefix=f"replicas-{port}-", suffix=".log",
                                           delete=False)
    proc = subprocess.Popen([str(SERVE), str(n)], cwd=REPO_ROOT, env=env,
                            stdin=subprocess.DEVNULL, stdout=log_file,
                            stderr=subprocess.STDOUT, start_new_session=True)
    replicas = Replicas(url=f"http://127.0.0.1:{port}", proc=proc,
                        log_path=Path(log_file.name), _log=log_file)
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline and proc.poll() is None:
        if "replicas behind" in replicas.log() and _healthy(replicas.url):
            return replicas
        time.sleep(0.2)
    output = replicas.log()
    replicas.stop()
    raise RuntimeError(f"{SERVE} {n} did not serve at {replicas.url}:\n{output[-3000:]}")
