"""Heavy work next to a class: one probe page clicks Step while another visitor runs the
heaviest action the page offers, in real Chromium, on one server process.

1. Compare: 32 seeds x 20,000 iterations on the 1,000-point spiral with a hidden layer of
   8 (the heaviest comparison the page allows); the heavy visitor also clicks Step on its
   own page while it works (its page stays usable).
2. Uploads, UPLOAD_ROUNDS times over (a new table each time): the largest CSV the page
   accepts (10,000 rows, near the 2 MB upload limit), then a take-home JSON run
   (lab/take_home.py) on a 10,000-row table, trained again to its iteration when loaded:
   the probe's Step meanwhile, and on the uploading visitor's own page, from choosing the
   file to its progress shown and to the run loaded (the slowest of the rounds).
3. A 10 MB CSV, refused by the page in its language, the table kept.

The probe's Step is timed from its click to the server's rerun drawn. Idle probes come
before, between and after the heavy actions (interleaved: other work shares the machine).
The heavy visitor's browser runs in the idle CPU class (``common.browsers``), as the class
bench's load generators do: drawing a 10,000-point plane on its own device, it would not
take the two cores of this machine from the server and the probe's browser.

    python -m tests.bench heavy [--quick]
    python -m tests.bench.bench_heavy --json   # the JSON run alone, between idle probes
"""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

import numpy as np

from tests.bench.bench_classroom import p90, probe_step
from tests.bench.common import (
    APP,
    METRIC_JS,
    Figure,
    WsRecorder,
    browsers,
    cpu_seconds,
    errors_on,
    log,
    median,
    ms,
    new_page,
    served,
    table,
)

HEAVY = "?view=compare&data=spiral.1000.0.0&hidden=8&target=20000"
COMPARE = ".st-key-compare button:visible"
PROBE_EVERY_MS = 300
TIMEOUT_S = 600
CHART = '[data-testid="stPlotlyChart"]'
PROGRESS = '[data-testid="stProgress"]'
# each upload gives the probe a few Steps: the p90 of three or four is their slowest
UPLOAD_ROUNDS = 5


def idle(page, recorder, n, answers=None):
    """``n`` probe Steps (click to drawn); their server's answers go to ``answers``."""
    out = []
    for _ in range(n):
        drawn, answer = probe_step(page, recorder)
        out.append(drawn)
        if answers is not None:
            answers.append(answer)
        page.wait_for_timeout(PROBE_EVERY_MS)
    return out


def probe_while(page, recorder, busy, own=None, own_every=4, answers=None):
    """Probe Steps until ``busy()`` is false: (the probe's times, the busy visitor's own
    Steps, clicked every ``own_every`` probes: the server's answer, Step message out to
    metric message in; its page also reruns the progress every half second, so it is
    seldom "drawn" and still). The probe's server's answers go to ``answers``."""
    probes, owns = [], []
    deadline = time.monotonic() + TIMEOUT_S
    while busy() and time.monotonic() < deadline:
        drawn, answer = probe_step(page, recorder)
        probes.append(drawn)
        if answers is not None:
            answers.append(answer)
        if own is not None and len(probes) % own_every == 0 and busy():
            owns.append(probe_step(*own)[1])
        page.wait_for_timeout(PROBE_EVERY_MS)
    return probes, owns


def write_csv(path, rows, columns, seed=0):
    """A CSV of ``rows`` rows, ``columns`` - 1 inputs and a 0/1 target ``y``."""
    rng = np.random.default_rng(seed)
    X = rng.uniform(-10, 10, (rows, columns - 1)).round(5)
    y = (X.sum(axis=1) > 0).astype(int)
    head = ",".join([*(f"x{k + 1}" for k in range(columns - 1)), "y"])
    lines = [head] + [",".join([*(f"{v:.5f}" for v in x), str(t)]) for x, t in zip(X, y)]
    path.write_text("\n".join(lines) + "\n")
    return path.stat().st_size


def open_upload(page):
    """Open the Table view's upload."""
    page.get_by_role("tab", name="Table").click()
    page.wait_for_selector(".st-key-upload", state="attached")
    expander = page.locator('[data-testid="stExpander"] summary', has_text="Load a CSV file")
    if page.locator('.st-key-upload input[type="file"]').count() == 0 or \
            not page.locator(".st-key-upload").is_visible():
        expander.click()


def upload(page, path):
    """Open the Table view's upload and give it ``path``."""
    open_upload(page)
    page.locator('.st-key-upload input[type="file"]').set_input_files(str(path))


# the take-home run uploaded: a network on the largest table, trained this far (seconds of
# replay on this machine); its JSON is under the 2 MB upload limit
RUN_TABLE = ("circle", 10_000, 10, 0)  # name, points, noise, seed
RUN_CONFIG = dict(hidden=(4,), activation="tanh", learning_rate=0.0005, bias=True)
RUN_ITERATIONS = 3_000


