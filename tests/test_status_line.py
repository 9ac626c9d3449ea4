"""The stage's status line says why (issues 20.5 and 19.5): a bad table, a diverged run or
a stalled one is said on the stage, in the status line's place, also with ``hide=table``;
the advice is true (the exact verdict first, noise called noise), and nothing is added
above the diagram (the offers sit under the picture)."""

from lab import link
from lab.text import number, table_error, text
from neuron import Config, Trainer, datasets, lesson, presets
from tests.test_app import click, edit, lab, link_state, open_view, page, run, stage, values
from tests.test_trainer import DIVERGING, _diverging_table

ABOVE_THE_DIAGRAM = ("stuck_new_weights", "bigger_layer")


def buttons(at):
    return {b.key for b in at.button}


def test_one_neuron_on_xor_is_offered_the_hidden_layer_not_new_weights():
    at = page({"preset": "xor", "it": "10000", "lang": "es"})
    data = stage(at)
    assert data["status"] == text("es", "stalled_one_neuron") and data["why"]
    # the exact verdict: one neuron cannot fit xor, so new weights would stall again
    assert lesson.needs_hidden(presets.get("xor"))
    assert "bigger_layer" in buttons(at) and "stuck_new_weights" not in buttons(at)
    (bigger,) = [b for b in at.button if b.key == "bigger_layer"]
    assert bigger.label == text("es", "bigger_layer", n=6)
    click(at, "bigger_layer")
    assert lab(at).trainer.config.hidden == (6,)
    # the fix's news in the status line's place: no toast over the stage's controls
    said = text("es", "status_settings_reset", what="capas ocultas")
    assert stage(at)["status"] == said and stage(at)["news"] and not stage(at)["why"]
    assert not [v for v in values(at.toast) if v.startswith("Ajustes")]
    click(at, "step")  # news until the next iteration
    assert stage(at)["status"] == text("es", "status", i="1",
                                       loss=number(lab(at).trainer.loss(), "es", 6))
    assert not stage(at)["news"]


def test_a_stalled_hidden_layer_is_offered_new_weights_first():
    # the issue 16 report: hidden (2,) on xor from seed 1 is stuck at 2 of 4 right
    at = page({"preset": "xor", "hidden": "2", "it": "10000"})
    assert stage(at)["status"] == text("en", "stalled", window="1,000")
    keys = [b.key for b in at.button if b.key in ABOVE_THE_DIAGRAM]
    assert keys == ["stuck_new_weights", "bigger_layer"]


def test_noise_is_not_called_a_stuck_run():
    # gaussians with 30 % noise, 30 % held out: 133 of 140 training rows right, 59 of 60
    # held out, the 7 misses deep in the other class
    at = page({"data": "gaussians.200.30.0", "test": "0.3", "it": "5000"})
    trainer = Trainer(Config(test_fraction=0.3), datasets.get("gaussians", noise=30)).run(5000)
    assert lab(at).trainer.params.tolist() == trainer.params.tolist()
    assert (trainer.rows_right(test=False).sum(), trainer.rows_right(test=True).sum()) == \
        (133, 59)
    assert stage(at)["status"] == text("en", "stalled_noise", wrong=7)
    assert not buttons(at) & set(ABOVE_THE_DIAGRAM)


def test_a_bad_table_says_why_on_the_stage_also_with_the_table_hidden():
    at = open_view(page(), "table")
    edit(at, edited_rows={1: {"x2": "abc"}})
    problem = lab(at).problem
    assert problem is not None and at.button(key="step").disabled
    said = text("en", "why_table", reason=table_error("en", problem))
    assert stage(at)["status"] == said and stage(at)["why"]
    assert "abc" in said
    lab(at).hide = ["table"]  # a lesson link that hides the table
    run(at)
    assert "table" not in lab(at).view and stage(at)["status"] == said


def test_a_diverged_run_says_why_in_the_status_line_not_above_the_diagram():
    state = link_state(table=_diverging_table(), config=DIVERGING, iteration=2000)
    at = page(link.encode(state))
    assert lab(at).trainer.diverged and at.button(key="step").disabled
    assert stage(at)["status"] == text("en", "why_stage_diverged")
    assert text("en", "diverged") not in values(at.warning)


def test_new_weights_say_so_on_the_status_line_not_in_a_toast_over_the_button():
    at = page({"lang": "es"})
    click(at, "step")
    click(at, "new_weights")
    assert lab(at).trainer.config.seed == 2 and lab(at).trainer.iteration == 0
    assert stage(at)["status"] == text("es", "status_settings_reset", what="semilla aleatoria")
    assert not [v for v in values(at.toast) if v.startswith("Ajustes")]
