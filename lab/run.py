"""Run: training played by the browser as animation frames, one stretch at a time. Run is
one state machine, ``Run`` (the lab's ``run``), changed only by the transitions below:

    stopped --press--> playing --browser_paused--> paused at N --sent--> playing
    playing --next_stretch--> playing (the next stretch), or stopped when Run is over
    playing --back_to_screen--> playing from the frame on screen (a new learning rate)
    playing --send_again--> the same stretch sent again (a switch redrew the stage)
    playing or paused --stop (at the frame on screen) / drop (a new trainer)--> stopped

- stopped: the trainer is where Run left it.
- playing: the browser plays ``stretch`` (None: the next one is to be trained). The server
  trains a stretch ahead and sends its frames; the browser plays them and, at the last
  one, asks for the next (so a session never has more than one request waiting).
- paused at N: the browser stopped at N and said so (the pointer went down on the toggle,
  Step, Step x N or Train); the trainer is at N and that click's own rerun is on its way.
  The stage is drawn once paused; if the toggle is still on after that, Run goes on from N.

The toggle (widget key ``running``) shows the machine and is where the visitor switches
it. The page hears it and sets it at one point, ``state.settle`` at the start of each run,
before the toggle is drawn: ``heard`` compares it with what it last showed
(``Run.toggle``); a difference is the visitor's press (Run starts) or pause (Run stops at
the frame on screen), and the toggle then shows the machine again (on unless stopped). A
transition that stops Run while the toggle is drawn (Run over) shows at the next run.
"""

import math
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass

import numpy as np

RUN_FRAMES = 100  # frames the browser plays per stretch, then asks for the next
FRAME_MS = 100  # 10 frames a second
STOPPED, PLAYING, PAUSED = "stopped", "playing", "paused"


class SharedPlays:
    """The stretches trained lately on this server, for a session in exactly the same state
    to take instead of training them again (``Trainer.play``'s ``shared``): a class that
    opened one link and pressed Run trains each stretch once. The least recently used go
    first beyond ``limit`` bytes."""

    def __init__(self, limit):
        self.limit, self.size = limit, 0
        self._plays = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key):
        with self._lock:
            done = self._plays.get(key)
            if done is not None:
                self._plays.move_to_end(key)
            return done

    def __setitem__(self, key, done):
        if done.nbytes > self.limit // 8:  # a large network's stretch: not worth keeping
            return
        with self._lock:
            old = self._plays.pop(key, None)
            self.size += done.nbytes - (old.nbytes if old is not None else 0)
            self._plays[key] = done
            while self.size > self.limit:
                self.size -= self._plays.popitem(last=False)[1].nbytes


PLAYS = SharedPlays(64 * 2**20)


@dataclass
class Stretch:
    """A stretch of training sent to the browser as animation frames."""

    start: object  # the trainer as it was when the stretch began
    sent_at: float
    iterations: np.ndarray  # per frame (frames + 1, the start included)
    params: np.ndarray  # per frame, every weight and bias
    losses: np.ndarray  # per frame

    @property
    def first(self):
        return int(self.iterations[0])

    @property
    def last(self):
        return int(self.iterations[-1])

    @property
    def id(self):
        return repr(self.sent_at)


@dataclass
class Run:
    """Run's state: only this module's transitions change it."""

    state: str = STOPPED
    stretch: Stretch | None = None  # playing: the stretch the browser plays
    resend: bool = False  # playing: send ``stretch`` again (a switch redrew the stage)
    toggle: bool = False  # what the toggle showed when last heard or set

    @property
    def on(self):
        """The toggle shows Run on: playing, or paused with the click's rerun on its way."""
        return self.state != STOPPED


def _become(run, state, stretch=None):
    run.state, run.stretch, run.resend = state, stretch, False


def converged(trainer, window=200, tolerance=1e-9):
    """Every row right and the loss no longer falling measurably."""
    if not trainer.rows_right().all():
        return False
    loss = trainer.history.loss
    its = trainer.history.iterations
    if its[-1] < window:
        return False
    earlier = loss[trainer.history.index_at(its[-1] - window)]
    return earlier - loss[-1] < tolerance * max(earlier, 1e-300)


def over(trainer, target):
    """Why Run cannot go on from ``trainer`` (a text key), or None."""
    if trainer.diverged:
        return "why_diverged"
    if trainer.iteration >= target:
        return "why_target"
    if converged(trainer):
        return "why_converged"
    return None


# -- transitions ---------------------------------------------------------------------------

def heard(lab, switch, report=None, now=None):
    """The toggle as the visitor left it (``switch``): if it differs from what it showed,
    the visitor pressed it: Run starts (True is returned: training starts from the latest
    iteration) or stops at the frame on screen (``report``, see ``stop``). Then it shows
    the machine again (``lab.run.toggle``, which the page writes into it)."""
    run = lab.run
    pressed = bool(switch) and not run.toggle
    if pressed:
        press(lab)
    elif run.toggle and not switch:
        stop(lab, report, now)
    run.toggle = run.on
    return pressed


