"""Nothing a visitor types can reach raw HTML, JavaScript, code evaluation, unpickling or a
shell (issue 5). A static check of the page's sources (app.py, lab/, neuron/) by AST walk:

- ``unsafe_allow_html`` / ``unsafe_allow_javascript`` are never passed, whatever the value;
- ``eval``, ``exec``, ``compile``, ``__import__`` are never called or named;
- ``pickle``, ``marshal``, ``shelve``, ``dill``, ``subprocess``, ``pty`` are never imported,
  and ``os.system`` / ``os.popen`` / ``os.exec*`` / ``os.spawn*`` never named;
- raw HTML or JavaScript (``st.html``, ``components.html``, ``components.v2.component``, a
  component's ``html=``/``js=``/``css=``) only ever gets a constant string: a literal, or a
  module-level name bound once to a literal. Today that is the presenter CSS in
  lab/sections.py (``presenter_style``) and the autoplay script there (``_AUTOPLAY_JS``).
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SOURCES = sorted([ROOT / "app.py", *(ROOT / "lab").glob("*.py"), *(ROOT / "neuron").glob("*.py")])

FORBIDDEN_NAMES = {"eval", "exec", "compile", "__import__", "execfile"}
FORBIDDEN_MODULES = {"pickle", "cPickle", "_pickle", "marshal", "shelve", "dill", "cloudpickle",
                     "joblib", "subprocess", "pty", "commands", "code", "codeop"}
FORBIDDEN_OS = {"system", "popen", "startfile", "execl", "execle", "execlp", "execlpe", "execv",
                "execve", "execvp", "execvpe", "spawnl", "spawnle", "spawnlp", "spawnlpe",
                "spawnv", "spawnve", "spawnvp", "spawnvpe", "posix_spawn", "posix_spawnp"}
FORBIDDEN_KEYWORDS = {"unsafe_allow_html", "unsafe_allow_javascript"}
RAW_CALLS = {"html", "component", "declare_component", "iframe"}  # st.html, components.*
RAW_KEYWORDS = {"html", "js", "css", "body", "src", "path", "url"}


def _constants(tree):
    """Module-level names assigned exactly once, to a string literal."""
    counts, values = {}, {}
    for node in tree.body:
        targets = node.targets if isinstance(node, ast.Assign) else (
            [node.target] if isinstance(node, ast.AnnAssign) and node.value else [])
        for target in targets:
            if isinstance(target, ast.Name):
                counts[target.id] = counts.get(target.id, 0) + 1
                values[target.id] = node.value
    for node in ast.walk(tree):  # rebinding anywhere (global, augmented) disqualifies
        if isinstance(node, (ast.AugAssign, ast.Global)):
            for name in getattr(node, "names", []) or [getattr(node.target, "id", None)]:
                counts[name] = counts.get(name, 0) + 2
    return {name for name, value in values.items()
            if counts[name] == 1 and isinstance(value, ast.Constant)
            and isinstance(value.value, str)}


def _is_constant(node, constants):
    if isinstance(node, ast.Constant) and isinstance(node.value, (str, bytes, type(None))):
        return True
    return isinstance(node, ast.Name) and node.id in constants


def _dotted(node):
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
    return ".".join(reversed(parts))


def problems_in(source, filename="<source>"):
    """Each unsafe use in ``source`` as ``file:line: what``; raw HTML/JS uses with constant
    arguments are returned separately as allowed."""
    tree = ast.parse(source, filename)
    constants = _constants(tree)
    found, allowed = [], []

    def bad(node, what):
        found.append(f"{filename}:{node.lineno}: {what}")

    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] in FORBIDDEN_MODULES:
                    bad(node, f"import {alias.name}")
                if alias.name == "os" and alias.asname:
                    bad(node, "os imported under another name")
        elif isinstance(node, ast.ImportFrom):
            module = (node.module or "").split(".")[0]
            if module in FORBIDDEN_MODULES:
                bad(node, f"from {node.module} import ...")
            if module == "os":
                for alias in node.names:
                    if alias.name in FORBIDDEN_OS or alias.name == "*":
                        bad(node, f"from os import {alias.name}")
            for alias in node.names:
                if alias.name in FORBIDDEN_NAMES:
                    bad(node, f"import of {alias.name}")
        elif isinstance(node, ast.Name) and node.id in FORBIDDEN_NAMES:
            bad(node, f"{node.id} used")
        elif isinstance(node, ast.Attribute):
            dotted = _dotted(node)
            if node.attr in FORBIDDEN_NAMES and dotted.split(".")[0] in ("builtins",
                                                                         "__builtins__"):
                bad(node, f"{dotted} used")
            if node.attr in FORBIDDEN_OS and dotted.split(".")[0] == "os":
                bad(node, f"{dotted} used")
        elif isinstance(node, ast.keyword) and node.arg in FORBIDDEN_KEYWORDS:
            bad(node.value, f"{node.arg}= passed")
        elif isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name in RAW_CALLS:
                args = [*node.args, *(k.value for k in node.keywords
                                      if k.arg in RAW_KEYWORDS)]
                if any(not _is_constant(a, constants) for a in args):
                    bad(node, f"{_dotted(func) or name}() given a value that is not a constant "
                              "string")
                else:
                    allowed.append(f"{filename}:{node.lineno}: {_dotted(func) or name}()")
            if isinstance(func, ast.Name) and func.id == "getattr" and len(node.args) >= 2:
                attr = node.args[1]
                if isinstance(attr, ast.Constant) and (attr.value in FORBIDDEN_NAMES | FORBIDDEN_OS
                                                       | FORBIDDEN_KEYWORDS):
                    bad(node, f"getattr(..., {attr.value!r})")
    return found, allowed


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_unsafe_use(path):
    found, _ = problems_in(path.read_text(), str(path.relative_to(ROOT)))
    assert not found, "\n".join(found)


def test_raw_html_and_js_are_the_known_constants():
    """The only raw HTML/JS on the page: the presenter CSS, the autoplay script and the
    copy-link box, all constants (a new constant use is fine, but gets listed here for
    review)."""
    allowed = []
    for path in SOURCES:
        allowed += problems_in(path.read_text(), str(path.relative_to(ROOT)))[1]
    assert any(a.startswith("lab/sections.py") and "html()" in a for a in allowed), allowed
    assert any(a.startswith("lab/sections.py") and "component()" in a for a in allowed), allowed
    assert any(a.startswith("lab/teach.py") and "component()" in a for a in allowed), allowed
    assert all(a.startswith(("lab/sections.py", "lab/teach.py")) for a in allowed), allowed


def test_the_sources_are_all_checked():
    names = {str(p.relative_to(ROOT)) for p in SOURCES}
    assert {"app.py", "lab/sections.py", "lab/link.py", "neuron/table.py"} <= names


# -- the checker itself catches what it should -----------------------------------------

@pytest.mark.parametrize("snippet", [
    'import streamlit as st\nst.markdown(name, unsafe_allow_html=True)',
    'import streamlit as st\nst.markdown("<b>x</b>", unsafe_allow_html=False)',
    'import streamlit as st\nst.write(x, unsafe_allow_html=flag)',
    'import streamlit as st\nst.html(f"<p>{name}</p>")',
    'import streamlit as st\nst.html("<p>" + name + "</p>")',
    'import streamlit as st\nst.html(name)',
    'import streamlit as st\nst.html("<p>x</p>", unsafe_allow_javascript=True)',
    'import streamlit.components.v1 as components\ncomponents.html(page)',
    'import streamlit as st\nJS = "x"\nJS = js_from_user\nst.components.v2.component("c", js=JS)',
    'import streamlit as st\nst.components.v2.component("c", html=f"<p>{x}</p>")',
    'x = eval(text)',
    'exec(code)',
    'f = eval',
    'import builtins\nbuiltins.eval(s)',
    'compile(src, "f", "exec")',
    '__import__(name)',
    'import pickle\npickle.loads(data)',
    'from pickle import loads',
    'import marshal',
    'import shelve',
    'import subprocess\nsubprocess.run(cmd, shell=True)',
    'from subprocess import Popen',
    'import os\nos.system(cmd)',
    'import os\nos.popen(cmd)',
    'from os import system',
    'import os\nos.execvp("sh", args)',
    'getattr(builtins, "eval")(s)',
])
def test_the_checker_flags(snippet):
    found, _ = problems_in(snippet)
    assert found, snippet


@pytest.mark.parametrize("snippet", [
    'import streamlit as st\nst.html("<style>p { color: red; }</style>")',
    'import streamlit as st\nst.html("<style>a {} "\n        "b {}</style>")',
    'import streamlit as st\nJS = """export default function () {}"""\n'
    'c = st.components.v2.component("c", js=JS)',
    'import re\nPATTERN = re.compile("x")',
    'import os\npath = os.path.join("a", "b")',
    'import streamlit as st\nst.markdown(text)',
])
def test_the_checker_allows(snippet):
    found, _ = problems_in(snippet)
    assert not found, found
