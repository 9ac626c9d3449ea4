"""The picture matches the caption and the moment (issue 20.4): the curves' end labels at
the iteration shown (0 included), an iteration axis that does not jump on pause, a link
whose iteration is the frame on screen once Run stops, and weight curves coloured and
dashed by sign as the caption says."""

import numpy as np

from lab import scene
from lab.palette import NEGATIVE, POSITIVE, dasharray
from tests.test_app import iteration, lab, page, seed_trainer, set_widget, stage

NUDGE = scene.font_sizes(1.0)["tick"]  # a label moved off its neighbour or the plot's edge


def weight_ends(data, names):
    """The weight curves' end labels: name -> (y, colour)."""
    return {t: (y, colour) for _, y, t, colour in data["ends"] if t in names}


def marker_ys(data, key="markers"):
    """The markers on the weight curves, in the order of the weights."""
    return [y for _, y in data[key][1:]]


def test_end_labels_are_at_the_iteration_shown_also_at_zero():
    at = page()
    data = stage(at)
    names = ["w(x1→y)", "w(x2→y)", "w(x3→y)"]
    ends = weight_ends(data, names)
    # at iteration 0 the labels sit at the starting weights, beside their markers, coloured
    # by their sign: -0.17, 0.44, -1.0 (not the next Step's 0.12, 0.50, -0.85)
    start = seed_trainer(0).weights[0].ravel()
    assert np.sign(start).tolist() == [-1, 1, -1]
    for name, y, w in zip(names, marker_ys(data), start):
        assert abs(ends[name][0] - y) <= NUDGE, (name, ends[name], y)
        assert ends[name][1] == (NEGATIVE if w < 0 else POSITIVE)
    # the Step shown on press brings its own labels, at its own values
    ahead = data["ahead"]
    after = {t: y for _, y, t, _ in ahead["e"] if t in names}
    for name, y in zip(names, marker_ys(ahead, "m")):
        assert abs(after[name] - y) <= NUDGE


def test_each_run_frame_carries_its_own_end_labels():
    at = page()
    set_widget(at, "toggle", "running", True)
    frames = stage(at)["frames"]
    names = ["w(x1→y)", "w(x2→y)", "w(x3→y)"]
    for f in (frames[1], frames[len(frames) // 2], frames[-1]):
        ends = {t: y for _, y, t, _ in f["e"]}
        for name, y in zip(names, marker_ys(f, "m")):
            assert abs(ends[name] - y) <= NUDGE, (f["i"], name)


def test_the_iteration_axis_does_not_jump_on_pause():
    at = page()
    set_widget(at, "toggle", "running", True)
    playing = stage(at)["curves"]["plots"][0]["xticks"]
    assert playing[-1][1] == "10,000"
    set_widget(at, "toggle", "running", False)
    assert lab(at).run.stretch is None and iteration(at) < 10_000
    assert stage(at)["curves"]["plots"][0]["xticks"] == playing


def test_the_link_says_the_frame_on_screen_once_run_stops():
    at = page()
    assert at.query_params["it"] == "0"
    set_widget(at, "toggle", "running", True)
    assert lab(at).run.stretch.last > 0
    # the server trained the stretch ahead; the browser shows its first frames: the link
    # does not claim the stretch's end
    assert at.query_params["it"] == "0"
    set_widget(at, "toggle", "running", False)
    assert at.query_params["it"] == str(lab(at).trainer.iteration)


def test_weight_curves_are_blue_solid_when_positive_and_orange_dashed_when_negative():
    # a weight that crosses zero: one run on each side, meeting at the crossing
    runs = scene.sign_runs([0, 10, 20, 30], [1.0, 0.5, -0.5, -1.0])
    assert [(list(x), list(v), neg) for x, v, neg in runs] == [
        ([0, 10, 15], [1.0, 0.5, 0.0], False), ([15, 20, 30], [0.0, -0.5, -1.0], True)]
    at = page({"it": "40"})
    lines = stage(at)["curves"]["plots"][1]["lines"]
    assert {(ln["color"], ln["dash"]) for ln in lines} == {(POSITIVE, ""),
                                                           (NEGATIVE, dasharray("dash", 2))}
    # the seed's w(x3→y) stays negative: all its lines are orange dashed
    assert {ln["color"] for ln in lines if ln["name"] == "w(x3→y)"} == {NEGATIVE}