def write_run(path):
    """The take-home JSON of a run on RUN_TABLE at RUN_ITERATIONS, as Share writes it (the
    table as the user's own): (its size in bytes, the trainer it rebuilds)."""
    from lab import settings, sources, take_home
    from neuron import Config, Trainer, datasets

    name, points, noise, seed = RUN_TABLE
    trainer = Trainer(Config(**RUN_CONFIG), datasets.get(name, points, noise, seed))
    trainer.run(RUN_ITERATIONS)
    page = {k: settings.defaults()[k] for k in settings.PAGE_SETTINGS}
    path.write_text(take_home.write(trainer, sources.CUSTOM, {}, page, None))
    return path.stat().st_size, trainer


# On the uploading page, every animation frame from choosing the file: when a progress bar
# first shows and when the Iteration counter shows the file's iteration (ms).
UPLOAD_CLOCK = f"""(want) => {{
  const u = window.__upload = {{t0: performance.now(), progress: null, loaded: null}};
  const tick = () => {{
    const now = performance.now() - u.t0;
    if (u.progress === null && document.querySelector('{PROGRESS}')) u.progress = now;
    if (({METRIC_JS})('Iteration') === want) {{ u.loaded = now; return; }}
    requestAnimationFrame(tick);
  }};
  requestAnimationFrame(tick);
}}"""


def json_upload(probe, recorder, heavy, folder, answers=None):
    """Upload the take-home run on ``heavy`` while ``probe`` Steps: (the probe's times,
    seconds to the progress shown (None: never shown), to the run loaded (None: never),
    the file's size); the probe's server's answers go to ``answers``."""
    from lab.text import number

    path = Path(folder) / "neuron-lab-run.json"
    size, trainer = write_run(path)
    log(f"heavy: take-home run of {size / 1e6:.2f} MB, {RUN_TABLE[1]:,} rows, "
        f"iteration {trainer.iteration:,}")
    open_upload(heavy)
    heavy.evaluate(UPLOAD_CLOCK, number(trainer.iteration, "en"))
    heavy.locator('.st-key-upload input[type="file"]').set_input_files(str(path))
    samples, _ = probe_while(probe, recorder,
                             lambda: heavy.evaluate("() => window.__upload.loaded === null"),
                             answers=answers)
    progress, loaded = heavy.evaluate("() => [window.__upload.progress, window.__upload.loaded]")
    return samples, (None if progress is None else progress / 1000), \
        (None if loaded is None else loaded / 1000), size


def rows_shown(page):
    return page.evaluate("""() => {
      for (const m of document.querySelectorAll('[data-testid="stMetric"]'))
        if (m.innerText.includes('Rows right')) return m.innerText;
      return ''; }""")


def summary(name, samples, base):
    if not samples:
        return [name, "-", "-", "-", "-", 0]
    return [name, ms(median(samples)), ms(p90(samples)), ms(max(samples)),
            f"{median(samples) / median(base):.2f}x / {p90(samples) / p90(base):.2f}x",
            len(samples)]


