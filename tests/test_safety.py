"""Nothing a visitor types can reach raw HTML, JavaScript, code evaluation, unpickling or a
shell (issue 5). A static check of the page's sources (app.py, lab/, neuron/) by AST walk:

- ``unsafe_allow_html`` / ``unsafe_allow_javascript`` are never passed, whatever the value;
- ``eval``, ``exec``, ``compile``, ``__import__`` are never called or named;
- ``pickle``, ``marshal``, ``shelve``, ``dill``, ``subprocess``, ``pty`` are never imported,
  and ``os.system`` / ``os.popen`` / ``os.exec*`` / ``os.spawn*`` never named;
- raw HTML or JavaScript (``st.html``, ``components.html``, ``components.v2.component``, a
  component's ``html=``/``js=``/``css=``) only ever gets a constant string: a literal, a
  module-level name bound once to a literal, or, in lab/ only, a reviewed file of the
  package read whole: ``(HERE / "stage.js").read_text()`` with ``HERE`` bound once at module
  level to ``Path(__file__).parent`` and a literal file name without a directory part.
  Files read whole may be joined with ``+``. In lab/ too, lab/dom.py's ``SCRIPT`` (its
  selectors as JavaScript, and lab/dom.js) and ``css(constant)`` (its selectors put into
  a constant style); lab/dom.py imports nothing a visitor's data could come through.
  Today that is the page's CSS in lab/stage.py, the stage component (lab/plane.js and
  lab/stage.js, lab/stage.css), the table editor's key script (lab/grid_keys.js), the
  timeline's number grouping, the scroll up to the stage and the copy-link box in
  lab/views/share.py.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SOURCES = sorted([ROOT / "app.py", *(ROOT / "lab").rglob("*.py"), *(ROOT / "neuron").glob("*.py")])

FORBIDDEN_NAMES = {"eval", "exec", "compile", "__import__", "execfile"}
FORBIDDEN_MODULES = {"pickle", "cPickle", "_pickle", "marshal", "shelve", "dill", "cloudpickle",
                     "joblib", "subprocess", "pty", "commands", "code", "codeop"}
FORBIDDEN_OS = {"system", "popen", "startfile", "execl", "execle", "execlp", "execlpe", "execv",
                "execve", "execvp", "execvpe", "spawnl", "spawnle", "spawnlp", "spawnlpe",
                "spawnv", "spawnve", "spawnvp", "spawnvpe", "posix_spawn", "posix_spawnp"}
FORBIDDEN_KEYWORDS = {"unsafe_allow_html", "unsafe_allow_javascript"}
RAW_CALLS = {"html", "component", "declare_component", "iframe"}  # st.html, components.*
RAW_KEYWORDS = {"html", "js", "css", "body", "src", "path", "url"}
# lab/dom.py's names that hold only its own constants (see test_dom_imports_nothing_a_visitor_sends)
DOM_CONSTANTS = {"SCRIPT"}
DOM_CALLS = {"css"}
DOM_IMPORTS = {"json", "pathlib", "string"}


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


def _bindings(tree):
    """How many times each name is bound anywhere (assignment, parameter, import; a
    ``global`` counts twice)."""
    bindings = {}
    for node in ast.walk(tree):
        names = (([node.id] if isinstance(node, ast.Name) and
                  isinstance(node.ctx, (ast.Store, ast.Del)) else [])
                 + ([node.arg] if isinstance(node, ast.arg) else [])
                 + ([node.asname or node.name] if isinstance(node, ast.alias) else [])
                 + (node.names * 2 if isinstance(node, ast.Global) else []))
        for name in names:
            bindings[name] = bindings.get(name, 0) + 1
    return bindings


def _here_names(tree):
    """Module-level names bound exactly once, to ``Path(__file__).parent`` (the package's
    own folder), and never bound again anywhere (assignment, parameter, import, global)."""
    bindings = _bindings(tree)
    return {node.targets[0].id for node in tree.body
            if isinstance(node, ast.Assign) and len(node.targets) == 1
            and isinstance(node.targets[0], ast.Name) and _is_own_folder(node.value)
            and bindings.get(node.targets[0].id) == 1}


def _is_own_folder(node):
    """``Path(__file__).parent`` (``pathlib.Path`` too)."""
    return (isinstance(node, ast.Attribute) and node.attr == "parent"
            and isinstance(node.value, ast.Call) and _dotted(node.value.func) in
            ("Path", "pathlib.Path") and len(node.value.args) == 1 and not node.value.keywords
            and isinstance(node.value.args[0], ast.Name) and node.value.args[0].id == "__file__")


def _dom_names(tree, filename):
    """Names bound once, to lab/dom.py: ``from . import dom`` in lab/x.py, ``from .. import
    dom`` in lab/views/x.py, ``from lab import dom``."""
    dom = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (
                (node.module is None and node.level == filename.count("/"))
                or (node.module == "lab" and node.level == 0)):
            dom |= {a.asname or a.name for a in node.names if a.name == "dom"}
    bindings = _bindings(tree)
    return {name for name in dom if bindings.get(name) == 1}


def _is_dom(node, dom, names):
    return (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
            and node.value.id in dom and node.attr in names)


def reviewed_file(node, here):
    """The file name if ``node`` is ``(HERE / "name.ext").read_text()``: a file of the
    package's own folder, named by a literal without any directory part; else None."""
    if not (isinstance(node, ast.Call) and not node.args and not node.keywords
            and isinstance(node.func, ast.Attribute) and node.func.attr == "read_text"):
        return None
    path = node.func.value
    if not (isinstance(path, ast.BinOp) and isinstance(path.op, ast.Div)
            and isinstance(path.left, ast.Name) and path.left.id in here
            and isinstance(path.right, ast.Constant) and isinstance(path.right.value, str)):
        return None
    name = path.right.value
    if not name or "/" in name or "\\" in name or name.startswith("."):
        return None
    return name


