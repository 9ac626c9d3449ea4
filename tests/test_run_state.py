"""Run's state machine (lab/run.py), one transition at a time, away from Streamlit: after
each, the trainer's iteration (checked against a trainer run straight to it), what the
toggle shows and the iteration the counters show; a transition that does not apply in a
state changes nothing. Then two of them through the page (AppTest)."""

import numpy as np
import pytest

from lab import run as runs
from lab.run import PAUSED, PLAYING, RUN_FRAMES, STOPPED
from lab.state import Editor, Lab
from lab.text import text
from neuron import Config, Table, Trainer, presets
from tests import test_app as app

TARGET, SPEED = 10_000, 20
DIVERGING = Config(hidden=(2,), activation="relu", loss="cross_entropy", bias=True,
                   learning_rate=100, seed=0)
FAR_APART = Table([[1e6, 1e6], [-1e6, 1e6], [1e6, -1e6], [-1e6, -1e6]], [0.5] * 4)


def article(n):
    return Trainer(Config(), presets.get("seed")).run(n)


def stopped_at(n):
    return Lab(presets.get("seed"), article(n), Editor())


def shows(lab):
    """Run's state, the toggle, the iteration the counters show (a stretch's first frame
    while it plays), and the trainer's iteration."""
    return lab.run.state, lab.run.toggle, lab.viewed().iteration, lab.trainer.iteration


def playing_from(n, now=100.0):
    """Run pressed at iteration ``n``, its first stretch sent at ``now``."""
    lab = stopped_at(n)
    runs.heard(lab, True)
    runs.next_stretch(lab, TARGET, SPEED, now=now)
    return lab


def frame(stretch, k):
    return int(stretch.iterations[k])


def assert_at(lab, n):
    assert lab.trainer.iteration == n
    np.testing.assert_array_equal(lab.trainer.params, article(n).params)


# -- each transition -------------------------------------------------------------------------

def test_press_plays_from_where_the_trainer_is():
    lab = stopped_at(7)
    assert shows(lab) == (STOPPED, False, 7, 7)
    assert runs.heard(lab, True) is True  # the visitor switched it on
    assert shows(lab) == (PLAYING, True, 7, 7)  # nothing trained until the stage asks
    stretch = runs.next_stretch(lab, TARGET, SPEED, now=0.0)
    last = 7 + RUN_FRAMES * SPEED
    assert (stretch.first, stretch.last) == (7, last)
    assert shows(lab) == (PLAYING, True, 7, last)  # the browser plays it from 7
    assert_at(lab, last)


def test_the_browser_asking_for_more_gets_the_stretch_after():
    lab = playing_from(0)
    first = lab.run.stretch
    second = runs.next_stretch(lab, TARGET, SPEED, now=200.0)
    assert lab.run.stretch is second and second.first == first.last
    assert shows(lab) == (PLAYING, True, first.last, second.last)
    assert_at(lab, second.last)


def test_run_over_at_its_target_stops_and_the_toggle_goes_off():
    lab = stopped_at(0)
    runs.heard(lab, True)
    assert runs.next_stretch(lab, 130, SPEED, now=0.0).last == 130
    assert runs.next_stretch(lab, 130, SPEED) is None
    assert runs.over(lab.trainer, 130) == "why_target"
    assert shows(lab) == (STOPPED, True, 130, 130)  # the toggle, drawn on, goes off next run
    assert runs.heard(lab, True) is False  # not the visitor's press: the toggle still on
    assert shows(lab) == (STOPPED, False, 130, 130)
    assert_at(lab, 130)


def test_run_over_when_training_diverges():
    lab = Lab(FAR_APART, Trainer(DIVERGING, FAR_APART), Editor())
    runs.heard(lab, True)
    stretch = runs.next_stretch(lab, TARGET, SPEED, now=0.0)
    alone = Trainer(DIVERGING, FAR_APART).run(TARGET)
    assert alone.diverged and stretch.last == alone.iteration == lab.trainer.iteration
    assert runs.next_stretch(lab, TARGET, SPEED) is None
    assert runs.over(lab.trainer, TARGET) == "why_diverged"
    runs.heard(lab, True)
    assert lab.run.state == STOPPED and not lab.run.toggle


def test_the_browser_pauses_at_the_frame_it_shows_then_the_click_stops_run():
    lab = playing_from(0)
    n = frame(lab.run.stretch, 37)
    runs.browser_paused(lab, {"stretch": lab.run.stretch.id, "iteration": n})
    assert shows(lab) == (PAUSED, True, n, n)  # the toggle's own click is on its way
    assert_at(lab, n)
    runs.heard(lab, True)  # a run before that click: nothing changes
    assert shows(lab) == (PAUSED, True, n, n)
    runs.sent(lab)  # drawn paused once
    runs.heard(lab, False)  # the click
    assert shows(lab) == (STOPPED, False, n, n)
    assert_at(lab, n)


def test_paused_and_drawn_goes_on_from_there_if_the_toggle_stays_on():
    lab = playing_from(0)
    n = frame(lab.run.stretch, 12)
    runs.browser_paused(lab, {"stretch": lab.run.stretch.id, "iteration": n})
    runs.sent(lab)
    assert shows(lab) == (PLAYING, True, n, n) and lab.run.stretch is None
    stretch = runs.to_play(lab, TARGET, SPEED, now=300.0)
    assert stretch.first == n and stretch.last == n + RUN_FRAMES * SPEED
    assert_at(lab, stretch.last)


