"""What the benchmarks share: servers, Chromium, in-page timing, /proc readings, tables.

Timing is taken inside the page (``performance.now()``): the click's time from a
``pointerdown`` listener, the update's from a check run on every animation frame, so
Playwright's own round trips (slow and noisy on 2 shared cores) are not counted.
"""

from __future__ import annotations

import base64
import contextlib
import os
import shlex
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.browser.helpers import (  # noqa: E402
    APP_READY,
    CHROMIUM_MISSING,
    EXCEPTION,
    TIMEOUT_MS,
    chromium_executable,
    launch_chromium,
    wait_for_app,
)
from tests.browser.server import start_streamlit  # noqa: E402

APP = "app.py"
FLOOR = "tests/browser/floor_app.py"
STEP = ".st-key-step button:visible"  # st.button renders a hidden copy too
TRAIN = ".st-key-train button:visible"
RESET = ".st-key-reset button:visible"
RUNNING = ".st-key-running label"
VIEWPORT = {"width": 1280, "height": 900}
CLK_TCK = os.sysconf("SC_CLK_TCK")

__all__ = ["APP", "APP_READY", "EXCEPTION", "FLOOR", "RESET", "RUNNING", "PLAYING", "STEP",
           "TIMEOUT_MS", "TRAIN", "start_streamlit", "wait_for_app"]


# -- figures and tables ----------------------------------------------------------------

@dataclass
class Figure:
    """One row of the summary: a measured figure, the floor's, and the target."""

    name: str
    value: str
    floor: str = ""
    ratio: str = ""
    target: str = ""
    met: bool | None = None  # None: no target, or not measurable

    def row(self):
        verdict = {True: "yes", False: "NO", None: "-"}[self.met]
        return [self.name, self.value, self.floor, self.ratio, self.target, verdict]


SUMMARY_HEADERS = ["figure", "page", "floor", "ratio", "target", "met"]