def _is_constant(node, constants, here=frozenset(), dom=frozenset()):
    if isinstance(node, ast.Constant) and isinstance(node.value, (str, bytes, type(None))):
        return True
    if reviewed_file(node, here) or _is_dom(node, dom, DOM_CONSTANTS):
        return True
    if (isinstance(node, ast.Call) and _is_dom(node.func, dom, DOM_CALLS)
            and len(node.args) == 1 and not node.keywords):
        return _is_constant(node.args[0], constants, here, dom)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):  # constants joined
        return _is_constant(node.left, constants, here, dom) and \
            _is_constant(node.right, constants, here, dom)
    return isinstance(node, ast.Name) and node.id in constants


def _reviewed_files(node, here):
    """The reviewed files ``node`` reads (a file, or files joined with +)."""
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return _reviewed_files(node.left, here) + _reviewed_files(node.right, here)
    name = reviewed_file(node, here)
    return [name] if name else []


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
    # reviewed files are read only by the page's own parts (lab/), from their own folder
    here = _here_names(tree) if filename.startswith("lab/") else set()
    dom = _dom_names(tree, filename) if filename.startswith("lab/") else set()
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
                if any(not _is_constant(a, constants, here, dom) for a in args):
                    bad(node, f"{_dotted(func) or name}() given a value that is not a constant "
                              "string")
                else:
                    files = [f for a in args for f in _reviewed_files(a, here)]
                    allowed.append(f"{filename}:{node.lineno}: {_dotted(func) or name}()"
                                   + (f" reads {', '.join(files)}" if files else ""))
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
    """The only raw HTML/JS on the page: the page's CSS, the stage component (its script and
    style read from lab/stage.js and lab/stage.css), the table editor's key script (read
    from lab/grid_keys.js), the copy-link box, the timeline's number grouping
    (lab/slider_numbers.py) and the scroll up to the stage after a fix (lab/views/__init__.py),
    all constants (a new constant use is fine, but gets listed here for review)."""
    allowed = []
    for path in SOURCES:
        allowed += problems_in(path.read_text(), str(path.relative_to(ROOT)))[1]
    assert any(a.startswith("lab/stage.py") and "html()" in a for a in allowed), allowed
    assert any(a.startswith("lab/stage.py")
               and "component() reads plane.js, stage.js, stage.css" in a
               for a in allowed), allowed
    assert any(a.startswith("lab/views/share.py") and "component()" in a
               for a in allowed), allowed
    assert any(a.startswith("lab/grid_keys.py") and "component() reads grid_keys.js" in a
               for a in allowed), allowed
    for source in ("lab/slider_numbers.py", "lab/views/__init__.py"):
        assert any(a.startswith(source) and "component()" in a for a in allowed), allowed
    assert all(a.startswith(("lab/stage.py", "lab/views/share.py", "lab/grid_keys.py",
                             "lab/slider_numbers.py", "lab/views/__init__.py"))
               for a in allowed), allowed
    reads = {f for a in allowed if " reads " in a for f in a.split(" reads ")[1].split(", ")}
    assert reads == {"plane.js", "stage.js", "stage.css", "grid_keys.js"}, allowed
    assert all((ROOT / "lab" / f).is_file() for f in reads)


def test_the_sources_are_all_checked():
    names = {str(p.relative_to(ROOT)) for p in SOURCES}
    assert {"app.py", "lab/stage.py", "lab/link.py", "lab/views/share.py",
            "neuron/table.py"} <= names


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


READ = 'import streamlit as st\nfrom pathlib import Path\nHERE = Path(__file__).parent\n'


