"""The page with hostile preset descriptions: HTML and JavaScript in every preset's text.

Served by tests/browser/test_hostile_browser.py: a served app cannot be monkeypatched from
the test process, so this script patches the descriptions (in the page's catalogue) inside
the server and then runs app.py unchanged.
"""

import runpy
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from lab import sources  # noqa: E402
from lab.text import TEXT  # noqa: E402
from neuron import presets  # noqa: E402

HOSTILE_DESCRIPTION = ('<img src=x onerror=alert("description")> '
                       '<script>alert("script")</script> <b>bold</b>')

if __name__ == "__main__":  # as Streamlit runs it (the test only imports the constant)
    for name in presets.names():
        for lang in TEXT:
            TEXT[lang][sources.text_key(name) + "_help"] = HOSTILE_DESCRIPTION
    runpy.run_path(str(ROOT / "app.py"), run_name="__main__")
