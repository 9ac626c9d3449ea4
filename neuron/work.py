"""Work that takes seconds, done in other processes, so one server process stays free for
every visitor: a job runs in a small pool of worker processes (a core is left to the
server), reports its progress and can be cancelled, both through shared memory.

    job = submit(sweep, config, table, 20_000, seeds=range(32))
    job.progress  # 0.0 .. 1.0, as the job last said
    job.cancel()  # the job stops at its next progress report
    job.result()  # when job.done(): its value; raises Cancelled if it was cancelled

The function runs as ``fn(*args, progress=report, **kwargs)``; ``report(fraction)`` raises
``Cancelled`` once the job was cancelled. Only our own objects travel between the
processes (configs, tables, results), never anything unpickled from a user.
"""

import multiprocessing
import os
import sys
import threading
import types
from concurrent.futures import CancelledError, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

SLOTS = 64  # jobs waiting or running at once, every visitor's together
NICE = 10  # workers yield the cores to the server's own threads


class Cancelled(Exception):
    """The job was cancelled before it finished."""


class Busy(Exception):
    """Every slot is taken: too many jobs are waiting."""


_lock = threading.Lock()
_pool = None
_free = list(range(SLOTS))
# per slot: [progress, cancelled]; made here, handed to each worker when it starts
_shared = multiprocessing.get_context("spawn").RawArray("d", 2 * SLOTS)


class _Worker(multiprocessing.context.SpawnProcess):
    """A worker process that does not run the server's ``__main__`` again. Under Streamlit
    that is the page script (Streamlit runs it as ``__main__``), which a spawned process
    runs first: Streamlit, pandas and a whole page, for nothing, in every worker."""

    _bare = types.ModuleType("__main__")

    def start(self):
        main = sys.modules["__main__"]
        sys.modules["__main__"] = self._bare
        try:
            super().start()
        finally:
            sys.modules["__main__"] = main


class _Spawn(multiprocessing.context.SpawnContext):
    Process = _Worker


def workers():
    """Processes in the pool: the cores this process may use, less one for the server."""
    return max(1, len(os.sched_getaffinity(0)) - 1)


def _start(shared):
    global _shared
    _shared = shared
    os.nice(NICE)


def _run(slot, fn, args, kwargs):
    def report(fraction):
        if _shared[2 * slot + 1]:
            raise Cancelled
        _shared[2 * slot] = fraction

    report(0.0)
    return fn(*args, progress=report, **kwargs)


def _executor(renew=False):
    global _pool
    if _pool is None or renew:  # renew: a worker died (killed), the pool is broken
        # one BLAS thread per worker (read when a worker imports numpy): the pool is what
        # spreads work over the cores; more threads only fight the server for them
        for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
            os.environ.setdefault(name, "1")
        _pool = ProcessPoolExecutor(workers(), _Spawn(), initializer=_start,
                                    initargs=(_shared,))
    return _pool


class Job:
    """One submitted job: its progress, its result, a way to cancel it."""

    def __init__(self, future, slot):
        self.future, self.slot = future, slot

    @property
    def progress(self):
        return _shared[2 * self.slot]

    def started(self):
        """A worker took it (else it waits for one)."""
        return self.future.running() or self.future.done()

    def done(self):
        return self.future.done()

    def cancel(self):
        _shared[2 * self.slot + 1] = 1.0
        self.future.cancel()

    def result(self):
        try:
            return self.future.result()
        except CancelledError:
            raise Cancelled from None

    def __repr__(self):
        state = "done" if self.done() else f"{self.progress:.0%}"
        return f"Job({state})"


def submit(fn, *args, **kwargs):
    """Run ``fn`` in a worker process; raises Busy when SLOTS jobs are already waiting."""
    with _lock:
        if not _free:
            raise Busy(f"{SLOTS} jobs are waiting already")
        slot = _free.pop()
        _shared[2 * slot] = _shared[2 * slot + 1] = 0.0
        try:
            try:
                future = _executor().submit(_run, slot, fn, args, kwargs)
            except BrokenProcessPool:
                future = _executor(renew=True).submit(_run, slot, fn, args, kwargs)
        except BaseException:
            _free.append(slot)
            raise
    future.add_done_callback(lambda _: _release(slot))
    return Job(future, slot)


def call(fn, *args, **kwargs):
    """``fn(*args, **kwargs)`` in a worker, waited for here: a thread that waits does not
    hold the interpreter the server's other threads need."""
    return submit(fn, *args, **kwargs).result()


def _release(slot):
    with _lock:
        _free.append(slot)


def _cancel_all():
    for slot in range(SLOTS):
        _shared[2 * slot + 1] = 1.0


# The pool waits for its jobs when the server exits: cancel them first, so they stop at
# their next report (within a second) instead of running on for minutes. Registered after
# concurrent.futures' own exit hook, so it runs before it.
threading._register_atexit(_cancel_all)