def table(headers, rows, title=None, out=None):
    """Print a plain-text table (pipes, so it pastes into markdown as it is)."""
    rows = [[str(c) for c in r] for r in rows]
    widths = [max(len(str(h)), *(len(r[i]) for r in rows)) if rows else len(str(h))
              for i, h in enumerate(headers)]
    lines = []
    if title:
        lines.append(f"\n{title}")
    lines.append("| " + " | ".join(str(h).ljust(w) for h, w in zip(headers, widths)) + " |")
    lines.append("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    lines += ["| " + " | ".join(c.ljust(w) for c, w in zip(r, widths)) + " |" for r in rows]
    text = "\n".join(lines)
    print(text, file=out or sys.stdout, flush=True)
    return text


def median(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else float("nan")


def ms(seconds):
    return f"{seconds * 1000:.0f} ms"


def ratio(a, b):
    return f"{a / b:.2f}x" if b else "-"


def log(*args):
    print(time.strftime("%H:%M:%S"), *args, file=sys.stderr, flush=True)


# -- the server process ------------------------------------------------------------------

def cpu_seconds(pid):
    """User + system CPU time of one process so far, from /proc/<pid>/stat."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLK_TCK  # utime, stime


def rss_bytes(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    return 0


def machine_busy():
    """(busy, total) jiffies of the whole machine, from /proc/stat."""
    with open("/proc/stat") as f:
        values = [int(v) for v in f.readline().split()[1:]]
    idle = values[3] + values[4]
    return sum(values) - idle, sum(values)


class CpuWindow:
    """CPU used by a process, and by the whole machine, between start() and stop()."""

    def __init__(self, pid):
        self.pid = pid

    def start(self):
        self.t0 = time.perf_counter()
        self.c0 = cpu_seconds(self.pid)
        self.m0 = machine_busy()
        return self

    def stop(self):
        self.wall = time.perf_counter() - self.t0
        self.cpu = cpu_seconds(self.pid) - self.c0
        busy, total = machine_busy()
        self.machine_cores = (os.cpu_count() or 1) * (busy - self.m0[0]) / max(1, total - self.m0[1])
        return self


# -- Chromium and pages ----------------------------------------------------------------

@contextlib.contextmanager
def browsers(*idle):
    """Headless Debian Chromiums (one sync Playwright), one per value in ``idle``; exits
    with a message when Chromium is missing.

    A true value starts that browser (and every process it forks) in the SCHED_IDLE CPU
    class, through a two-line wrapper script (``chrt --idle 0``): a load generator that
    yields the cores to the server and to a probe browser of the normal class. (Not
    ``nice``: Chromium, as root, sets its own processes' nice values back to 0 or -8.)"""
    path = chromium_executable()
    if path is None:
        sys.exit(CHROMIUM_MISSING)
    from playwright.sync_api import sync_playwright
    with tempfile.TemporaryDirectory(prefix="bench-chromium-") as folder, \
            sync_playwright() as pw:
        launched = []
        try:
            for low in idle:
                executable = path
                if low:
                    wrapper = Path(folder) / "chromium-idle-class"
                    wrapper.write_text(f'#!/bin/sh\nexec chrt --idle 0 {shlex.quote(path)} "$@"\n')
                    wrapper.chmod(0o755)
                    executable = str(wrapper)
                launched.append(launch_chromium(pw, executable))
            yield launched
        finally:
            for browser in launched:
                browser.close()


@contextlib.contextmanager
def chromium(idle=False):
    """One headless Chromium (see ``browsers``)."""
    with browsers(idle) as (browser,):
        yield browser


@contextlib.contextmanager
def served(app_path, **kwargs):
    server = start_streamlit(app_path, **kwargs)
    try:
        yield server
    finally:
        server.stop()


# Installed in every document of a benchmark context: the click clock and the Run
# animation's frame recorder (the frame the stage shows, checked every animation frame:
# its iteration and index, keyed by the stretch; lab/stage.js writes them on .stage).
INIT_JS = """(() => {
  if (window.__bench) return;
  const b = window.__bench = {clickAt: null, clickWall: null, frames: []};
  document.addEventListener('pointerdown', () => {
    if (b.clickAt === null) { b.clickAt = performance.now(); b.clickWall = Date.now(); }
  }, true);
  let last = null, root = null, looked = 0;
  const tick = () => {
    if ((!root || !root.host.isConnected) && performance.now() - looked > 500) {
      looked = performance.now();  // the stage's shadow root, looked for twice a second
      root = [...document.querySelectorAll('*')].map(e => e.shadowRoot)
        .find(r => r && r.querySelector('.stage')) || null;
    }
    const stage = root && root.querySelector('.stage');
    const d = stage && stage.dataset;
    if (d && d.stretch) {
      const key = d.stretch + '/' + d.frame;
      if (key !== last) {
        last = key;
        if (b.frames.length < 5000)
          b.frames.push([Date.now(), d.stretch, d.iteration, Number(d.frame),
                         Number(d.frames)]);
      }
    }
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
})();"""


def new_page(browser, url=None, *, wait=True, locale="en-US"):
    """A page in a fresh context (its own Streamlit session), loaded and rendered."""
    context = browser.new_context(viewport=VIEWPORT, locale=locale)
    context.set_default_timeout(TIMEOUT_MS)
    context.set_default_navigation_timeout(TIMEOUT_MS)
    context.add_init_script(INIT_JS)
    page = context.new_page()
    page.js_errors = []  # uncaught JavaScript errors on the page
    page.on("pageerror", lambda error: page.js_errors.append(str(error)[:200]))
    if url is not None:
        page.goto(url, wait_until="domcontentloaded")
        if wait:
            wait_for_app(page)
    return page


METRIC_JS = """(label) => {
  for (const m of document.querySelectorAll('[data-testid="stMetric"]')) {
    const l = m.querySelector('[data-testid="stMetricLabel"]');
    const v = m.querySelector('[data-testid="stMetricValue"]');
    if (l && v && l.innerText.trim() === label) return v.innerText.trim();
  }
  return null;
}"""

# Conditions checked on every animation frame; each gets one argument.
METRIC_CHANGED = f"""([label, old]) => {{
  const v = ({METRIC_JS})(label); return v !== null && v !== old; }}"""
METRIC_EQUALS = f"""([label, want]) => ({METRIC_JS})(label) === want"""
PAUSED = f"""(label) => ({METRIC_JS})(label) !== null"""
PLAYING = PAUSED  # the Iteration counter's label while Run plays: "▶ Iteration"
RENDERED = """() => {
  if (!document.querySelector('[data-testid="stApp"][data-test-script-state="notRunning"]'
                              + '[data-test-connection-state="CONNECTED"]')) return false;
  if (document.querySelector('[data-testid="stStatusWidget"] '
                             + '[data-testid="stStatusWidgetRunningIcon"]')) return false;
  if (document.querySelector('[data-testid="stSkeleton"]')) return false;
  if (document.querySelector('[data-step-ahead]')) return false;  // Step shown, rerun to come
  if (document.querySelector('[data-testid="stElementContainer"][data-stale="true"]'))
    return false;
  for (const c of document.querySelectorAll('[data-testid="stPlotlyChart"]'))
    if (!c.querySelector('.main-svg')) return false;
  return true;
}"""


def metric_value(page, label="Iteration"):
    return page.evaluate(METRIC_JS, label)


def when(page, condition, arg=None, timeout=TIMEOUT_MS):
    """Wait (checked every animation frame) until ``condition(arg)`` holds; the page's
    performance.now() at that frame, in ms."""
    js = f"(arg) => ({condition})(arg) ? performance.now() : false"
    return page.wait_for_function(js, arg=arg, polling="raf", timeout=timeout).json_value()


# Checked on every animation frame from before the click: the frame where ``condition``
# first holds after the pointerdown, then the frame where the page is also drawn. (Waiting
# for them from Python only after the click returned would time Playwright's round trip
# whenever the page changes faster than that, as a Step shown on press does.)
WATCH = """([condition, arg, rendered]) => {
  const b = window.__bench, check = eval('(' + condition + ')');
  const drawn = rendered && eval('(' + rendered + ')');
  b.seen = b.drawn = null;
  const tick = () => {
    const now = performance.now();
    if (b.clickAt !== null && b.seen === null && check(arg)) b.seen = now;
    if (b.seen !== null && (!drawn || drawn())) { b.drawn = now; return; }
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
}"""


def timed_click(page, selector, condition, arg=None, *, rendered=False, timeout=TIMEOUT_MS):
    """Click ``selector``; seconds from the click (pointerdown) until ``condition`` held
    and, with ``rendered``, until the page was also fully drawn (else None)."""
    page.evaluate("() => { window.__bench.clickAt = window.__bench.clickWall = null; }")
    page.evaluate(WATCH, [condition, arg, RENDERED if rendered else None])
    page.locator(selector).click()
    page.wait_for_function("() => window.__bench.drawn !== null", polling="raf",
                           timeout=timeout)
    seen, drawn, clicked = page.evaluate(
        "() => [window.__bench.seen, window.__bench.drawn, window.__bench.clickAt]")
    return ((seen - clicked) / 1000, (drawn - clicked) / 1000 if rendered else None)


def errors_on(page):
    """Problems a visitor would see: exception boxes, a lost connection."""
    found = []
    n = page.locator(EXCEPTION).count()
    if n:
        found.append(f"{n} exception box(es)")
    state = page.evaluate("""() => { const a = document.querySelector('[data-testid="stApp"]');
        return a ? a.getAttribute('data-test-connection-state') : null; }""")
    if state != "CONNECTED":
        found.append(f"connection {state}")
    return found


def frames_seen(page):
    """The Run recorder's log: [wall ms, stretch's first frame, frame name, slider index,
    frames in the stretch] per distinct frame reached."""
    return page.evaluate("() => window.__bench.frames")


def frame_stats(log, t0_ms, t1_ms):
    """Animation figures from a recorder log, within [t0_ms, t1_ms] of wall time."""
    window = [e for e in log if t0_ms <= e[0] <= t1_ms]
    seconds = (t1_ms - t0_ms) / 1000
    out = dict(frames=len(window), fps=len(window) / seconds if seconds > 0 else 0.0)
    gaps = [(b[0] - a[0]) / 1000 for a, b in zip(window, window[1:])]
    same = [(b[0] - a[0]) / 1000 for a, b in zip(window, window[1:]) if a[1] == b[1]]
    out["playing_fps"] = 1 / median(same) if same else 0.0
    out["longest_gap"] = max(gaps, default=seconds)
    # per stretch: how far the browser got before the next stretch replaced it
    stretches = {}
    for e in log:
        s = stretches.setdefault(e[1], dict(last=-1, n=e[4], t=e[0]))
        s["last"] = max(s["last"], e[3])
    complete = list(stretches.values())[:-1]  # the last one may still be playing
    out["stretches"] = len([s for s in stretches.values() if t0_ms <= s["t"] <= t1_ms])
    out["shown_per_stretch"] = [(s["last"] + 1, s["n"]) for s in complete]
    return out


# -- WebSocket traffic (Chromium's DevTools protocol) ----------------------------------

class WsRecorder:
    """The WebSocket frames a page receives, through a CDP session on it.

    CDP reports the payload after any permessage-deflate decompression: sizes here are
    what the page is handed (the wire carries the same, or less when compressed;
    ``extensions`` says whether compression was negotiated)."""

    def __init__(self, page):
        self.frames = []  # payloads received, bytes
        self.timeline = []  # (browser's network timestamp in s, "sent" | "received", bytes)
        self.extensions = None
        self.cdp = page.context.new_cdp_session(page)
        self.cdp.on("Network.webSocketFrameReceived", self._received)
        self.cdp.on("Network.webSocketFrameSent", self._sent)
        self.cdp.on("Network.webSocketHandshakeResponseReceived", self._handshake)
        self.cdp.send("Network.enable")

    def _handshake(self, params):
        headers = {k.lower(): v for k, v in params["response"].get("headers", {}).items()}
        self.extensions = headers.get("sec-websocket-extensions", "")

    @staticmethod
    def _payload(response):
        if response["opcode"] == 2:
            return base64.b64decode(response["payloadData"])
        return response["payloadData"].encode()

    def _received(self, params):
        data = self._payload(params["response"])
        self.frames.append(data)
        self.timeline.append((params["timestamp"], "received", data))

    def _sent(self, params):
        self.timeline.append((params["timestamp"], "sent", self._payload(params["response"])))

    def take(self):
        """The frames received since the last take() (Playwright delivers events while it
        waits, so wait a little after the last expected message before taking)."""
        frames, self.frames = self.frames, []
        self.timeline = []
        return frames

    def turnaround(self, part="metric"):
        """Seconds from the first frame the page sent since the last take() to the first
        frame received after it that carries ``part`` (as ``describe`` names it): the
        server's answer time, timed at the browser's network layer; None if not seen."""
        sent = next((t for t, kind, _ in self.timeline if kind == "sent"), None)
        if sent is None:
            return None
        for t, kind, data in self.timeline:
            if kind == "received" and t >= sent and describe(data) == part:
                return t - sent
        return None


def describe(data):
    """What a Streamlit ForwardMsg carries: 'plotly_chart boundary_chart', 'metric',
    'cached ref', 'script_finished', ...; None when it does not decode."""
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
    try:
        msg = ForwardMsg.FromString(data)
    except Exception:  # noqa: BLE001 - not a ForwardMsg
        return None
    kind = msg.WhichOneof("type")
    if kind == "ref_hash":
        return "cached ref (element the browser already has)"
    if kind != "delta":
        return kind
    delta = msg.delta.WhichOneof("type")
    if delta != "new_element":
        return delta
    element = msg.delta.new_element
    name = element.WhichOneof("type")
    if name == "plotly_chart":
        return f"plotly_chart {element.plotly_chart.id.split('-', 2)[-1]}"
    if name == "component_instance":
        return "component_instance"
    return name


def by_part(frames):
    """Bytes per kind of message, largest first."""
    sizes = {}
    for data in frames:
        part = describe(data) or "undecoded"
        sizes[part] = sizes.get(part, 0) + len(data)
    return dict(sorted(sizes.items(), key=lambda kv: -kv[1]))


def kb(n):
    return f"{n / 1000:.1f} KB"
