"""The container runs README's commands: the Dockerfile's pip RUN line and CMD are
README's "Run the page" command, its health check asks Streamlit's /_stcore/health on the
port it serves, and .dockerignore keeps what the page needs. (That those commands work in
a fresh virtual environment is ``python -m tests.bench deploy``, run by .ci/run.) The
replicated set-up's files agree: deploy/Dockerfile is that image plus HAProxy running
deploy/serve.sh on its port, deploy/haproxy.cfg sticks by cookie, CI installs HAProxy
(tests/browser/test_replicas.py runs the set-up itself)."""

import os
import re
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.bench.bench_deploy import command, copied_files, env, instructions

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text()


def readme_commands(heading):
    """The indented command line under README's ``heading``, split at ``&&``."""
    block = README.split(heading, 1)[1]
    line = re.search(r"^ {4}(\S.*)$", block, re.M).group(1)
    return [part.strip() for part in line.split("&&")]


def test_the_image_runs_readmes_page_commands():
    steps = instructions()
    install, run = readme_commands("Run the page:")
    runs = [command(a) for kind, a in steps if kind == "RUN"]
    assert [r for r in runs if r.startswith("pip ")] == [install]
    assert set(runs) - {install} <= {"useradd --create-home lab"}  # nothing else installed
    assert [command(a) for kind, a in steps if kind == "CMD"] == [run]
    assert steps[0][0] == "FROM" and re.fullmatch(r"python:3\.11(-slim)?", steps[0][1])


def test_the_health_check_asks_streamlit_on_the_served_port():
    steps = instructions()
    variables = {k: v for kind, a in steps if kind == "ENV" for k, v in env(a).items()}
    port = variables["STREAMLIT_SERVER_PORT"]
    assert variables["STREAMLIT_SERVER_ADDRESS"] == "0.0.0.0"  # noqa: S104 - in a container
    assert [a for kind, a in steps if kind == "EXPOSE"] == [port]
    (check,) = [a for kind, a in steps if kind == "HEALTHCHECK"]
    probe = shlex.split(check.split(" CMD ", 1)[1])
    assert f"127.0.0.1:{port}/_stcore/health" in probe[-1]


def test_the_image_gets_what_the_page_needs_and_not_the_rest():
    copied = {str(p) for p in copied_files()}
    for needed in ("app.py", "requirements.txt", ".streamlit/config.toml",
                   "neuron/__init__.py", "lab/__init__.py"):
        assert needed in copied
    assert not any(p.startswith((".git/", "tests/", "artifacts/")) for p in copied)


# -- the replicated set-up: deploy/serve.sh, deploy/haproxy.cfg, deploy/Dockerfile -------------

DEPLOY = ROOT / "deploy"
SERVE = (DEPLOY / "serve.sh").read_text()
HAPROXY_CFG = (DEPLOY / "haproxy.cfg").read_text()


def replicas_image():
    steps = instructions(DEPLOY / "Dockerfile")
    variables = {k: v for kind, a in steps if kind == "ENV" for k, v in env(a).items()}
    return steps, variables


def test_the_replicas_image_is_the_page_image_with_haproxy_running_serve_sh():
    steps, variables = replicas_image()
    page_tag = re.search(r"docker build -t (\S+) \. ", README).group(1)
    assert steps[0] == ("FROM", page_tag)  # README builds the page's image under that tag
    (install,) = [command(a) for kind, a in steps if kind == "RUN"]
    assert re.search(r"apt-get install -y --no-install-recommends haproxy(\s|$)", install)
    assert [command(a) for kind, a in steps if kind == "CMD"] == ["deploy/serve.sh"]
    assert (DEPLOY / "serve.sh").stat().st_mode & 0o111  # executable
    assert [a for kind, a in steps if kind == "USER"] == ["root", "lab"]  # root only to install


def test_the_proxy_serves_the_page_images_port_where_its_health_check_asks():
    page = {k: v for kind, a in instructions() if kind == "ENV" for k, v in env(a).items()}
    _, variables = replicas_image()
    assert variables["LAB_PORT"] == page["STREAMLIT_SERVER_PORT"]
    assert variables["LAB_ADDRESS"] == "0.0.0.0"  # noqa: S104 - in a container
    # serve.sh's own defaults are the same; the proxy listens where serve.sh says
    assert re.search(r"LAB_PORT=\$\{LAB_PORT:-(\d+)\}", SERVE).group(1) == variables["LAB_PORT"]
    assert 'bind "${LAB_ADDRESS}:${LAB_PORT}"' in HAPROXY_CFG
    assert "export LAB_ADDRESS=" in SERVE and " LAB_PORT=" in SERVE


def test_the_proxy_sticks_by_cookie_passes_websockets_and_checks_streamlits_health():
    backend = HAPROXY_CFG.split("\nbackend replicas\n", 1)[1]
    cookie = re.search(r"^\s*cookie (\w+) insert\b", backend, re.M).group(1)  # not by address
    # the page reads it to tell a reconnect to another replica (and then reloads its link)
    assert f"{cookie}=" in (ROOT / "lab" / "stage.js").read_text()
    assert "balance source" not in HAPROXY_CFG and "stick on src" not in HAPROXY_CFG
    assert "option httpchk GET /_stcore/health" in backend
    assert re.search(r"^\s*timeout tunnel\s+\S+", HAPROXY_CFG, re.M)  # WebSockets last
    # the backend is the last section: the server lines serve.sh appends belong to it
    assert not re.search(r"^(global|defaults|frontend|backend|listen)\b", backend, re.M)
    # each replica's server line carries its cookie, on loopback only
    line = re.search(r"printf '(\s+server .*)\\n'", SERVE).group(1)
    assert "127.0.0.1:%d" in line and "cookie r%d" in line


def test_ci_installs_haproxy_and_the_image_ships_the_set_up():
    assert re.search(r"for package in [^;]*\bhaproxy\b", (ROOT / ".ci" / "run").read_text())
    copied = {str(p) for p in copied_files()}
    assert {"deploy/serve.sh", "deploy/haproxy.cfg"} <= copied


def test_haproxy_accepts_the_config():
    haproxy = shutil.which("haproxy", path=f"{os.environ.get('PATH', '')}:/usr/sbin")
    if haproxy is None:
        pytest.skip("HAProxy not installed (apt-get install haproxy)")
    done = subprocess.run([haproxy, "-c", "-f", str(DEPLOY / "haproxy.cfg")],
                          env={**os.environ, "LAB_ADDRESS": "127.0.0.1", "LAB_PORT": "8501"},
                          capture_output=True, text=True, timeout=30)
    assert done.returncode == 0, done.stdout + done.stderr