def press(lab):
    """The visitor switched Run on: playing, its first stretch to be trained."""
    if lab.run.state == STOPPED:
        _become(lab.run, PLAYING)


def next_stretch(lab, target, per_frame, now=None):
    """Playing, the browser asked for the next stretch (it played the last, or Run just
    started): train it and remember where it started. None when Run is over (it is then
    stopped; ``over`` says why) or not playing."""
    run, trainer = lab.run, lab.trainer
    if run.state != PLAYING:
        return None
    if over(trainer, target) is not None:
        _become(run, STOPPED)
        return None
    left = target - trainer.iteration
    frames = min(RUN_FRAMES, -(-left // per_frame))
    start = trainer.copy()
    first = trainer.iteration
    goal = first + min(left, frames * per_frame)
    # one run that records every frame, each frame's numbers read from that run
    its, params, losses = trainer.play(goal - first, per_frame, PLAYS)
    if trainer.diverged:  # train again frame by frame, as trained, to where it stopped
        trainer = lab.trainer = start.copy()
        its, params, losses = [first], [trainer.params], [trainer.loss()]
        while trainer.iteration < goal and not trainer.diverged:
            trainer.run(min(per_frame, goal - trainer.iteration))
            its.append(trainer.iteration)
            params.append(trainer.params)
            losses.append(trainer.loss())
        its, params, losses = np.array(its), np.array(params), np.array(losses)
    sent_at = time.monotonic() if now is None else now
    _become(run, PLAYING, Stretch(start, sent_at, its, params, losses))
    lab.axis_end = max(lab.axis_end, target, goal)  # the curves keep this axis when paused
    lab.record = None
    return run.stretch


def to_play(lab, target, per_frame, now=None):
    """Playing: the stretch to send, the one playing again when a switch redrew the stage
    (the browser goes on where it was), else the next (``next_stretch``)."""
    run = lab.run
    if run.resend and run.stretch is not None:
        run.resend = False
        return run.stretch
    return next_stretch(lab, target, per_frame, now)


def send_again(lab):
    """A switch of the plane redrew the stage in the browser: while a stretch plays, the
    next run sends it again."""
    lab.run.resend = lab.run.state == PLAYING and lab.run.stretch is not None


def sent(lab):
    """The stage is drawn: a pause it shows has been shown (if the toggle is still on at
    the next run, Run goes on from there); a stretch sent again is sent."""
    run = lab.run
    run.resend = False
    if run.state == PAUSED:
        run.state = PLAYING


def reported(report):
    """The iteration the browser says it paused on, if the report is well formed."""
    if not isinstance(report, dict):
        return None, None
    shown = report.get("iteration")
    if isinstance(shown, (int, float)) and not isinstance(shown, bool) \
            and math.isfinite(shown) and shown == int(shown):
        return report.get("stretch"), int(shown)
    return None, None


def browser_paused(lab, report, now=None):
    """The browser stopped the animation and said where: paused there. ``report`` comes
    from the page's script: anything unexpected (another stretch, not a number) is ignored."""
    run = lab.run
    stretch, shown = reported(report)
    if run.state == PLAYING and run.stretch is not None and stretch == run.stretch.id:
        _to_screen(lab, shown, now)
        run.state = PAUSED


def stop(lab, report=None, now=None):
    """Run stops at the frame on screen: where the browser said (``report``, which often
    comes in the same batch) or else where the clock says. The visitor switched it off;
    a command trains from there (Step during Run pauses at the frame shown, then steps);
    a bad edit."""
    stretch = lab.run.stretch
    said, shown = reported(report)
    _to_screen(lab, shown if stretch is not None and said == stretch.id else None, now)
    _become(lab.run, STOPPED)


def drop(lab):
    """Run stops and its stretch is dropped: the lab has a new trainer (Reset, new
    weights or settings, a new table)."""
    _become(lab.run, STOPPED)


def back_to_screen(lab, now=None):
    """The trainer back at the frame on screen, as the clock says (a new learning rate
    applies from there); if playing, Run goes on from there with the next stretch."""
    _to_screen(lab, None, now)


def _to_screen(lab, shown=None, now=None):
    """The trainer at the frame on screen: ``shown`` if it is one of the stretch's frames,
    else the frame the clock says; nothing if no stretch plays."""
    stretch = lab.run.stretch
    if stretch is None:
        return
    frames = [int(i) for i in stretch.iterations]
    if shown in frames:
        target = shown
    else:
        elapsed = (time.monotonic() if now is None else now) - stretch.sent_at
        target = frames[min(len(frames) - 1, max(0, int(elapsed * 1000 / FRAME_MS)))]
    trainer = stretch.start
    trainer.run(target - trainer.iteration)
    lab.trainer = trainer
    lab.run.stretch = None
