"""The process-wide turn: one script run at a time in this server process (every visitor's
runs share it), and the queue Run's stretches wait in for it.

The rule that keeps it fair: nothing slow runs inside the turn. Work that takes seconds
runs in a widget callback that is quick, in a worker process (lab/jobs.py), or in chunks
with progress.
"""

import threading

# One script run at a time (a page's, app.py, or a rerun of the stage's live part alone,
# e.g. a Run stretch): the others wait their turn without holding the interpreter. Served
# in turn, a Step or a stretch takes its own ~20-40 ms; shared out among every waiting run
# (Python's threads take turns on the GIL), each took as long as all of them. Reentrant: a
# page's run draws the live part too.
lock = threading.RLock()
# Run stretches (reruns of the live part alone) queue here first, so at most one of them
# waits for the turn: a page's run (a click) waits for one stretch, not for the class's.
stretches = threading.Lock()
