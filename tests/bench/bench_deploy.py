"""Deploy check without Docker: README's page command, as the Dockerfile runs it, in a
fresh virtual environment.

Reads the Dockerfile: its ``pip install`` RUN line runs in a new venv (no system
packages), the files ``COPY . .`` would copy (``.dockerignore`` applied) go to a temporary
folder, its CMD runs there with its ENV (the port swapped for a free one, loopback only),
its HEALTHCHECK command must pass, and one protocol client (``clients.py``) must load the
page without an exception. ``tests/test_deploy.py`` checks the Dockerfile's commands are
README's; this checks they work. It downloads or copies every runtime package (a minute
or two), so it is a script for CI (``.ci/run``), not a pytest test.

    python -m tests.bench deploy
"""

from __future__ import annotations

import asyncio
import fnmatch
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
import venv
from pathlib import Path

from tests.bench.common import ROOT, Figure, log, table
from tests.browser.server import free_port

HEALTH_TIMEOUT = 90


def instructions(path=ROOT / "Dockerfile"):
    """The Dockerfile as (INSTRUCTION, arguments) pairs, continuation lines joined."""
    text = re.sub(r"\\\n", " ", Path(path).read_text())
    out = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            word, _, rest = line.partition(" ")
            out.append((word.upper(), " ".join(rest.split())))
    return out


def command(args):
    """A RUN/CMD argument as a shell command line (exec form or shell form)."""
    if args.startswith("["):
        return shlex.join(json.loads(args))
    return args


def env(pairs):
    """ENV arguments (``K=V K2=V2``) as a dict."""
    return dict(part.split("=", 1) for part in shlex.split(pairs))


def readme_page_commands(path=ROOT / "README.md"):
    """README's "Run the page" line, split at ``&&``: (install, run)."""
    text = Path(path).read_text()
    line = re.search(r"^ {4}(pip install -r requirements\.txt && .+)$", text, re.M).group(1)
    install, run = (part.strip() for part in line.split("&&"))
    return install, run


def copied_files(root=ROOT):
    """What ``COPY . .`` sends to the image: every file not matched by .dockerignore."""
    patterns = [p.strip().removeprefix("**/") for p in (root / ".dockerignore").read_text()
                .splitlines() if p.strip() and not p.startswith("#")]
    out = []
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root)
        if path.is_file() and not any(fnmatch.fnmatch(part, p) or fnmatch.fnmatch(str(rel), p)
                                      for p in patterns for part in rel.parts):
            out.append(rel)
    return out


async def load_page(url):
    """Errors one protocol client sees while loading the page (empty: it loaded)."""
    from tests.bench.clients import Session, recorded
    session = Session(url, recorded(), "run")
    try:
        await asyncio.wait_for(session.load(asyncio.Semaphore(1)), 120)
    finally:
        await session.close()
    return session.events["errors"]


def run(quick=False):
    steps = instructions()
    install, page = readme_page_commands()
    pip = [command(a) for k, a in steps if k == "RUN" and command(a).startswith("pip ")]
    cmd = command(next(a for k, a in steps if k == "CMD"))
    health = command(next(a for k, a in steps if k == "HEALTHCHECK").split(" CMD ", 1)[1])
    variables = {k: v for kind, a in steps if kind == "ENV" for k, v in env(a).items()}
    port = str(free_port())
    variables.update(STREAMLIT_SERVER_ADDRESS="127.0.0.1", STREAMLIT_SERVER_PORT=port)
    health = health.replace(":8501/", f":{port}/")
    rows, ok = [], True
    with tempfile.TemporaryDirectory(prefix="neuron-deploy-") as folder:
        folder = Path(folder)
        log(f"deploy: fresh venv, {' && '.join(pip)}")
        venv.create(folder / "venv", with_pip=True)
        path = f"{folder / 'venv' / 'bin'}{os.pathsep}{os.environ['PATH']}"
        environment = {k: v for k, v in os.environ.items()
                       if k not in ("PYTHONPATH", "VIRTUAL_ENV")} | variables | {"PATH": path}
        app = folder / "app"
        for rel in copied_files():
            (app / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / rel, app / rel)
        t = time.perf_counter()
        for line in pip:
            done = subprocess.run(line, shell=True, cwd=app, env=environment,  # noqa: S602
                                  capture_output=True, text=True, timeout=900)
            if done.returncode:
                raise RuntimeError(f"{line} failed:\n{done.stderr[-2000:]}")
        rows.append(["install in a fresh venv", f"{time.perf_counter() - t:.0f} s"])
        server = subprocess.Popen(shlex.split(cmd), cwd=app, env=environment,
                                  stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                  start_new_session=True)
        try:
            t = time.perf_counter()
            while True:
                if server.poll() is not None:
                    raise RuntimeError(f"{cmd} exited: {server.stdout.read()[-2000:]}")
                if subprocess.run(health, shell=True, env=environment,  # noqa: S602
                                  capture_output=True).returncode == 0:
                    break
                if time.perf_counter() - t > HEALTH_TIMEOUT:
                    raise RuntimeError(f"HEALTHCHECK failed for {HEALTH_TIMEOUT} s")
                time.sleep(0.5)
            rows.append(["CMD to HEALTHCHECK passing", f"{time.perf_counter() - t:.1f} s"])
            errors = asyncio.run(load_page(f"http://127.0.0.1:{port}"))
            rows.append(["page loaded by a protocol client", "yes" if not errors else errors])
            ok = not errors
        finally:
            os.killpg(server.pid, 15)
            server.wait(30)
    rows.insert(0, ["Dockerfile RUN (pip) / CMD", f"{' && '.join(pip)} / {cmd}"])
    rows.insert(1, ["README's page command", f"{install} && {page}"])
    table(["deploy", "value"], rows, "Deploy: the Dockerfile's commands in a fresh venv")
    return [Figure("Deploy: Dockerfile's commands in a fresh venv serve the page",
                   "yes" if ok else "no", target="yes", met=ok)]


if __name__ == "__main__":
    figures = run()
    sys.exit(0 if all(f.met for f in figures) else 1)
