"""Run's stretches (lab.run.next_stretch, stop, browser_paused), away from Streamlit: every
frame the browser plays is a state the trainer really reached, also after the history is
thinned."""

import numpy as np
import pytest

from lab import run as runs
from lab.state import Editor, Lab
from neuron import Config, Trainer, presets


def lab_at(iteration, speed=20, table="seed", config=Config()):
    table = presets.get(table)
    trainer = Trainer(config, table).run(iteration)
    lab = Lab(table, trainer, Editor())
    runs.press(lab)
    state = dict(speed=speed, target_iterations=iteration + 10_000)
    return lab, state


def next_stretch(lab, state, now=None):
    return runs.next_stretch(lab, state["target_iterations"], state["speed"], now=now)


def frames(run):
    return len(run.iterations) - 1


@pytest.mark.parametrize(("start", "speed"), [(0, 20), (25_000, 5), (30_000, 100),
                                             (25_001, 20), (1, 100)])
def test_each_frame_is_the_trainer_at_that_iteration(start, speed):
    lab, state = lab_at(start, speed)
    run = next_stretch(lab, state, now=0.0)
    assert frames(run) == runs.RUN_FRAMES
    expected_its = start + speed * np.arange(frames(run) + 1)
    np.testing.assert_array_equal(run.iterations, expected_its)
    assert lab.trainer.iteration == expected_its[-1]
    # an independent trainer, stopped at a few of the frames
    for k in (0, 1, 37, frames(run)):
        other = Trainer(Config(), presets.get("seed")).run(int(expected_its[k]))
        np.testing.assert_array_equal(run.params[k], other.params)
        assert run.losses[k] == other.loss()


def test_the_last_stretch_stops_at_the_target():
    lab, state = lab_at(0, speed=20)
    state["target_iterations"] = 130
    run = next_stretch(lab, state, now=0.0)
    assert list(run.iterations) == [0, 20, 40, 60, 80, 100, 120, 130]
    assert lab.trainer.iteration == 130
    assert next_stretch(lab, state) is None
    assert lab.run.state == runs.STOPPED and lab.run.stretch is None
    assert lab.trainer.iteration == 130


@pytest.mark.parametrize(("seconds", "frame"), [(0.0, 0), (0.35, 3), (4.0, 40), (60.0, 100)])
def test_pause_lands_on_the_frame_the_clock_says(seconds, frame):
    lab, state = lab_at(25_000, speed=20)
    run = next_stretch(lab, state, now=100.0)
    runs.stop(lab, now=100.0 + seconds)
    assert lab.run.state == runs.STOPPED and lab.run.stretch is None
    assert lab.trainer.iteration == run.iterations[frame]
    np.testing.assert_array_equal(lab.trainer.params, run.params[frame])


def test_pause_where_the_browser_says_it_stopped():
    lab, state = lab_at(0, speed=20)
    run = next_stretch(lab, state, now=100.0)
    runs.browser_paused(lab, {"stretch": run.id, "iteration": 740})
    assert lab.run.state == runs.PAUSED and lab.run.stretch is None
    assert lab.trainer.iteration == 740
    np.testing.assert_array_equal(lab.trainer.params,
                                  Trainer(Config(), presets.get("seed")).run(740).params)


@pytest.mark.parametrize("report", [
    None, "740", {"stretch": "old", "iteration": 740}, {"iteration": 740},
    {"stretch": None, "iteration": 740},
])
def test_a_report_about_another_stretch_or_malformed_is_ignored(report):
    lab, state = lab_at(0, speed=20)
    run = next_stretch(lab, state, now=100.0)
    runs.browser_paused(lab, report)
    assert lab.run.state == runs.PLAYING and lab.run.stretch is run


@pytest.mark.parametrize("iteration", [741, -20, 1e300, float("nan"), True, "740", None])
def test_an_iteration_that_is_not_a_frame_falls_back_to_the_clock(iteration):
    lab, state = lab_at(0, speed=20)
    run = next_stretch(lab, state, now=100.0)
    report = {"stretch": run.id, "iteration": iteration}
    runs.browser_paused(lab, report)
    if lab.run.state == runs.PLAYING:  # not a number: nothing happens until the toggle says so
        runs.stop(lab, now=100.0 + 0.5)
    assert lab.trainer.iteration in run.iterations


@pytest.mark.parametrize("config", [Config(), Config(hidden=(3,), batch_size=2, bias=True)])
@pytest.mark.parametrize("start", [0, 7, 25_000, 25_003])
def test_a_stretch_is_one_training_pass_however_thinned_the_history(monkeypatch, config, start):
    """A stretch past 20,000 iterations, or from an odd one (Step before Run), trains once,
    as at the start (it used to train again frame by frame), with the same numbers as a
    trainer run frame by frame."""
    lab, state = lab_at(start, config=config)
    replay = lab.trainer.copy()
    other_lab = lab_at(start, config=config)[0]
    monkeypatch.setattr(runs, "PLAYS", runs.SharedPlays(runs.PLAYS.limit))  # none shared yet
    passes = []
    train = Trainer._train
    monkeypatch.setattr(Trainer, "_train", lambda self, *a: passes.append(1) or train(self, *a))
    run = next_stretch(lab, state, now=0.0)
    assert len(passes) == 1
    other = next_stretch(other_lab, state, now=0.0)
    assert len(passes) == 1  # another session in the same state takes the stretch trained
    monkeypatch.undo()
    np.testing.assert_array_equal(other.params, run.params)
    its, params, losses = [replay.iteration], [replay.params], [replay.loss()]
    while replay.iteration < run.last:
        replay.run(state["speed"])
        its.append(replay.iteration)
        params.append(replay.params)
        losses.append(replay.loss())
    np.testing.assert_array_equal(run.iterations, its)
    np.testing.assert_array_equal(run.params, params)
    np.testing.assert_array_equal(run.losses, losses)


def test_shared_plays_keep_within_their_bytes_the_latest_used():
    def play(iterations, shared):
        Trainer(Config(), presets.get("seed")).run(iterations).play(100, 10, shared)

    def kept(iterations):
        key = Trainer(Config(), presets.get("seed")).run(iterations)._state(100, 10)
        return shared.get(key) is not None

    probe = {}
    play(0, probe)
    each = next(iter(probe.values())).nbytes
    shared = runs.SharedPlays(8 * each + each // 2)
    for start in range(8):
        play(start, shared)
    assert kept(0)  # used: now the latest
    play(8, shared)  # the least recently used (1) goes
    assert [kept(i) for i in range(9)] == [True, False] + [True] * 7
    assert shared.size <= shared.limit
    small = runs.SharedPlays(7 * each)  # a play over an eighth of the limit is not kept
    play(0, small)
    assert small.size == 0 and not small._plays
