"""Lightweight classroom clients: N Streamlit sessions speaking the browser's WebSocket
protocol (protobuf BackMsg out, ForwardMsg in), replaying what a real Chromium sent
(``classroom_messages.json``, made by ``record_classroom.py``). No rendering: one asyncio
process drives them all, so the server, not the load generator, is what gets measured.

Each session connects to ``/_stcore/stream``, sends the recorded page load, then either
switches Run on and, as the browser does, asks for the next stretch once it would have
played the last one (the stage's ``more`` trigger, after 100 ms a frame) (``run``), or
clicks Step every 2 s (``step``). ``--steps-first K``: a running session clicks Step K
times (each answered) before Run, so Run plays from an odd iteration; ``--query``: the
link the class opens (``target=100000&it=25001``: Run from past 20,000 iterations;
``{seat}`` in it is each session's number from 1, ``it={seat}``: every student somewhere
else, as after a few pauses);
``--spread S``: the sessions start within S seconds (1: a class told "press Run now"). Replayed messages are rewritten where they are
session-specific: the query string (the server's last ``page_info_changed``), the page's
URL, the hashes of the messages this client holds (aged out after two runs, as the
browser's cache does), the fragment id and stretch id (from the stretch received), the
widgets' ids (Streamlit hashes the server's path to app.py into them: a recording made in
one checkout names no widget of another; each is replaced by the id of the widget with
the same key on the page the server sent) and the ``timeline`` widget (left out: the
server moves it as training goes; a browser sends what the server set).

    python -m tests.bench.clients URL --sessions N --mode run|step --seconds S

prints ``ready <wall time>`` once every session is loaded and going, and at the end (after
``--seconds``, or on SIGTERM/SIGINT) one JSON line with each session's events. Each Step
is timed from its own click to the end of the first script run that started after it
(a run already under way when it was sent, ending after it, does not answer it); the
Steps and the stretch request still unanswered at the end are listed with when they were
sent (``unanswered``).
``--lifetime S``: students come and go (each stays 0.5 to 1.5 times S; a new one takes
the seat), for the soak benchmark.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import json
import random
import signal
import sys
import time
from pathlib import Path

import orjson
import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

FIXTURE = Path(__file__).with_name("classroom_messages.json")
STEP_EVERY = 2.0  # seconds between a clicking student's Steps
MAX_CACHE_AGE = 2  # script runs a cached message survives unseen (Streamlit's default)
LOADING_AT_ONCE = 4  # page loads in flight: a class does not arrive in the same second
FINISHED = ForwardMsg.ScriptFinishedStatus
DROPPED_WIDGETS = ("-timeline",)
FRAME_S = 0.1  # the stage plays a frame every 100 ms (lab.run.FRAME_MS)


def recorded(path=FIXTURE):
    """The recorded BackMsgs by label (the first of each)."""
    out = {}
    for m in json.loads(path.read_text())["messages"]:
        out.setdefault(m["label"], BackMsg.FromString(base64.b64decode(m["payload"])))
    return out


class Session:
    """One student's browser tab, as the server sees it."""

    def __init__(self, url, messages, mode, steps_first=0, query=None):
        self.url, self.messages, self.mode = url, messages, mode
        self.steps_first = steps_first
        self.query = query or messages["load"].rerun_script.query_string
        self.cache = {}  # message hash -> run count when last seen
        self.hashes = {}  # widget key -> the hash in its id on this server's page
        self.runs = 0
        self.finished = asyncio.Event()
        self.sent = []  # when each Step not answered yet was sent
        self.covered = 0  # of those, sent before the script run under way started
        self.answered = asyncio.Event()  # a script run finished since the last Step
        self.asked_at = None  # when Run last asked for a stretch (not answered yet)
        self.playing = None  # the stretch being played: asks for the next at its end
        self.loaded = asyncio.Event()
        self.ws = None
        self.going = None  # the task that switches Run on or clicks Step
        self.events = dict(stretches=[], steps=[], interrupted=0, errors=[], bytes=0,
                           loaded=None, connected=None,
                           unanswered=dict(steps=[], stretch=None))

    # -- sending -------------------------------------------------------------------------

    async def send(self, label, fragment_id="", stretch=None):
        msg = BackMsg()
        msg.CopyFrom(self.messages[label])
        rerun = msg.rerun_script
        rerun.query_string = self.query
        rerun.context_info.url = self.url + "/"
        del rerun.cached_message_hashes[:]
        rerun.cached_message_hashes.extend(self.cache)
        if fragment_id:
            rerun.fragment_id = fragment_id
        keep = [w for w in rerun.widget_states.widgets if not w.id.endswith(DROPPED_WIDGETS)]
        del rerun.widget_states.widgets[:]
        rerun.widget_states.widgets.extend(keep)
        for w in rerun.widget_states.widgets:
            w.id = self.server_id(w.id)
        if stretch is not None:  # the stage's trigger names the stretch it played
            for w in rerun.widget_states.widgets:
                if w.WhichOneof("value") == "json_trigger_value":
                    w.json_trigger_value = orjson.dumps(
                        [{"event": "more", "value": {"stretch": stretch}}]).decode()
        await self.ws.send(msg.SerializeToString())

    def server_id(self, recorded):
        """The id this server gives the widget ``recorded`` names (``<prefix>-<hash>-<key>``;
        a component's events key ``<key>__events`` goes with the component's hash)."""
        prefix, _, key = recorded.split("-", 2)
        known = self.hashes.get(key) or self.hashes.get(key.split("__")[0])
        return f"{prefix}-{known}-{key}" if known else recorded

    async def more(self, fragment_id, stretch, frames):
        await asyncio.sleep(frames * FRAME_S)  # the browser plays the frames, then asks
        self.asked_at = time.time()
        await self.send("more", fragment_id, stretch)

    # -- receiving -----------------------------------------------------------------------

    def received(self, data):
        self.events["bytes"] += len(data)
        msg = ForwardMsg.FromString(data)
        kind = msg.WhichOneof("type")
        if msg.metadata.cacheable and msg.hash:
            self.cache[msg.hash] = self.runs
        if kind == "ref_hash":
            self.cache[msg.ref_hash] = self.runs
        elif kind == "new_session":  # a script run starts: it answers the Steps sent so far
            self.covered = len(self.sent)
        elif kind == "page_info_changed":
            self.query = msg.page_info_changed.query_string
        elif kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
            self.element(msg.delta.new_element, msg.delta.fragment_id)
        elif kind == "script_finished":
            self.script_finished(msg.script_finished)

    def element(self, element, fragment_id):
        name = element.WhichOneof("type")
        widget_id = getattr(getattr(element, name), "id", "") if name else ""
        if isinstance(widget_id, str) and widget_id.startswith("$$ID-"):
            _, hashed, key = widget_id.split("-", 2)
            self.hashes[key] = hashed
        if name == "exception":
            self.events["errors"].append(f"exception: {element.exception.message[:120]}")
        elif name == "bidi_component" and element.bidi_component.id.endswith("-stage") \
                and element.bidi_component.json:
            data = orjson.loads(orjson.loads(element.bidi_component.json))  # a JSON text
            frames = len(data.get("frames") or ())
            if self.playing is not None:  # a new picture replaces the one playing
                self.playing.cancel()
                self.playing = None
            if not frames:  # the stage at rest, not a Run stretch
                return
            now = time.time()  # and how long the server took to answer the request
            waited = now - self.asked_at if self.asked_at is not None else None
            self.asked_at = None
            self.events["stretches"].append((now, frames, waited))
            self.playing = asyncio.create_task(self.more(fragment_id, data["stretch"], frames))

    def script_finished(self, status):
        if status == FINISHED.FINISHED_WITH_COMPILE_ERROR:
            self.events["errors"].append("script compile error")
        if status == FINISHED.FINISHED_EARLY_FOR_RERUN:  # cut short by a newer request
            self.events["interrupted"] += 1
            return
        self.runs += 1
        self.cache = {h: r for h, r in self.cache.items() if self.runs - r <= MAX_CACHE_AGE}
        now = time.time()  # the Steps this run answers, each timed from its own click
        self.events["steps"] += [(t, now - t) for t in self.sent[:self.covered]]
        self.sent, self.covered = self.sent[self.covered:], 0
        if not self.sent:
            self.answered.set()
        self.loaded.set()

    # -- a visit ---------------------------------------------------------------------------

    async def listen(self):
        try:
            async for data in self.ws:
                if isinstance(data, bytes):
                    self.received(data)
        except websockets.ConnectionClosed as closed:
            self.events["errors"].append(f"connection closed: {closed}")

    async def load(self, loading):
        async with loading:
            host = self.url.split("://", 1)[1]
            self.ws = await websockets.connect(
                f"ws://{host}/_stcore/stream", subprotocols=["streamlit"],
                origin=self.url, max_size=None, open_timeout=120, ping_interval=None)
            self.events["connected"] = time.time()
            self.listener = asyncio.create_task(self.listen())
            await self.send("load")
            await self.loaded.wait()
            self.events["loaded"] = time.time()

    async def step(self):
        self.answered.clear()
        self.sent.append(time.time())
        await self.send("step")

    async def go(self, offset):
        await asyncio.sleep(offset)
        if self.mode == "run":
            for _ in range(self.steps_first):
                await self.step()
                await self.answered.wait()
            self.asked_at = time.time()
            await self.send("run")
            return
        while True:
            await self.step()
            await asyncio.sleep(STEP_EVERY)

    async def close(self):
        self.events["query"] = self.query
        self.events["unanswered"] = dict(steps=list(self.sent), stretch=self.asked_at)
        if self.playing is not None:
            self.playing.cancel()
        if self.ws is not None:
            await self.ws.close()


