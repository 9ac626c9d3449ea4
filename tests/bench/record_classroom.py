"""Record what a real Chromium sends Streamlit for the classroom benchmark's clients.

Opens the page (``?target=100000``) in headless Chromium, switches Run on, waits until
the stage has played the first stretch and asked for the next, switches Run off and
clicks Step, keeping every
WebSocket message the browser sent (Playwright's ``framesent`` events). The BackMsgs are
stored, labelled by what the visitor did, in ``classroom_messages.json`` beside this file;
``classroom.py`` replays them. Record again whenever the page's widgets change:

    python -m tests.bench.record_classroom
"""

from __future__ import annotations

import base64
import json
import time
from pathlib import Path

import streamlit
from streamlit.proto.BackMsg_pb2 import BackMsg

from lab.text import text
from tests.bench.bench_run import TARGET
from tests.bench.common import (
    APP,
    METRIC_CHANGED,
    PAUSED,
    PLAYING,
    RENDERED,
    RUNNING,
    STEP,
    chromium,
    log,
    metric_value,
    new_page,
    served,
    when,
)

FIXTURE = Path(__file__).with_name("classroom_messages.json")


def label(msg, phase):
    """What a BackMsg is, for replay: 'load', 'run', 'more' (the stage asking for Run's
    next stretch), 'pause', 'step', or its type when it is not a rerun."""
    kind = msg.WhichOneof("type")
    if kind != "rerun_script":
        return kind
    if any(w.WhichOneof("value") == "json_trigger_value"
           and '"more"' in w.json_trigger_value for w in msg.rerun_script.widget_states.widgets):
        return "more"
    return phase


def record():
    sent = []  # (phase, payload)
    phase = ["load"]
    with served(APP) as app, chromium() as browser:
        page = new_page(browser, wait=False)
        page.on("websocket", lambda ws: ws.on(
            "framesent", lambda payload: sent.append((phase[0], payload))))
        page.goto(app.url + TARGET, wait_until="domcontentloaded")
        when(page, RENDERED)
        phase[0] = "run"
        page.locator(RUNNING).click()
        when(page, PLAYING, text("en", "iteration_playing"))
        deadline = time.monotonic() + 60
        while not any(label(BackMsg.FromString(p), ph) == "more" for ph, p in sent
                      if isinstance(p, bytes)):
            if time.monotonic() > deadline:
                raise RuntimeError("the stage did not ask for a next stretch within 60 s")
            page.wait_for_timeout(500)
        phase[0] = "pause"
        page.locator(RUNNING).click()
        when(page, PAUSED, "Iteration")
        when(page, RENDERED)
        phase[0] = "step"
        before = metric_value(page)
        page.locator(STEP).click()
        when(page, METRIC_CHANGED, ["Iteration", before])
        when(page, RENDERED)
        page.wait_for_timeout(500)
    messages = []
    for ph, payload in sent:
        if not isinstance(payload, bytes):
            continue
        msg = BackMsg.FromString(payload)
        messages.append(dict(label=label(msg, ph),
                             payload=base64.b64encode(payload).decode()))
    return messages


def main():
    messages = record()
    FIXTURE.write_text(json.dumps(dict(
        streamlit=streamlit.__version__, recorded=time.strftime("%Y-%m-%d"),
        page=f"{APP}{TARGET}", messages=messages), indent=1) + "\n")
    log(f"{len(messages)} messages -> {FIXTURE}: "
        + ", ".join(m["label"] for m in messages))


if __name__ == "__main__":
    main()