def run(quick=False, only_json=False):
    # per idle stretch: three stretches (15 or 36 in all), two with the JSON run alone (30)
    n_idle = 5 if quick else 15 if only_json else 12
    # the heavy visitor's browser in the idle CPU class, as the class bench's: on its own
    # device it would not take this machine's two cores from the server and the probe
    with served(APP) as app, browsers(False, True) as (browser, heavy_browser), \
            tempfile.TemporaryDirectory(prefix="bench-heavy-") as folder:
        probe = new_page(browser, app.url)
        recorder = WsRecorder(probe)
        heavy = new_page(heavy_browser, app.url + ("" if only_json else HEAVY))
        heavy_recorder = WsRecorder(heavy)
        probe_step(probe, recorder)  # warm-up
        probe_step(heavy, heavy_recorder)
        answers = []  # the idle probe's server's answers
        base = idle(probe, recorder, n_idle, answers)

        if not only_json:
            log("heavy: Compare, 32 seeds x 20,000 iterations, 1,000-point spiral, hidden (8,)")
            slider = heavy.locator('.st-key-compare_count input[type="range"]')
            slider.focus()
            slider.press("End")
            heavy.wait_for_function("() => document.querySelector("
                                    "'.st-key-compare_count input[type=\"range\"]')"
                                    ".getAttribute('aria-valuetext') === '32'")
            heavy.wait_for_timeout(1000)
            cpu0 = cpu_seconds(app.proc.pid)
            t0 = time.monotonic()
            heavy.locator(COMPARE).click()
            heavy.wait_for_selector(PROGRESS, timeout=60_000)
            during, own = probe_while(probe, recorder,
                                      lambda: heavy.locator(CHART).count() == 0,
                                      own=(heavy, heavy_recorder))
            compare_s = time.monotonic() - t0
            compare_server_cpu = cpu_seconds(app.proc.pid) - cpu0
            compared = heavy.locator(CHART).count() == 1
            result = heavy.locator("p", has_text="runs fit the table").first.inner_text() \
                if compared else "no result"
            log(f"heavy: compare took {compare_s:.0f} s: {result}")
            base += idle(probe, recorder, n_idle, answers)

            uploading, run_uploading, uploaded, loads, run_size = [], [], True, [], 0
            run_answers = []  # the probe's server's answers during the JSON runs
            for k in range(UPLOAD_ROUNDS):  # a new table each time (a few Steps each)
                big = Path(folder) / f"largest{k}.csv"
                size = write_csv(big, 10_000 - k, 20, seed=k)
                shown = f"/ {10_000 - k:,}"
                log(f"heavy: upload {k + 1} of {UPLOAD_ROUNDS}: {size / 1e6:.1f} MB CSV")
                upload(heavy, big)
                samples, _ = probe_while(probe, recorder,
                                         lambda shown=shown: shown not in rows_shown(heavy))
                uploading += samples
                uploaded = uploaded and shown in rows_shown(heavy)
                heavy.wait_for_timeout(1000)
                samples, progress_s, loaded_s, run_size = json_upload(
                    probe, recorder, heavy, folder, run_answers)
                run_uploading += samples
                loads.append(loaded_s)
                heavy.wait_for_timeout(1000)
            huge = Path(folder) / "ten_mb.csv"
            huge_size = write_csv(huge, 55_000, 24)
            before = rows_shown(heavy)
            upload(heavy, huge)
            heavy.wait_for_timeout(2000)
            refused = heavy.locator('.st-key-upload [data-testid="stFileChipIconError"]')\
                .count() > 0 and \
                rows_shown(heavy) == before
            log(f"heavy: rows before the refused upload {before!r}, after "
                f"{rows_shown(heavy)!r}")
            loaded_s = None if None in loads else max(loads)
        else:
            run_answers = []
            run_uploading, progress_s, loaded_s, run_size = json_upload(
                probe, recorder, heavy, folder, run_answers)
        base += idle(probe, recorder, n_idle, answers)
        problems = errors_on(probe) + errors_on(heavy)

    said = (f"; the uploading page: progress shown after "
            f"{'never' if progress_s is None else f'{progress_s:.2f} s'}, the run loaded "
            f"after {'never' if loaded_s is None else f'{loaded_s:.2f} s'}")
    json_row = summary(f"probe Step during {1 if only_json else UPLOAD_ROUNDS} uploads of a "
                       f"{run_size / 1e6:.2f} MB JSON run", run_uploading, base)
    json_answer_row = summary("  the same Steps, the server's answer (Step out to metric in)",
                              run_answers, answers)
    load = " / ".join(f"{x:.1f}" for x in os.getloadavg())
    title = f"Heavy work beside a probe (load average {load})"
    headers = ["click to the server's rerun drawn", "median", "p90", "max", "vs idle", "n"]
    json_ratio = p90(run_uploading) / p90(base) if run_uploading else float("inf")
    json_figures = [
        Figure("Heavy: probe p90 during the JSON run upload, vs idle", f"{json_ratio:.2f}x",
               ms(p90(base)), target="<= 2x", met=json_ratio <= 2 and loaded_s is not None),
        Figure("Heavy: the JSON run upload on its own page: progress shown / run loaded",
               f"{'-' if progress_s is None else ms(progress_s)} / "
               f"{'-' if loaded_s is None else ms(loaded_s)}", target="(none)")]
    if only_json:
        table(headers, [summary("probe Step, idle (before, after)", base, base), json_row,
                        json_answer_row], title)
        print(f"problems: {problems or 'none'}{said}")
        return json_figures

    rows = [summary("probe Step, idle (before, between, after)", base, base),
            summary("probe Step during Compare", during, base),
            summary("the comparing visitor's own Step during it (server's answer)", own,
                    answers),
            summary(f"probe Step during {UPLOAD_ROUNDS} uploads of a {size / 1e6:.1f} MB CSV",
                    uploading, base),
            json_row, json_answer_row]
    table(headers, rows, title)
    print(f"Compare: {compare_s:.1f} s, server process CPU meanwhile {compare_server_cpu:.1f} s"
          f" ({result}); largest upload loaded: {uploaded}; "
          f"{huge_size / 1e6:.0f} MB upload refused: {refused}; problems: {problems or 'none'}"
          f"{said}")
    worst = max(during + uploading + run_uploading, default=float("inf"))
    ratio = max(p90(during) / p90(base), p90(uploading) / p90(base), json_ratio) \
        if uploading else float("inf")
    return [Figure("Heavy: probe p90 during Compare 32x20,000 and the largest uploads, vs idle",
                   f"{ratio:.2f}x", ms(p90(base)), target="<= 2x",
                   met=ratio <= 2 and compared and uploaded and refused and loaded_s is not None),
            Figure("Heavy: longest probe Step during them", ms(worst), target="<= 1 s",
                   met=worst <= 1.0),
            Figure("Heavy: the comparing visitor's own Step, server's answer (median)",
                   ms(median(own)), ms(median(answers)), target="(none)"),
            *json_figures]


if __name__ == "__main__":
    import sys
    run("--quick" in sys.argv, only_json="--json" in sys.argv)