def test_switched_off_it_stops_where_the_browser_said():
    lab = playing_from(0)
    n = frame(lab.run.stretch, 50)
    assert runs.heard(lab, False, {"stretch": lab.run.stretch.id, "iteration": n}) is False
    assert shows(lab) == (STOPPED, False, n, n)
    assert_at(lab, n)


@pytest.mark.parametrize(("seconds", "k"), [(0.35, 3), (60.0, RUN_FRAMES)])
def test_switched_off_without_a_word_from_the_browser_it_stops_where_the_clock_says(seconds, k):
    lab = playing_from(0, now=100.0)
    n = frame(lab.run.stretch, k)
    runs.heard(lab, False, {"stretch": "another", "iteration": 40}, now=100.0 + seconds)
    assert shows(lab) == (STOPPED, False, n, n)
    assert_at(lab, n)


def test_step_during_run_pauses_at_the_frame_shown_then_steps():
    lab = playing_from(0)
    n = frame(lab.run.stretch, 20)
    runs.stop(lab, {"stretch": lab.run.stretch.id, "iteration": n})  # state.step's first act
    lab.trainer.step()
    assert_at(lab, n + 1)
    assert lab.run.state == STOPPED and lab.run.toggle  # drawn on until the next run
    runs.heard(lab, True)
    assert shows(lab) == (STOPPED, False, n + 1, n + 1)


def test_new_weights_drop_the_stretch_and_keep_the_new_trainer():
    lab = playing_from(0)
    new = Trainer(Config(seed=2), presets.get("seed"))
    lab.trainer = new  # what state.new_weights does before Run is told
    runs.drop(lab)
    runs.heard(lab, True)
    assert shows(lab) == (STOPPED, False, 0, 0) and lab.trainer is new


def test_a_new_learning_rate_goes_on_from_the_frame_on_screen():
    lab = playing_from(0, now=100.0)
    n = frame(lab.run.stretch, 10)
    runs.back_to_screen(lab, now=100.0 + 1.0)  # 10 frames of 100 ms
    assert shows(lab) == (PLAYING, True, n, n) and lab.run.stretch is None
    assert_at(lab, n)
    assert runs.next_stretch(lab, TARGET, SPEED, now=200.0).first == n


def test_a_switch_of_the_plane_sends_the_stretch_playing_again_once():
    lab = playing_from(0)
    stretch = lab.run.stretch
    runs.send_again(lab)
    assert runs.to_play(lab, TARGET, SPEED) is stretch  # the browser goes on where it was
    assert lab.trainer.iteration == stretch.last
    after = runs.to_play(lab, TARGET, SPEED)
    assert after.first == stretch.last


# -- transitions that do not apply change nothing ----------------------------------------

def test_a_stopped_run_ignores_what_only_a_playing_one_hears():
    lab = stopped_at(25)
    trainer = lab.trainer
    assert runs.next_stretch(lab, TARGET, SPEED) is None
    runs.browser_paused(lab, {"stretch": "0.0", "iteration": 25})
    runs.stop(lab, {"stretch": "0.0", "iteration": 25})
    runs.back_to_screen(lab)
    runs.send_again(lab)
    runs.sent(lab)
    assert runs.heard(lab, False) is False
    assert shows(lab) == (STOPPED, False, 25, 25) and lab.trainer is trainer
    assert not lab.run.resend


def test_pressing_again_while_playing_changes_nothing():
    lab = playing_from(0)
    stretch, trainer = lab.run.stretch, lab.trainer
    runs.press(lab)
    assert runs.heard(lab, True) is False
    assert lab.run.stretch is stretch and lab.trainer is trainer
    assert shows(lab) == (PLAYING, True, 0, stretch.last)


def test_a_paused_run_is_not_paused_again_nor_trained_on():
    lab = playing_from(0)
    stretch = lab.run.stretch
    n = frame(stretch, 5)
    runs.browser_paused(lab, {"stretch": stretch.id, "iteration": n})
    runs.browser_paused(lab, {"stretch": stretch.id, "iteration": frame(stretch, 9)})
    assert runs.next_stretch(lab, TARGET, SPEED) is None
    runs.press(lab)
    runs.send_again(lab)
    assert shows(lab) == (PAUSED, True, n, n) and not lab.run.resend


# -- through the page ------------------------------------------------------------------------

def test_run_reaching_its_target_turns_its_toggle_off_and_says_why():
    at = app.page({"target": "130", "speed": "20"})
    app.set_widget(at, "toggle", "running", True)
    assert app.lab(at).run.stretch.last == 130 and at.toggle(key="running").value
    app.run(at)  # the browser has played the stretch and asks for the next
    assert not at.toggle(key="running").value and app.lab(at).run.state == STOPPED
    assert app.iteration(at) == 130
    assert text("en", "run_done", why=text("en", "why_target")) in app.toasts(at)
    assert at.toggle(key="running").disabled  # at the target: nothing left to play


def test_step_during_run_turns_its_toggle_off_and_steps_from_a_frame_played():
    at = app.page()
    app.set_widget(at, "toggle", "running", True)
    frames = [int(i) for i in app.lab(at).run.stretch.iterations]
    app.click(at, "step")
    assert not at.toggle(key="running").value and app.lab(at).run.state == STOPPED
    now = app.iteration(at)
    assert now - 1 in frames
    np.testing.assert_array_equal(app.lab(at).trainer.params, article(now).params)