async def classroom(url, sessions, mode, seconds, load_timeout, lifetime=0.0, steps_first=0,
                    query=None, spread=None):
    """Run the class; with ``lifetime``, each student leaves after 0.5 to 1.5 times it
    and a new one takes the seat (loads the page afresh), until the end."""
    messages = recorded()

    def student(seat):
        return Session(url, messages, mode, steps_first,
                       query.format(seat=seat) if query else None)

    students = [student(k + 1) for k in range(sessions)]
    loading = asyncio.Semaphore(LOADING_AT_ONCE)
    loads = [asyncio.create_task(s.load(loading)) for s in students]
    done, pending = await asyncio.wait(loads, timeout=load_timeout)
    for task in pending:
        task.cancel()
    for s, task in zip(students, loads):
        if task in done and task.exception() is not None:
            s.events["errors"].append(f"load failed: {task.exception()!r}"[:200])
    ready = [s for s in students if s.events["loaded"] is not None]
    period = spread if spread is not None else STEP_EVERY if mode == "step" else 10.5
    rng = random.Random(0)  # students do not click in step: spread over one period
    for s in ready:
        s.going = asyncio.create_task(s.go(rng.uniform(0, period)))
    print(f"ready {time.time():.3f} {len(ready)}", flush=True)

    async def seat(s, number):
        while True:
            await asyncio.sleep(lifetime * rng.uniform(0.5, 1.5))
            s.going.cancel()
            await s.close()
            s = student(number)
            students.append(s)
            try:
                await asyncio.wait_for(s.load(loading), load_timeout)
            except Exception as error:  # noqa: BLE001 - counted and reported
                s.events["errors"].append(f"load failed: {error!r}"[:200])
            s.going = asyncio.create_task(s.go(rng.uniform(0, period)))

    seats = [asyncio.create_task(seat(s, students.index(s) + 1)) for s in ready] \
        if lifetime else []
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    try:
        await asyncio.wait_for(stop.wait(), seconds)
    except TimeoutError:
        pass
    for task in seats + [s.going for s in students if s.going is not None]:
        task.cancel()
    await asyncio.gather(*(s.close() for s in students if s.ws is not None),
                         return_exceptions=True)
    return [s.events for s in students]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("url")
    parser.add_argument("--sessions", type=int, default=30)
    parser.add_argument("--mode", choices=("run", "step"), default="run")
    parser.add_argument("--seconds", type=float, default=120, help="bound after loading")
    parser.add_argument("--load-timeout", type=float, default=300)
    parser.add_argument("--lifetime", type=float, default=0.0,
                        help="seconds a student stays (0.5 to 1.5 times); 0: the whole time")
    parser.add_argument("--steps-first", type=int, default=0,
                        help="Steps (each answered) before Run, in run mode")
    parser.add_argument("--query", help="the link's query string the class opens")
    parser.add_argument("--spread", type=float,
                        help="seconds the sessions' starts are spread over")
    args = parser.parse_args(argv)
    events = asyncio.run(classroom(args.url.rstrip("/"), args.sessions, args.mode,
                                   args.seconds, args.load_timeout, args.lifetime,
                                   args.steps_first, args.query, args.spread))
    sys.stdout.write(json.dumps(events) + "\n")


if __name__ == "__main__":
    main()