@pytest.mark.parametrize("snippet", [
    READ + 'c = st.components.v2.component("c", js=(HERE / name).read_text())',
    READ + 'c = st.components.v2.component("c", js=(HERE / "a.js").read_text() + name)',
    READ + 'c = st.components.v2.component("c", js=(HERE / f"{name}.js").read_text())',
    READ + 'c = st.components.v2.component("c", js=(HERE / "../app.js").read_text())',
    READ + 'c = st.components.v2.component("c", js=(HERE / "sub/x.js").read_text())',
    READ + 'c = st.components.v2.component("c", js=(HERE / "/etc/passwd").read_text())',
    READ + 'c = st.components.v2.component("c", js=(HERE / ".hidden").read_text())',
    READ + 'c = st.components.v2.component("c", js=(HERE / "x.js").read_text(enc))',
    READ + 'c = st.components.v2.component("c", js=Path(name).read_text())',
    READ + 'c = st.components.v2.component("c", js=(THERE / "x.js").read_text())',
    READ + 'HERE = Path(user)\nc = st.components.v2.component("c", js=(HERE / "x.js").read_text())',
    READ + 'def f():\n    global HERE\n    HERE = Path(user)\n'
           'c = st.components.v2.component("c", js=(HERE / "x.js").read_text())',
    'import streamlit as st\nfrom pathlib import Path\nHERE = Path(folder).parent\n'
    'c = st.components.v2.component("c", js=(HERE / "x.js").read_text())',
    READ + 'def f(HERE):\n    st.html((HERE / "x.html").read_text())',
    READ + 'from x import HERE\nst.html((HERE / "x.html").read_text())',
    READ + 'for HERE in places:\n    st.html((HERE / "x.html").read_text())',
    READ + 'st.html((HERE / "x.html").read_text() + name)',
    READ + 'st.html(open(HERE / "x.html").read())',
])
def test_the_checker_flags_file_reads(snippet):
    found, _ = problems_in(snippet, "lab/x.py")
    assert found, snippet


def test_a_reviewed_file_is_read_only_inside_lab():
    snippet = READ + 'c = st.components.v2.component("c", js=(HERE / "x.js").read_text())'
    assert not problems_in(snippet, "lab/x.py")[0]
    assert not problems_in(snippet, "lab/views/x.py")[0]
    assert problems_in(snippet, "app.py")[0]
    assert problems_in(snippet, "neuron/x.py")[0]


@pytest.mark.parametrize("snippet", [
    'import streamlit as st\nst.html("<style>p { color: red; }</style>")',
    'import streamlit as st\nst.html("<style>a {} "\n        "b {}</style>")',
    'import streamlit as st\nJS = """export default function () {}"""\n'
    'c = st.components.v2.component("c", js=JS)',
    'import re\nPATTERN = re.compile("x")',
    'import os\npath = os.path.join("a", "b")',
    'import streamlit as st\nst.markdown(text)',
    READ + 'c = st.components.v2.component("c", js=(HERE / "x.js").read_text(),\n'
           '                              css=(HERE / "x.css").read_text())',
    READ + 'st.html((HERE / "x.html").read_text())',
])
def test_the_checker_allows(snippet):
    found, _ = problems_in(snippet, "lab/x.py")
    assert not found, found


# -- lab/dom.py: its selectors reach the page's scripts and style --------------------------

DOM = 'import streamlit as st\nfrom . import dom\n'


@pytest.mark.parametrize("snippet", [
    DOM + 'st.html(dom.css(name))',
    DOM + 'st.html(dom.css("<style>$main {}</style>" + name))',
    DOM + 'st.html(dom.css("<style></style>", name))',
    DOM + 'st.html(dom.SELECTORS[name])',
    DOM + 'c = st.components.v2.component("c", js=dom.SCRIPT + name)',
    DOM + 'dom = other\nc = st.components.v2.component("c", js=dom.SCRIPT)',
    'import streamlit as st\nfrom x import dom\nst.html(dom.css("<style></style>"))',
    'import streamlit as st\nfrom .. import dom\nst.html(dom.css("<style></style>"))',
])
def test_the_checker_flags_dom_uses(snippet):
    found, _ = problems_in(snippet, "lab/x.py")
    assert found, snippet


def test_the_checker_allows_dom_constants_inside_lab_only():
    css = DOM + 'STYLE = "<style>$main {}</style>"\nst.html(dom.css(STYLE))'
    script = ('import streamlit as st\nfrom .. import dom\n'
              'c = st.components.v2.component("c", js=dom.SCRIPT + "export default 1")')
    assert not problems_in(css, "lab/x.py")[0]
    assert not problems_in(script, "lab/views/x.py")[0]
    assert problems_in(css, "app.py")[0]
    assert problems_in(script, "neuron/x.py")[0]


def test_dom_imports_nothing_a_visitor_sends():
    """What the checker trusts of lab/dom.py: it reads no request, session or file but its
    own dom.js, so its SCRIPT and css() hold nothing but its constants."""
    tree = ast.parse((ROOT / "lab" / "dom.py").read_text())
    imported = ({a.name.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.Import)
                 for a in node.names}
                | {(node.module or ".").split(".")[0] for node in ast.walk(tree)
                   if isinstance(node, ast.ImportFrom)})
    assert imported == DOM_IMPORTS
    assert problems_in((ROOT / "lab" / "dom.py").read_text(), "lab/dom.py") == ([], [])
