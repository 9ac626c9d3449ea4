"""The container runs README's commands: the Dockerfile's pip RUN line and CMD are
README's "Run the page" command, its health check asks Streamlit's /_stcore/health on the
port it serves, and .dockerignore keeps what the page needs. (That those commands work in
a fresh virtual environment is ``python -m tests.bench deploy``, run by .ci/run.)"""

import re
import shlex
from pathlib import Path

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
