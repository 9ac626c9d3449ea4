"""Run: training played by the browser as animation frames, one stretch at a time.

One state: ``lab.run`` is None when Run is stopped (paused at ``lab.trainer.iteration``) or
the ``Stretch`` the browser is playing. The server trains a stretch ahead and sends its
frames; the browser plays them and, at the last one, asks for the next (so a session
never has more than one request waiting). When the browser reports where it paused, the
server goes back to exactly that frame.
"""

import math
import threading
import time
from dataclasses import dataclass

import numpy as np

RUN_FRAMES = 100  # frames the browser plays per stretch, then asks for the next
FRAME_MS = 100  # 10 frames a second
# One script run at a time in this process (a page's, app.py, or a rerun of the stage's
# live part alone, e.g. a Run stretch): the others wait their turn without holding the
# interpreter. Served in turn, a Step or a stretch takes its own ~20-40 ms; shared out
# among every waiting run (Python's threads take turns on the GIL), each took as long as
# all of them. Reentrant: a page's run draws the live part too.
turn = threading.RLock()
# Run stretches (reruns of the live part alone) queue here first, so at most one of them
# waits for the turn: a page's run (a click) waits for one stretch, not for the class's.
stretches = threading.Lock()


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


def next_stretch(lab, target, per_frame, now=None):
    """Train the next stretch and remember where it started; None when Run is over
    (``lab.run`` is then None)."""
    trainer = lab.trainer
    left = max(0, target - trainer.iteration)
    if left == 0 or trainer.diverged or converged(trainer):
        lab.run = None
        return None
    frames = min(RUN_FRAMES, -(-left // per_frame))
    start = trainer.copy()
    first = trainer.iteration
    goal = first + min(left, frames * per_frame)
    # one run that records every frame, each frame's numbers read from that run
    its, params, losses = trainer.play(goal - first, per_frame)
    if trainer.diverged:  # train again frame by frame, as trained, to where it stopped
        trainer = lab.trainer = start.copy()
        its, params, losses = [first], [trainer.params], [trainer.loss()]
        while trainer.iteration < goal and not trainer.diverged:
            trainer.run(min(per_frame, goal - trainer.iteration))
            its.append(trainer.iteration)
            params.append(trainer.params)
            losses.append(trainer.loss())
        its, params, losses = np.array(its), np.array(params), np.array(losses)
    lab.run = Stretch(start, time.monotonic() if now is None else now, its, params, losses)
    lab.axis_end = max(lab.axis_end, target, goal)  # the curves keep this axis when paused
    lab.record = None
    return lab.run


def pause(lab, shown=None, now=None):
    """Stop Run at the frame the browser is showing: ``shown``, the iteration the browser
    reported (checked against the stretch), or else worked out from the clock."""
    run = lab.run
    if run is None:
        return
    frames = [int(i) for i in run.iterations]
    if shown in frames:
        target = shown
    else:
        elapsed = (time.monotonic() if now is None else now) - run.sent_at
        target = frames[min(len(frames) - 1, max(0, int(elapsed * 1000 / FRAME_MS)))]
    trainer = run.start
    trainer.run(target - trainer.iteration)
    lab.trainer = trainer
    lab.run = None


def reported(report):
    """The iteration the browser says it paused on, if the report is well formed."""
    if not isinstance(report, dict):
        return None, None
    shown = report.get("iteration")
    if isinstance(shown, (int, float)) and not isinstance(shown, bool) \
            and math.isfinite(shown) and shown == int(shown):
        return report.get("stretch"), int(shown)
    return None, None


def browser_paused(lab, report):
    """The browser stopped the animation and said where: stop there. ``report`` comes from
    the page's script: anything unexpected is ignored."""
    stretch, shown = reported(report)
    if lab.run is not None and stretch == lab.run.id:
        pause(lab, shown=shown)
        lab.held = True
