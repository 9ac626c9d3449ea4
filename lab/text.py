"""Every string the page shows, in English and Spanish, and number formatting per language."""

import math
from decimal import Decimal

LANGUAGES = {"en": "English", "es": "Español"}

TEXT = {
    "en": {
        "title": "Neuron Lab: watch a neuron learn",
        "intro": "The article *Cómo funciona Tensorflow*'s neuron, exactly: press Step, "
                 "then Run, and watch every number change.",
        "language": "Language",
        # the stage and its views
        "view_table": "Table",
        "view_predictions": "Predictions",
        "view_explain": "Explain this step",
        "view_sigmoid": "Sigmoid",
        "view_boundary": "Boundary",
        "view_compare": "Compare runs",
        "view_tensorflow": "TensorFlow",
        "view_data": "Data",
        "view_share": "Share & take home",
        "view_during_run": "Run is playing: this view shows iteration {i}, where the stretch "
                           "began; it follows when you pause.",
        "iteration_playing": "▶ Iteration",
        "announce": "Iteration {i}, loss {loss}, {right} of {rows} rows right.",
        "timeline_later": "Timeline: look back at any iteration once training has started "
                          "(and while Run is paused).",
        "status": "Iteration {i} · loss {loss}",
        # a notice said on the status line (Lab.status_note): short, one line (the counters
        # above say the loss)
        "status_settings_reset": "Restarted ({what} changed)",
        "status_lr_kept": "Learning rate {lr}: weights kept",
        "status_past": "Looking back at iteration {i} (training is at {now})",
        "status_playing": "▶ Iteration {i} · loss {loss}",
        "back_to_latest": "Back to the latest iteration ({latest}) to train on: you were "
                          "looking at iteration {shown}.",
        # table
        "preset": "Preset",
        "source_custom": "Your own table",
        "source_custom_help": "The table as you edited or loaded it. Pick a preset or a data "
                              "set to start again from one.",
        # presets and data sets (neuron/presets.py, neuron/datasets.py name them)
        "preset_seed": "The article's table",
        "preset_seed_help": "The article's table: the output copies the first input; the third "
                            "input is always 1 and acts as a bias.",
        "preset_and": "AND",
        "preset_and_help": "AND: 1 only when x1 and x2 are both 1 (x3 is a constant 1).",
        "preset_or": "OR",
        "preset_or_help": "OR: 1 when x1 or x2 (or both) is 1 (x3 is a constant 1).",
        "preset_nand": "NAND",
        "preset_nand_help": "NAND: the opposite of AND (x3 is a constant 1).",
        "preset_nor": "NOR",
        "preset_nor_help": "NOR: 1 only when both inputs are 0 (x3 is a constant 1).",
        "preset_xor": "XOR",
        "preset_xor_help": "XOR: 1 when exactly one input is 1. One neuron cannot learn it; a "
                           "hidden layer can.",
        "preset_not": "NOT",
        "preset_not_help": "NOT: the output is the opposite of x1 (x2 is a constant 1).",
        "preset_majority": "Majority of 3",
        "preset_majority_help": "Majority: 1 when at least two of x1, x2, x3 are 1 (x4 is a "
                                "constant 1).",
        "preset_xor3": "The two-layer follow-up (XOR, 7 rows)",
        "preset_xor3_help": "The two-layer follow-up's 7 rows: XOR of x1 and x2, x3 is "
                            "irrelevant. Needs a hidden layer (the follow-up uses 4 neurons and "
                            "60,000 iterations).",
        "preset_half_adder": "Half adder (2 outputs)",
        "preset_half_adder_help": "Half adder: two outputs, sum (x1 XOR x2) and carry (x1 AND "
                                  "x2).",
        "dataset_circle": "Circle",
        "dataset_circle_help": "Points inside a circle are 1, points around it are 0. No straight"
                               " line separates them.",
        "dataset_xor": "XOR quadrants",
        "dataset_xor_help": "1 where x1 and x2 have the same sign, 0 where they differ: XOR on "
                            "the plane.",
        "dataset_gaussians": "Two gaussians",
        "dataset_gaussians_help": "Two clouds of points, 1 around (2, 2) and 0 around (-2, -2). A"
                                  " straight line separates them; noise makes them overlap.",
        "dataset_spiral": "Spiral",
        "dataset_spiral_help": "Two interleaved spiral arms, one 1 and one 0: the hardest of the "
                               "four.",
        "dataset_plane": "Plane (regression)",
        "dataset_plane_help": "Regression: the target grows evenly with x1 + x2, from 0 to 1.",
        "dataset_multi_gaussian": "Six gaussians (regression)",
        "dataset_multi_gaussian_help": "Regression: six bumps, three up (1) and three down (0), "
                                       "0.5 between them.",
        "data_points": "Points",
        "data_noise": "Noise (%)",
        "recipe": "Measured on this data set (200 points, no noise, 10,000 iterations): at least "
                  "95 % of rows right from 100 of 100 random starts with {what}.",
        "recipe_use": "Use these settings",
        "recipe_applied": "Set when this data set was chosen, to train it: {what}. An update "
                          "sums over the rows, so the rate shrinks as they grow.",
        "new_data": "New data",
        "new_data_help": "Next data seed: the data set drawn again, and its held-out rows "
                         "with it. New weights keep both.",
        "inputs": "Inputs",
        "inputs_help": "Switch x1 or x2 off as TensorFlow Playground allows: the network "
                       "then sees only the other inputs.",
        "playground": "Open a TensorFlow Playground lesson",
        "playground_help": "Paste the whole address of a playground.tensorflow.org page: its "
                           "data set, inputs, network and settings open here.",
        "playground_note": "From TensorFlow Playground: the same data set, inputs, network, "
                           "batch size, regularization and training share, and the learning "
                           "rate converted (an update here sums over the batch: its rate ÷ "
                           "the batch size, the regularization rate × the batch size). "
                           "Different: the output is a sigmoid with targets 0 and 1 (there "
                           "tanh with −1 and 1, linear for regression); an iteration is one "
                           "batch update (there one pass over the data); the points, the "
                           "split and the starting weights come from this page's own random "
                           "draws.",
        "playground_opened": "TensorFlow Playground lesson opened, its learning rate converted.",
        "playground_problems": "Parts of the TensorFlow Playground address that were not "
                               "carried over (the Playground's defaults are used): {parts}.",
        "recipe_hidden": "hidden layer(s) {sizes} ({act})",
        "recipe_single": "one neuron",
        "features": "Extra input features",
        "features_help": "Columns computed from x1 and x2, each an input node of the network "
                         "(as in TensorFlow Playground).",
        "table_help": "Inputs on the left, targets (what the network should answer, 0 to 1) "
                      "on the right. Edit cells, add rows at the bottom, select rows to delete.",
        "target_mark": "{name} (target)",
        "add_input": "+ input",
        "remove_input": "− input",
        "add_output": "+ target",
        "remove_output": "− target",
        "upload": "Load a CSV file, or a run saved from Share (JSON)",
        "upload_help": "A header line, then one row per line; comma or semicolon separated. "
                       "Target columns are named y, y1, y2… or target…, else the last column. "
                       "A .json file downloaded from Share & take home rebuilds that whole run.",
        "download_csv": "Download the table (CSV)",
        "upload_limit": "Files up to {mb} MB.",
        "table_changed": "The table changed: training restarted from the initial weights.",
        # keys typed into the table that no cell took (lab/grid_keys.js)
        "keys_no_cell": "Not entered: {typed}, typed into row {row}, column {column}: the new "
                        "table has no such cell.",
        "keys_no_cell_somewhere": "Not entered: {typed}: the new table has no cell where it "
                                  "was typed.",
        "keys_not_taken": "Not entered: {typed}, typed into row {row}, column {column}: the "
                          "table did not take it in time. Type it again.",
        "keys_not_taken_somewhere": "Not entered: {typed}: the table did not take it in time. "
                                    "Type it again.",
        "quoted": "“{value}”",
        "table_loaded": "Loaded {name}: training restarted.",
        "upload_failed": "Could not load {name}: {reason}. The current table is kept.",
        "run_loaded": "Loaded {name}: the run at iteration {i}, rebuilt from its settings and table.",
        "run_weights_differ": "The weights in {name} are not the ones its settings and table "
                              "give: the page shows the rebuilt ones.",
        "run_failed": "Could not load {name}: {reason}. Nothing was changed.",
        "file_too_big": "it is larger than {mb} MB",
        "file_not_json": "it is not JSON text",
        "file_too_deep": "its lists nest too deep for a run",
        "file_not_finite": "it holds {value}, which is not a finite number",
        "file_not_a_run": "it is not a run saved from this page's Share view",
        "file_missing": "it has no {part}",
        "file_bad": "its {part} cannot be used ({value})",
        "source_failed": "Could not make that table: {reason}. The current table is kept.",
        "table_invalid": "The table has a problem: {reason}. Training is paused until it is "
                         "fixed; the last valid table and the training state are kept.",
        "min_columns": "The table needs at least one input and one target.",
        "max_columns": "The table already has the most columns allowed.",
        # settings
        "settings": "Settings",
        "hidden": "Hidden layers",
        "hidden_help": "0 is the article's single neuron. Add a layer to learn XOR.",
        "neurons_in": "Neurons in hidden layer {n}",
        "activation": "Hidden activation",
        "loss": "Loss",
        "learning_rate": "Learning rate",
        "learning_rate_help": "Multiplies every adjustment. The article uses 1.",
        "bias": "Bias",
        "bias_help": "Adds a bias to every neuron. The article has none: its third input, "
                     "always 1, plays that role.",
        "seed": "Random seed",
        "seed_help": "The article uses 1. The same seed always gives the same initial weights.",
        "target_iterations": "Iteration target",
        "more_settings": "Batches, regularisation, test rows",
        "batch_size": "Batch size (0 = every row)",
        "batch_size_help": "Rows per update. 0 updates from every row at once, as the article "
                           "does; a smaller batch uses that many rows per iteration, shuffled "
                           "each pass (seeded).",
        "regularization": "Regularisation",
        "reg_none": "none (the article's)", "reg_l1": "L1", "reg_l2": "L2",
        "regularization_rate": "Regularisation rate",
        "test_fraction": "Rows held out for testing",
        "test_fraction_help": "Those rows (chosen by the seed) are never trained on: their loss "
                              "shows whether the network generalises.",
        "data_seed": "Data seed",
        "speed": "Run speed (iterations per frame)",
        "settings_reset": "Settings changed ({what}): training restarted from new initial "
                          "weights.",
        "lr_kept": "Learning rate is now {lr}; the trained weights are kept.",
        "field_not_number": "{field}: “{value}” is not a number; {kept} is kept.",
        "field_out_of_range": "{field}: {value} is out of range; {kept} is kept.",
        "sigmoid": "sigmoid", "tanh": "tanh", "relu": "ReLU", "linear": "linear",
        "squared": "squared error (the article's)", "cross_entropy": "cross-entropy",
        # controls
        "controls": "Training",
        "step": "Step",
        "step_many": "Step × {n}",
        "step_size": "Iterations per Step × N",
        "running": "Run",
        "train": "Train to {n}",
        "reset": "Reset",
        "new_weights": "New weights",
        "step_help": "One full-batch update, as one turn of the article's loop.",
        "train_help": "All remaining iterations up to the target at once.",
        "reset_help": "Back to the initial weights of this seed.",
        "new_weights_help": "Next seed: new random initial weights.",
        "running_help": "Plays training as an animation in your browser; switch off to pause.",
        "run_done": "Run stopped: {why}.",
        "why_target": "the iteration target is reached",
        "why_converged": "every row is right and the loss no longer falls",
        "why_diverged": "training diverged",
        "at_target": "The iteration target is reached. Raise it in the settings to train more.",
        # metrics
        "iteration": "Iteration",
        "loss_metric": "Loss",
        "rows_right": "Rows right",
        "test_loss": "Test loss",
        "test_right": "Test rows right",
        "train_curve": "train",
        "test_curve": "test",
        "diverged": "Training diverged (the numbers grew beyond what a computer can hold). "
                    "The last finite state is kept. Lower the learning rate and press Reset.",
        # diagram
        "diagram": "The network",
        "row_picker": "Show a row flowing through",
        "no_row": "none",
        "row_n": "row {n}",
        "input_layer": "inputs",
        "output_layer": "output",
        "hidden_layer": "hidden layer {n}",
        "hidden_layers": "hidden layers",
        "diagram_keys": "Focused, the arrow keys name each weight with its value.",
        "diagram_caption": "Line width is the weight's size; blue solid lines are positive, orange dashed lines negative.",
        # charts
        "charts": "Learning",
        "loss_title": "Loss",
        "weights_title": "Weights",
        "log_scale": "Log scale",
        "log_scale_help": "Used once the loss spans more than a factor of 10; until then the "
                          "axis stays linear.",
        "iteration_axis": "iteration",
        "loss_axis": "loss",
        "weight_axis": "weight",
        # predictions
        "predictions": "Predictions",
        "output_col": "{name} (output)",
        "target_col": "{name} (target)",
        "right_col": "Right?",
        "set_col": "Rows for",
        "right": "✓ right",
        "wrong": "✗ wrong",
        # ask
        "ask": "Ask the neuron",
        "ask_help": "Enter a new input row; the network answers with its current weights. "
                    "The article ends by asking about [1, 0, 0].",
        "answer": "At iteration {i} the network answers {values}.",
        # errors
        "error_not_a_number": "row {row}, column {column}: “{value}” is not a number",
        "error_empty_cell": "row {row}, column {column}: the cell is empty",
        "error_not_finite": "row {row}, column {column}: the value must be a finite number",
        "error_ambiguous_number": "row {row}, column {column}: “{value}” could be {decimal} or "
                                  "{thousands}: write it without a thousands separator",
        "error_input_range": "row {row}, column {column}: {value} is outside −1,000,000 to "
                             "1,000,000",
        "error_target_range": "row {row}, column {column}: targets must be between 0 and 1, "
                              "not {value}",
        "error_count_rows": "a table needs 1 to 10,000 rows, not {value}",
        "error_count_rows_over": "the table has more than 10,000 rows (at most 10,000)",
        "error_count_inputs": "a table needs 1 to 32 input columns, not {value}",
        "error_count_outputs": "a table needs 1 to 8 target columns, not {value}",
        "error_cell_count": "row {row} has {cells} cells but the header has {columns} columns",
        "error_name_repeated": "two columns are named “{column}”",
        "error_name_long": "the column name “{column}” is longer than 40 characters",
        "error_name_empty": "a column has no name",
        "error_empty": "the file is empty",
        "error_not_text": "this is not a text (CSV) file",
        "error_too_big": "the file is too large ({value} bytes; at most {limit})",
        "error_too_few_columns": "a table needs at least one input column and one target column",
        "error_too_many_columns": "too many columns ({columns}); at most 32 inputs and 8 "
                                  "targets",
        "error_not_csv": "the file is not valid CSV",
        "error_other": "{message}",
        "link_problems": "Some parts of the link could not be read and were left at their "
                         "defaults: {parts}.",
        "link_table_large": "This link was made with a table too large for a link: the "
                            "article's table is shown instead, with the link's settings. The "
                            "run file (Share, JSON) carries a table of any size.",
        'explain_next': 'Iteration 0: no update has led here, so this is the next one, what Step would do.',
        'explain_last': 'The update Step just made.',
        'explain_led_here': 'The update that led to this iteration, replayed exactly (with the learning rate it had).',
        'explain_intro': "The update from iteration {a} to {b}, in the article's five steps. Every number is the one the trainer used.",
        'explain_rows_cut': 'Showing the first {shown} of {total} rows.',
        'explain_rows_used': 'This update used {n} of the {total} rows (a batch, or the training rows of a split): rows {rows}.',
        'explain_1': '1. The weights at iteration {a}, before this update',
        'explain_2': '2. Weighted sum and output, row by row',
        'explain_sigmoid': 'The output is the sigmoid of the sum, $\\sigma(z) = \\frac{1}{1 + e^{-z}}$: always between 0 and 1.',
        'explain_3': '3. The error: target − output',
        'explain_4': '4. How much to adjust each weight',
        'explain_delta_squared': "Each row's correction δ is error × slope, where slope = output × (1 − output): the sigmoid's slope, written with its output. A row's contribution to a weight is input × error × slope; summed over the rows, it is the adjustment.",
        'explain_delta_cross_entropy': "With cross-entropy loss the slope cancels out: each row's correction δ is just its error. A row's contribution to a weight is input × error; summed over the rows, it is the adjustment.",
        'explain_lr': 'Every contribution is multiplied by the learning rate, {lr}.',
        'explain_backprop': 'A hidden neuron has no target: its correction δ is the sum of the corrections of the neurons it feeds, each times the weight between them (as it was before this update), times its own slope.',
        'explain_contributions': "Each row's contribution to each weight, and their sum, the adjustment:",
        'explain_5': '5. New weight = old weight + adjustment: the weights at iteration {b}',
        'explain_loss': 'Loss before this update: {before}; after it: {after}.',
        'col_from': 'from',
        'col_bias': 'bias',
        'col_row': 'row',
        'col_neuron': 'neuron',
        'col_sum': 'weighted sum',
        'col_output': 'output',
        'col_target': 'target',
        'col_error': 'error',
        'col_slope': 'slope',
        'col_received': 'Σ δ × w (sent back)',
        'col_delta': 'correction δ',
        'col_sum_adjustment': 'sum = adjustment',
        'col_penalty': 'regularisation',
        'layer_output': 'output layer',
        'sigmoid_caption': 'Each row sits on the curve at its sum z. The short line is the slope there: far from 0 the curve is flat, so the slope, and with it the step, gets small. That is why training slows down once the outputs are close to 0 or 1.',
        'sigmoid_hidden': 'The sigmoid view shows the output neuron.',
        'boundary_caption': "Colour is the network's output over the plane of two inputs (orange near 0, blue near 1, white 0.5). Blue circles are rows whose target is 1, orange squares rows whose target is 0; hollow ones are test rows.",
        'boundary_caption_regression': "Colour is the network's output over the plane of two inputs (orange near 0, white 0.5, blue near 1); each row's point is coloured by its target on the same scale. Squares are test rows.",
        'boundary_constant': 'Constant columns ({names}) are held at their value: they act as a bias.',
        'boundary_line': 'The line where the output is exactly 0.5: {equation}',
        'boundary_none': 'The boundary needs at least two inputs that vary in the table.',
        'boundary_x': 'Horizontal axis',
        'boundary_y': 'Vertical axis',
        'boundary_output': 'Output',
        'boundary_hold': 'Value of {name}',
        'separable_yes': 'One neuron can fit this table: a straight line (a plane) separates the rows whose target is 1 from those whose target is 0.',
        'separable_no': 'One neuron cannot fit this table: no straight line separates the 1s from the 0s (look at the boundary: whatever the weights, one side of a line is always wrong for some row). A hidden layer can bend the boundary.',
        'separable_no_output': 'One neuron cannot fit target {name}: no straight line separates its 1s from its 0s. A hidden layer can bend the boundary.',
        'add_hidden': 'Add a hidden layer of {n} neurons',
        'separable_unknown': 'Could not decide exactly whether one neuron can fit this table (the numbers are too close to call); the answer below is left out.',
        'hidden_learned': 'With the hidden layer the network has every row right (iteration {i}).',
        'hidden_learning': 'With the hidden layer: {right} of {rows} rows right so far. Keep training.',
        'stalled': 'Stuck: no progress in {window} iterations. Try new weights or a bigger layer.',
        'stalled_one_neuron': 'One neuron cannot fit this table: add a hidden layer.',
        'stalled_noise': 'The {wrong} wrong rows sit among the other class and test rows do as well: the rest may be noise.',
        'why_table': 'Paused: the table has a problem: {reason}.',
        'why_stage_diverged': 'Training diverged: lower the learning rate and press Reset.',
        'status_done': 'Iteration {i} · loss {loss} · target reached',
        'bigger_layer': 'Hidden layer of {n}',
        'questions': 'Common questions',
        'q_zero': 'Why does an input of all zeros give exactly 0.5?',
        'a_zero': "Without a bias, the sum is 0 × w₁ + 0 × w₂ + … = 0 whatever the weights, and σ(0) = 1 / (1 + e⁰) = 1/2. Training can never move it. Here the network answers {value} for all zeros. The article's table avoids this with its third input, always 1; turning on Bias does the same for every neuron.",
        'a_zero_bias': "With a bias the sum for all zeros is the bias itself, b = {bias}, so the output is σ(b) = {value}: the bias is what lets training move it away from 0.5.",
        'a_zero_deep_bias': "Not here: the network answers {value}. With biases every neuron's sum for all zeros starts from its own bias, not from 0, so nothing holds the output at 0.5; without Bias and hidden layers it would be exactly 0.5 (σ(0) = 1/2) whatever the weights.",
        'a_zero_hidden': "Not here: the network answers {value}. The zeros give each first hidden neuron a sum of 0, so each outputs σ(0) = 0.5; those 0.5s, weighted, reach the output neuron, whose sum is no longer 0. With a single neuron and no bias it would be exactly 0.5 (σ(0) = 1/2) whatever the weights.",
        'a_zero_hidden_half': "Without a bias every sum is 0 × w₁ + 0 × w₂ + … = 0; {act}(0) = 0 passes those zeros on through the hidden layers, so the output neuron's sum is 0 too and σ(0) = 1/2. Training can never move it: the network answers {value} for all zeros. Turning on Bias changes that.",
        'q_slope': 'Why is the slope written output × (1 − output)?',
        'a_slope': "The sigmoid's slope at z is σ(z) × (1 − σ(z)), and σ(z) is the output the code has already computed: so the article writes `output * (1 - output)`, the output and not the input. In the first row of the step above: output {out}, slope {out} × (1 − {out}) = {slope}.",
        'q_lr': 'What does the learning rate do?',
        'a_lr': 'It multiplies every adjustment. The article uses 1 (so it does not appear in its code). Smaller steps are slower but steadier; too large and the weights overshoot and may diverge. Now: {lr}.',
        'timeline': 'Timeline',
        'timeline_help': 'Look at any earlier iteration: the diagram, the boundary and the explanation show it as it was. Training itself stays where it is.',
        'timeline_now': 'Back to now',
        'compare': 'Compare runs',
        'compare_help': 'Train several copies at once, each from other random weights (seeds) or with another learning rate, and overlay their loss curves.',
        'compare_by': 'Vary',
        'compare_seeds': 'seeds',
        'compare_rates': 'learning rates',
        'compare_count': 'Number of seeds',
        'compare_rate_list': 'Learning rates',
        'compare_button': 'Compare',
        'compare_result': '{fit} of {total} runs fit the table after {iterations} iterations.',
        'compare_limits': 'At most {seeds} seeds or {rates} learning rates; each run trains to the target, at most {iterations} iterations.',
        'compare_working': 'Comparing: {percent}% done. The rest of the page keeps working.',
        'separable_working': 'Working out whether one neuron can fit this table: {percent}% done.',
        'upload_reading': 'Reading the file…',
        'run_reading': 'Reading the run and training it again to its iteration: {percent}% done. The rest of the page keeps working.',
        'training': 'Training: {percent}% done. Step, Run and Train wait until it ends or is cancelled.',
        'work_waiting': 'Waiting: the server is working for other visitors first.',
        'work_cancel': 'Cancel',
        'work_cancelled': 'Cancelled.',
        'work_busy': 'The server has too much work waiting: try again in a minute.',
        'work_failed': 'The work stopped before it finished: try again.',
        'compare_run': 'seed {seed}, rate {lr}',
        'compare_seed': 'seed {seed}',
        'compare_rate': 'rate {lr}',
        'compare_fits': 'fits',
        'compare_misses': 'does not fit',
        'export_script': 'Download a numpy script',
        'export_script_help': 'A standalone Python 3 + numpy program that trains this network for the current iteration count and prints its outputs.',
        'export_json': 'Download the run (JSON)',
        'export_json_help': 'Every setting, the table, the learning-rate changes, the iteration shown, the row asked about, the weights and their history. Load it in the Table view to rebuild this run.',
        'keras_intro': "The article is called *Cómo funciona Tensorflow*: TensorFlow's `Dense` layer trained by plain gradient descent **is** this page's neuron. Here is the update the page makes in numpy, beside the Keras 3 code that makes the same update.",
        'keras_numpy': 'numpy (what this page runs)',
        'keras_keras': 'Keras 3 (TensorFlow)',
        'keras_float64': 'Numbers: numpy computes in float64; Keras defaults to float32, so the script switches it to float64 to get the same digits.',
        'keras_initial': "Step 1, the weights: the same starting weights, drawn as the article draws them (seed, then 2 × random − 1 per layer) and set into each Dense layer.",
        'keras_dense': 'Step 2, weighted sum and output: a Dense layer is inputs · weights (+ bias), then its activation.',
        'keras_logits': 'Step 2 for the output with cross-entropy: the output layer hands its sum z to the loss, which applies the sigmoid inside (exact where the probability would round to 0 or 1).',
        'keras_loss_squared': "Step 3, the error, and step 4's slope: the loss is ½ × Σ (target − output)², summed over rows (not Keras' default mean). Its gradient is −(error × output × (1 − output)) per row: the article's correction δ.",
        'keras_loss_cross_entropy': 'Step 3 and 4 with cross-entropy: the loss summed over rows; its gradient with respect to z is −error, so δ is the error itself.',
        'keras_backprop': 'Step 4 for hidden layers: numpy sends each correction back through the weights by hand; Keras differentiates the loss automatically and gets the same numbers.',
        'keras_sgd': 'Step 5, new weights: plain SGD (no momentum) subtracts learning rate × gradient, which is adding learning rate × inputs · δ.',
        'keras_iterations': 'And repeat: one iteration is one update on the whole table (one batch of every row).',
        'keras_download': 'Download the Keras script',
        'keras_l1': 'Regularisation L1: the page subtracts rate × sign(w) from each weight\'s adjustment; Keras adds rate × Σ|w| to the loss (kernel_regularizer), whose gradient is the same.',
        'keras_l2': 'Regularisation L2: the page subtracts rate × w from each weight\'s adjustment (the gradient of rate × ½Σw²); Keras\' L2 has no ½, so the script gives it half the rate.',
        'keras_batches': 'And repeat: each iteration is one update on a batch of the training rows, in the page\'s order (each epoch shuffled by the same hash); Keras is told not to shuffle them again.',
        'keras_loss_shown_squared': 'The **Loss** on the stage ({loss} now) is the mean of (target − output)² over every row: the same error on another scale. Keras descends ½ × their sum, whose gradient is the article\'s update.',
        'keras_loss_shown_cross_entropy': 'The **Loss** on the stage ({loss} now) is the mean cross-entropy over every row; Keras descends their sum, whose gradient is the page\'s update.',
        'keras_unsupported': 'The TensorFlow export cannot reproduce these settings of this lesson yet: {settings}. Set them back to their defaults to see the Keras code.',
        'keras_proven': "What the tests prove (run in CI on TensorFlow's CPU package): the exported script gives the article's 0.99993704 for [1, 0, 0], the two-layer follow-up's 0.0078876, for networks with every activation, loss and bias setting the same weights as this page to within 1e-6 (relative) after 100 iterations, and the same for a playground lesson (a circle with features, hidden (4, 2), batches of 10, L1 or L2, 30 % of the rows held out, a learning rate changed midway), with the same answer for the Ask row.",
        'share': 'Share this lesson',
        'share_help': 'This link rebuilds exactly this state: table, settings, language and iteration.',
        'share_table_large': 'This table is too large for a link: the link keeps the settings, the language and the iteration, not the table. The run file below (JSON) rebuilds all of it.',
        'copy_link': 'Copy link',
        'link_copied': 'Copied ✓',
        'present_link': 'For a projector, add &present=1 (larger type, no sidebar) and &hide=table,settings to hide parts.',
        # text alternatives for the charts (lab/describe.py)
        "describe_and": "and",
        "describe_none": "none",
        "describe_loss_fell": "Loss fell from {a} to {b} over {n} iterations; {right} of {rows} "
                              "rows right.",
        "describe_loss_rose": "Loss rose from {a} to {b} over {n} iterations; {right} of {rows} "
                              "rows right.",
        "describe_loss_same": "Loss stayed at {a} over {n} iterations; {right} of {rows} rows "
                              "right.",
        "describe_loss_one": "Loss {a} at iteration {i}; {right} of {rows} rows right.",
        "describe_weights": "Weights from iteration {a} to {b}: {changes}.",
        "describe_weights_many": "{n} weights from iteration {a} to {b}; the one that moved "
                                 "most: {change}.",
        "describe_weight_change": "{name} from {a} to {b}",
        "describe_shape": "inputs {inputs}, hidden layers {hidden}, outputs {outputs}",
        "describe_diagram": "The network: {shape}. Weights: {weights}.",
        "describe_diagram_many": "The network: {shape}. {n} weights; the largest: {weights}.",
        "describe_sigmoid": "Each row on the sigmoid: {rows}.",
        "describe_sigmoid_row": "{name}: z = {z}, output {out}, slope {slope}",
        "describe_boundary": "Output above 0.5: {above}; below 0.5: {below}; {right} of {rows} "
                             "rows right.",
        "describe_boundary_half": "Output exactly 0.5, on neither side: {rows}.",
        "right_rule": "A row is right when each of its outputs is right: for targets 0 and 1, "
                      "on the same side of 0.5 as its target (an output of exactly 0.5 is on "
                      "neither side, so it is not right); for targets in between (a "
                      "regression), within {close} of its target.",
        "describe_boundary_line": "The output is 0.5 on the line {equation}.",
        "describe_boundary_count": "Output above 0.5 at {above} rows, below 0.5 at {below}; "
                                   "{right} of {rows} rows right.",
        "describe_plane": "Map of the output {output} over the plane, {x} from {x0} to {x1} "
                          "across, {y} from {y0} to {y1} up: blue where it is above 0.5, "
                          "orange below. {right} of {rows} rows right "
                          "({test} of them held out for testing).",
        "describe_plane_regression": "Map of the output {output} over the plane, {x} from {x0} "
                                     "to {x1} across, {y} from {y0} to {y1} up: orange near "
                                     "0, white 0.5, blue near 1. {right} of {rows} rows "
                                     "within 0.5 of their target ({test} of them held out for "
                                     "testing).",
        "plane_output": "{name}: the network's output over the plane",
        "plane_neuron": "{name}: this neuron's output over the plane",
        "plane_discretize": "Discretize output",
        "plane_test_rows": "Show test rows",
        "plane_target_1": "target 1",
        "plane_target_0": "target 0",
        "plane_test": "hollow: test rows",
        "plane_test_regression": "squares: test rows",
        "plane_scale": "target and output",
        "chart_data_help": "The numbers behind the stage's pictures, as tables, at the iteration shown.",
    },
    "es": {
        "title": "Neuron Lab: mira cómo aprende una neurona",
        "intro": "La neurona del artículo *Cómo funciona Tensorflow*, exacta: pulsa Paso, "
                 "luego Ejecutar, y mira cómo cambia cada número.",
        "language": "Idioma",
        "view_table": "Tabla",
        "view_predictions": "Predicciones",
        "view_explain": "Explica este paso",
        "view_sigmoid": "Sigmoide",
        "view_boundary": "Frontera",
        "view_compare": "Comparar",
        "view_tensorflow": "TensorFlow",
        "view_data": "Datos",
        "view_share": "Compartir y llevar",
        "view_during_run": "Se está ejecutando: esta vista muestra la iteración {i}, donde "
                           "empezó el tramo; se actualiza al pausar.",
        "iteration_playing": "▶ Iteración",
        "announce": "Iteración {i}, pérdida {loss}, {right} de {rows} filas correctas.",
        "timeline_later": "Línea de tiempo: vuelve a cualquier iteración cuando el "
                          "entrenamiento haya empezado (y mientras Ejecutar esté en pausa).",
        "status": "Iteración {i} · pérdida {loss}",
        "status_settings_reset": "Reinicio (cambió: {what})",
        "status_lr_kept": "Tasa de aprendizaje {lr}: pesos conservados",
        "status_past": "Viendo la iteración {i} (el entrenamiento está en la {now})",
        "status_playing": "▶ Iteración {i} · pérdida {loss}",
        "back_to_latest": "De vuelta a la última iteración ({latest}) para entrenar: estabas "
                          "viendo la iteración {shown}.",
        "preset": "Ejemplo",
        "source_custom": "Tu propia tabla",
        "source_custom_help": "La tabla tal como la editaste o cargaste. Elige un ejemplo o "
                              "un conjunto de datos para empezar de nuevo desde uno.",
        # presets and data sets (neuron/presets.py, neuron/datasets.py name them)
        "preset_seed": "La tabla del artículo",
        "preset_seed_help": "La tabla del artículo: la salida copia la primera entrada; la "
                            "tercera entrada vale siempre 1 y hace de sesgo.",
        "preset_and": "AND (Y)",
        "preset_and_help": "AND (Y): 1 solo si x1 y x2 valen 1 (x3 es un 1 constante).",
        "preset_or": "OR (O)",
        "preset_or_help": "OR (O): 1 si x1 o x2 (o ambas) valen 1 (x3 es un 1 constante).",
        "preset_nand": "NAND",
        "preset_nand_help": "NAND: lo contrario de AND (x3 es un 1 constante).",
        "preset_nor": "NOR",
        "preset_nor_help": "NOR: 1 solo si las dos entradas valen 0 (x3 es un 1 constante).",
        "preset_xor": "XOR",
        "preset_xor_help": "XOR: 1 si exactamente una entrada vale 1. Una sola neurona no puede "
                           "aprenderlo; una capa oculta sí.",
        "preset_not": "NOT (NO)",
        "preset_not_help": "NOT (NO): la salida es lo contrario de x1 (x2 es un 1 constante).",
        "preset_majority": "Mayoría de 3",
        "preset_majority_help": "Mayoría: 1 si al menos dos de x1, x2, x3 valen 1 (x4 es un 1 "
                                "constante).",
        "preset_xor3": "El ejemplo de dos capas (XOR, 7 filas)",
        "preset_xor3_help": "Las 7 filas del ejemplo de dos capas: XOR de x1 y x2; x3 no influye."
                            " Necesita una capa oculta (el ejemplo usa 4 neuronas y 60.000 "
                            "iteraciones).",
        "preset_half_adder": "Semisumador (2 salidas)",
        "preset_half_adder_help": "Semisumador: dos salidas, suma (x1 XOR x2) y acarreo (x1 AND "
                                  "x2).",
        "dataset_circle": "Círculo",
        "dataset_circle_help": "Los puntos dentro de un círculo valen 1 y los de alrededor 0. "
                               "Ninguna recta los separa.",
        "dataset_xor": "Cuadrantes XOR",
        "dataset_xor_help": "1 donde x1 y x2 tienen el mismo signo, 0 donde no: el XOR en el "
                            "plano.",
        "dataset_gaussians": "Dos gaussianas",
        "dataset_gaussians_help": "Dos nubes de puntos, 1 alrededor de (2, 2) y 0 alrededor de "
                                  "(-2, -2). Una recta las separa; el ruido hace que se mezclen.",
        "dataset_spiral": "Espiral",
        "dataset_spiral_help": "Dos brazos de espiral entrelazados, uno 1 y otro 0: el más "
                               "difícil de los cuatro.",
        "dataset_plane": "Plano (regresión)",
        "dataset_plane_help": "Regresión: el objetivo crece de manera uniforme con x1 + x2, de 0 "
                              "a 1.",
        "dataset_multi_gaussian": "Seis gaussianas (regresión)",
        "dataset_multi_gaussian_help": "Regresión: seis bultos, tres hacia arriba (1) y tres "
                                       "hacia abajo (0), 0,5 entre ellos.",
        "data_points": "Puntos",
        "data_noise": "Ruido (%)",
        "recipe": "Medido en este conjunto (200 puntos, sin ruido, 10.000 iteraciones): al menos "
                  "el 95 % de filas correctas desde 100 de 100 inicios aleatorios con {what}.",
        "recipe_use": "Usar estos ajustes",
        "recipe_applied": "Fijado al elegir este conjunto, para entrenarlo: {what}. Una "
                          "actualización suma sobre las filas, así que la tasa se reduce "
                          "cuando hay más.",
        "new_data": "Nuevos datos",
        "new_data_help": "Siguiente semilla de los datos: el conjunto se genera de nuevo, y "
                         "con él sus filas apartadas. Nuevos pesos conserva ambos.",
        "inputs": "Entradas",
        "inputs_help": "Desactiva x1 o x2 como permite TensorFlow Playground: la red ve "
                       "entonces solo las demás entradas.",
        "playground": "Abrir una lección de TensorFlow Playground",
        "playground_help": "Pega la dirección completa de una página de "
                           "playground.tensorflow.org: su conjunto de datos, entradas, red y "
                           "ajustes se abren aquí.",
        "playground_note": "Desde TensorFlow Playground: el mismo conjunto de datos, "
                           "entradas, red, tamaño de lote, regularización y parte de "
                           "entrenamiento, y la tasa de aprendizaje convertida (aquí una "
                           "actualización suma sobre el lote: su tasa ÷ el tamaño del lote, la "
                           "tasa de regularización × el tamaño del lote). Distinto: la salida "
                           "es una sigmoide con objetivos 0 y 1 (allí tanh con −1 y 1, lineal "
                           "en regresión); una iteración es una actualización de un lote "
                           "(allí una pasada por los datos); los puntos, la división y los "
                           "pesos iniciales salen de los números aleatorios de esta página.",
        "playground_opened": "Lección de TensorFlow Playground abierta, con su tasa de "
                             "aprendizaje convertida.",
        "playground_problems": "Partes de la dirección de TensorFlow Playground que no se "
                               "trasladaron (se usan los valores por defecto del Playground): "
                               "{parts}.",
        "recipe_hidden": "capa(s) oculta(s) {sizes} ({act})",
        "recipe_single": "una neurona",
        "features": "Entradas extra",
        "features_help": "Columnas calculadas a partir de x1 y x2, cada una un nodo de entrada "
                         "de la red (como en TensorFlow Playground).",
        "table_help": "Entradas a la izquierda, objetivos (lo que la red debe responder, de 0 "
                      "a 1) a la derecha. Edita las celdas, añade filas abajo, selecciona "
                      "filas para borrarlas.",
        "target_mark": "{name} (objetivo)",
        "add_input": "+ entrada",
        "remove_input": "− entrada",
        "add_output": "+ objetivo",
        "remove_output": "− objetivo",
        "upload": "Cargar un archivo CSV, o una ejecución guardada desde Compartir (JSON)",
        "upload_help": "Una línea de cabecera y una fila por línea, separadas por comas o "
                       "punto y coma. Las columnas objetivo se llaman y, y1, y2… o target…; "
                       "si no, la última columna. Un archivo .json descargado desde Compartir "
                       "y llevar reconstruye toda esa ejecución.",
        "download_csv": "Descargar la tabla (CSV)",
        "upload_limit": "Archivos de hasta {mb} MB.",
        "keys_no_cell": "No se ha escrito {typed}, tecleado en la fila {row}, columna "
                        "{column}: la tabla nueva no tiene esa celda.",
        "keys_no_cell_somewhere": "No se ha escrito {typed}: la tabla nueva no tiene la celda "
                                  "donde se tecleó.",
        "keys_not_taken": "No se ha escrito {typed}, tecleado en la fila {row}, columna "
                          "{column}: la tabla no lo recibió a tiempo. Escríbelo de nuevo.",
        "keys_not_taken_somewhere": "No se ha escrito {typed}: la tabla no lo recibió a tiempo. "
                                    "Escríbelo de nuevo.",
        "quoted": "«{value}»",
        "table_changed": "La tabla ha cambiado: el entrenamiento vuelve a empezar desde los "
                         "pesos iniciales.",
        "table_loaded": "Cargado {name}: el entrenamiento vuelve a empezar.",
        "upload_failed": "No se pudo cargar {name}: {reason}. Se mantiene la tabla actual.",
        "run_loaded": "Cargado {name}: la ejecución en la iteración {i}, reconstruida a partir "
                      "de sus ajustes y su tabla.",
        "run_weights_differ": "Los pesos de {name} no son los que dan sus ajustes y su tabla: "
                              "la página muestra los reconstruidos.",
        "run_failed": "No se pudo cargar {name}: {reason}. No se ha cambiado nada.",
        "file_too_big": "ocupa más de {mb} MB",
        "file_not_json": "no es texto JSON",
        "file_too_deep": "sus listas están anidadas demasiado para ser una ejecución",
        "file_not_finite": "contiene {value}, que no es un número finito",
        "file_not_a_run": "no es una ejecución guardada desde la vista Compartir de esta página",
        "file_missing": "le falta {part}",
        "file_bad": "su {part} no se puede usar ({value})",
        "source_failed": "No se pudo crear esa tabla: {reason}. Se mantiene la tabla actual.",
        "table_invalid": "La tabla tiene un problema: {reason}. El entrenamiento queda en "
                         "pausa hasta corregirlo; se conservan la última tabla válida y el "
                         "estado del entrenamiento.",
        "min_columns": "La tabla necesita al menos una entrada y un objetivo.",
        "max_columns": "La tabla ya tiene el máximo de columnas permitido.",
        "settings": "Ajustes",
        "hidden": "Capas ocultas",
        "hidden_help": "0 es la neurona única del artículo. Añade una capa para aprender XOR.",
        "neurons_in": "Neuronas en la capa oculta {n}",
        "activation": "Activación oculta",
        "loss": "Pérdida",
        "learning_rate": "Tasa de aprendizaje",
        "learning_rate_help": "Multiplica cada ajuste. El artículo usa 1.",
        "bias": "Sesgo",
        "bias_help": "Añade un sesgo a cada neurona. El artículo no tiene: su tercera entrada, "
                     "siempre 1, hace ese papel.",
        "seed": "Semilla aleatoria",
        "seed_help": "El artículo usa 1. La misma semilla da siempre los mismos pesos "
                     "iniciales.",
        "target_iterations": "Iteraciones objetivo",
        "more_settings": "Lotes, regularización, filas de prueba",
        "batch_size": "Tamaño de lote (0 = todas las filas)",
        "batch_size_help": "Filas por actualización. 0 actualiza con todas las filas a la vez, "
                           "como el artículo; un lote menor usa esas filas en cada iteración, "
                           "barajadas en cada pasada (con semilla).",
        "regularization": "Regularización",
        "reg_none": "ninguna (la del artículo)", "reg_l1": "L1", "reg_l2": "L2",
        "regularization_rate": "Tasa de regularización",
        "test_fraction": "Filas reservadas para prueba",
        "test_fraction_help": "Esas filas (elegidas por la semilla) nunca se entrenan: su "
                              "pérdida muestra si la red generaliza.",
        "data_seed": "Semilla de los datos",
        "speed": "Velocidad (iteraciones por fotograma)",
        "settings_reset": "Ajustes cambiados ({what}): el entrenamiento vuelve a empezar con "
                          "nuevos pesos iniciales.",
        "lr_kept": "La tasa de aprendizaje ahora es {lr}; se conservan los pesos entrenados.",
        "field_not_number": "{field}: «{value}» no es un número; se mantiene {kept}.",
        "field_out_of_range": "{field}: {value} está fuera del rango admitido; se mantiene "
                              "{kept}.",
        "sigmoid": "sigmoide", "tanh": "tanh", "relu": "ReLU", "linear": "lineal",
        "squared": "error cuadrático (la del artículo)", "cross_entropy": "entropía cruzada",
        "controls": "Entrenamiento",
        "step": "Paso",
        "step_many": "Paso × {n}",
        "step_size": "Iteraciones por Paso × N",
        "running": "Ejecutar",
        "train": "Entrenar a {n}",
        "reset": "Reiniciar",
        "new_weights": "Nuevos pesos",
        "step_help": "Una actualización con todas las filas: una vuelta del bucle del "
                     "artículo.",
        "train_help": "Todas las iteraciones que faltan hasta el objetivo, de una vez.",
        "reset_help": "Vuelve a los pesos iniciales de esta semilla.",
        "new_weights_help": "Siguiente semilla: nuevos pesos iniciales aleatorios.",
        "running_help": "Reproduce el entrenamiento como una animación en tu navegador; "
                        "desactívalo para pausar.",
        "run_done": "Ejecución detenida: {why}.",
        "why_target": "se alcanzaron las iteraciones objetivo",
        "why_converged": "todas las filas son correctas y la pérdida ya no baja",
        "why_diverged": "el entrenamiento divergió",
        "at_target": "Se alcanzaron las iteraciones objetivo. Súbelas en los ajustes para "
                     "seguir entrenando.",
        "iteration": "Iteración",
        "loss_metric": "Pérdida",
        "rows_right": "Filas correctas",
        "test_loss": "Pérdida de prueba",
        "test_right": "Filas de prueba correctas",
        "train_curve": "entreno",
        "test_curve": "prueba",
        "diverged": "El entrenamiento divergió (los números crecieron más de lo que un "
                    "ordenador puede guardar). Se conserva el último estado finito. Baja la "
                    "tasa de aprendizaje y pulsa Reiniciar.",
        "diagram": "La red",
        "row_picker": "Ver una fila recorriendo la red",
        "no_row": "ninguna",
        "row_n": "fila {n}",
        "input_layer": "entradas",
        "output_layer": "salida",
        "hidden_layer": "capa oculta {n}",
        "hidden_layers": "capas ocultas",
        "diagram_keys": "Con el foco, las flechas nombran cada peso con su valor.",
        "diagram_caption": "El grosor de cada línea es el tamaño del peso; las líneas azules "
                           "continuas son positivas, las naranjas discontinuas negativas.",
        "charts": "Aprendizaje",
        "loss_title": "Pérdida",
        "weights_title": "Pesos",
        "log_scale": "Escala logarítmica",
        "log_scale_help": "Se usa en cuanto la pérdida abarca más de un factor 10; hasta "
                          "entonces el eje es lineal.",
        "iteration_axis": "iteración",
        "loss_axis": "pérdida",
        "weight_axis": "peso",
        "predictions": "Predicciones",
        "output_col": "{name} (salida)",
        "target_col": "{name} (objetivo)",
        "right_col": "¿Correcta?",
        "set_col": "Filas de",
        "right": "✓ correcta",
        "wrong": "✗ incorrecta",
        "ask": "Pregunta a la neurona",
        "ask_help": "Escribe una fila de entradas nueva; la red responde con sus pesos "
                    "actuales. El artículo termina preguntando por [1, 0, 0].",
        "answer": "En la iteración {i} la red responde {values}.",
        "error_not_a_number": "fila {row}, columna {column}: «{value}» no es un número",
        "error_empty_cell": "fila {row}, columna {column}: la celda está vacía",
        "error_not_finite": "fila {row}, columna {column}: el valor debe ser un número finito",
        "error_ambiguous_number": "fila {row}, columna {column}: «{value}» podría ser {decimal} "
                                  "o {thousands}: escríbelo sin separador de miles",
        "error_input_range": "fila {row}, columna {column}: {value} está fuera de −1.000.000 a "
                             "1.000.000",
        "error_target_range": "fila {row}, columna {column}: los objetivos deben estar entre 0 "
                              "y 1, no {value}",
        "error_count_rows": "una tabla necesita de 1 a 10.000 filas, no {value}",
        "error_count_rows_over": "la tabla tiene más de 10.000 filas (como máximo 10.000)",
        "error_count_inputs": "una tabla necesita de 1 a 32 columnas de entrada, no {value}",
        "error_count_outputs": "una tabla necesita de 1 a 8 columnas objetivo, no {value}",
        "error_cell_count": "la fila {row} tiene {cells} celdas pero la cabecera tiene "
                            "{columns} columnas",
        "error_name_repeated": "dos columnas se llaman «{column}»",
        "error_name_long": "el nombre de columna «{column}» tiene más de 40 caracteres",
        "error_name_empty": "una columna no tiene nombre",
        "error_empty": "el archivo está vacío",
        "error_not_text": "no es un archivo de texto (CSV)",
        "error_too_big": "el archivo es demasiado grande ({value} bytes; como máximo {limit})",
        "error_too_few_columns": "una tabla necesita al menos una columna de entrada y una "
                                 "objetivo",
        "error_too_many_columns": "demasiadas columnas ({columns}); como máximo 32 entradas y "
                                  "8 objetivos",
        "error_not_csv": "el archivo no es un CSV válido",
        "error_other": "{message}",
        "link_problems": "Algunas partes del enlace no se pudieron leer y quedan con sus "
                         "valores por defecto: {parts}.",
        "link_table_large": "Este enlace se hizo con una tabla demasiado grande para un "
                            "enlace: se muestra la tabla del artículo, con los ajustes del "
                            "enlace. El archivo de la ejecución (Compartir, JSON) lleva una "
                            "tabla de cualquier tamaño.",
        'explain_next': 'Iteración 0: ninguna actualización ha llevado hasta aquí, así que esta es la siguiente, la que haría Paso.',
        'explain_last': 'La actualización que acaba de hacer Paso.',
        'explain_led_here': 'La actualización que llevó a esta iteración, repetida exactamente (con la tasa de aprendizaje que tenía).',
        'explain_intro': 'La actualización de la iteración {a} a la {b}, en los cinco pasos del artículo. Cada número es el que usó el entrenador.',
        'explain_rows_cut': 'Se muestran las primeras {shown} de {total} filas.',
        'explain_rows_used': 'Esta actualización usó {n} de las {total} filas (un lote, o las filas de entrenamiento de una división): filas {rows}.',
        'explain_1': '1. Los pesos en la iteración {a}, antes de esta actualización',
        'explain_2': '2. Suma ponderada y salida, fila a fila',
        'explain_sigmoid': 'La salida es la sigmoide de la suma, $\\sigma(z) = \\frac{1}{1 + e^{-z}}$: siempre entre 0 y 1.',
        'explain_3': '3. El error: objetivo − salida',
        'explain_4': '4. Cuánto ajustar cada peso',
        'explain_delta_squared': 'La corrección δ de cada fila es error × pendiente, donde pendiente = salida × (1 − salida): la pendiente de la sigmoide, escrita con su salida. La contribución de una fila a un peso es entrada × error × pendiente; sumada sobre las filas, es el ajuste.',
        'explain_delta_cross_entropy': 'Con la pérdida de entropía cruzada la pendiente se cancela: la corrección δ de cada fila es su error. La contribución de una fila a un peso es entrada × error; sumada sobre las filas, es el ajuste.',
        'explain_lr': 'Cada contribución se multiplica por la tasa de aprendizaje, {lr}.',
        'explain_backprop': 'Una neurona oculta no tiene objetivo: su corrección δ es la suma de las correcciones de las neuronas a las que alimenta, cada una por el peso entre ellas (el de antes de esta actualización), por su propia pendiente.',
        'explain_contributions': 'La contribución de cada fila a cada peso, y su suma, el ajuste:',
        'explain_5': '5. Peso nuevo = peso anterior + ajuste: los pesos en la iteración {b}',
        'explain_loss': 'Pérdida antes de esta actualización: {before}; después: {after}.',
        'col_from': 'desde',
        'col_bias': 'sesgo',
        'col_row': 'fila',
        'col_neuron': 'neurona',
        'col_sum': 'suma ponderada',
        'col_output': 'salida',
        'col_target': 'objetivo',
        'col_error': 'error',
        'col_slope': 'pendiente',
        'col_received': 'Σ δ × w (devuelto)',
        'col_delta': 'corrección δ',
        'col_sum_adjustment': 'suma = ajuste',
        'col_penalty': 'regularización',
        'layer_output': 'capa de salida',
        'sigmoid_caption': 'Cada fila está sobre la curva en su suma z. La línea corta es la pendiente ahí: lejos de 0 la curva es plana, así que la pendiente, y con ella el paso, se hace pequeña. Por eso el entrenamiento se frena cuando las salidas se acercan a 0 o a 1.',
        'sigmoid_hidden': 'La vista de la sigmoide muestra la neurona de salida.',
        'boundary_caption': 'El color es la salida de la red sobre el plano de dos entradas (naranja cerca de 0, azul cerca de 1, blanco 0,5). Los círculos azules son filas con objetivo 1; los cuadrados naranjas, filas con objetivo 0; los huecos, filas de prueba.',
        'boundary_caption_regression': 'El color es la salida de la red sobre el plano de dos entradas (naranja cerca de 0, blanco 0,5, azul cerca de 1); el punto de cada fila lleva el color de su objetivo en la misma escala. Los cuadrados son filas de prueba.',
        'boundary_constant': 'Las columnas constantes ({names}) se fijan en su valor: hacen de sesgo.',
        'boundary_line': 'La línea donde la salida vale exactamente 0,5: {equation}',
        'boundary_none': 'La frontera necesita al menos dos entradas que varíen en la tabla.',
        'boundary_x': 'Eje horizontal',
        'boundary_y': 'Eje vertical',
        'boundary_output': 'Salida',
        'boundary_hold': 'Valor de {name}',
        'separable_yes': 'Una neurona puede ajustar esta tabla: una línea recta (un plano) separa las filas con objetivo 1 de las de objetivo 0.',
        'separable_no': 'Una neurona no puede ajustar esta tabla: ninguna línea recta separa los 1 de los 0 (mira la frontera: con cualquier peso, un lado de la línea siempre se equivoca en alguna fila). Una capa oculta puede curvar la frontera.',
        'separable_no_output': 'Una neurona no puede ajustar el objetivo {name}: ninguna línea recta separa sus 1 de sus 0. Una capa oculta puede curvar la frontera.',
        'add_hidden': 'Añadir una capa oculta de {n} neuronas',
        'separable_unknown': 'No se pudo decidir con exactitud si una neurona puede ajustar esta tabla (los números están demasiado cerca); se omite la respuesta.',
        'hidden_learned': 'Con la capa oculta la red acierta todas las filas (iteración {i}).',
        'hidden_learning': 'Con la capa oculta: {right} de {rows} filas correctas por ahora. Sigue entrenando.',
        'stalled': 'Atascado: sin progreso en {window} iteraciones. Prueba nuevos pesos o una capa más grande.',
        'stalled_one_neuron': 'Una neurona no puede ajustar esta tabla: añade una capa oculta.',
        'stalled_noise': 'Las {wrong} filas mal están entre la otra clase y las de prueba van igual: el resto puede ser ruido.',
        'why_table': 'En pausa: la tabla tiene un problema: {reason}.',
        'why_stage_diverged': 'El entrenamiento divergió: baja la tasa de aprendizaje y pulsa Reiniciar.',
        'status_done': 'Iteración {i} · pérdida {loss} · objetivo alcanzado',
        'bigger_layer': 'Capa oculta de {n}',
        'questions': 'Preguntas frecuentes',
        'q_zero': '¿Por qué una entrada de todo ceros da exactamente 0,5?',
        'a_zero': 'Sin sesgo, la suma es 0 × w₁ + 0 × w₂ + … = 0 sean cuales sean los pesos, y σ(0) = 1 / (1 + e⁰) = 1/2. El entrenamiento nunca puede moverlo. Aquí la red responde {value} para todo ceros. La tabla del artículo lo evita con su tercera entrada, siempre 1; activar Sesgo hace lo mismo en cada neurona.',
        'a_zero_bias': 'Con sesgo, la suma para todo ceros es el propio sesgo, b = {bias}, así que la salida es σ(b) = {value}: el sesgo es lo que permite al entrenamiento alejarla de 0,5.',
        'a_zero_deep_bias': 'Aquí no: la red responde {value}. Con sesgo, la suma de cada neurona para todo ceros parte de su propio sesgo, no de 0, así que nada fija la salida en 0,5; sin Sesgo ni capas ocultas sería exactamente 0,5 (σ(0) = 1/2) sean cuales sean los pesos.',
        'a_zero_hidden': 'Aquí no: la red responde {value}. Los ceros dan a cada neurona de la primera capa oculta una suma de 0, así que cada una sale σ(0) = 0,5; esos 0,5, ponderados, llegan a la neurona de salida, cuya suma ya no es 0. Con una sola neurona y sin sesgo sería exactamente 0,5 (σ(0) = 1/2) sean cuales sean los pesos.',
        'a_zero_hidden_half': 'Sin sesgo cada suma es 0 × w₁ + 0 × w₂ + … = 0; {act}(0) = 0 pasa esos ceros por las capas ocultas, así que la suma de la neurona de salida también es 0 y σ(0) = 1/2. El entrenamiento nunca puede moverlo: la red responde {value} para todo ceros. Activar Sesgo lo cambia.',
        'q_slope': '¿Por qué la pendiente se escribe salida × (1 − salida)?',
        'a_slope': 'La pendiente de la sigmoide en z es σ(z) × (1 − σ(z)), y σ(z) es la salida que el código ya ha calculado: por eso el artículo escribe `salida * (1 - salida)`, con la salida y no con la entrada. En la primera fila del paso de arriba: salida {out}, pendiente {out} × (1 − {out}) = {slope}.',
        'q_lr': '¿Qué hace la tasa de aprendizaje?',
        'a_lr': 'Multiplica cada ajuste. El artículo usa 1 (por eso no aparece en su código). Pasos más pequeños son más lentos pero más estables; demasiado grandes y los pesos se pasan de largo y pueden divergir. Ahora: {lr}.',
        'timeline': 'Línea de tiempo',
        'timeline_help': 'Mira cualquier iteración anterior: el diagrama, la frontera y la explicación la muestran tal como era. El entrenamiento sigue donde está.',
        'timeline_now': 'Volver al presente',
        'compare': 'Comparar ejecuciones',
        'compare_help': 'Entrena varias copias a la vez, cada una con otros pesos aleatorios (semillas) o con otra tasa de aprendizaje, y superpone sus curvas de pérdida.',
        'compare_by': 'Variar',
        'compare_seeds': 'semillas',
        'compare_rates': 'tasas de aprendizaje',
        'compare_count': 'Número de semillas',
        'compare_rate_list': 'Tasas de aprendizaje',
        'compare_button': 'Comparar',
        'compare_result': '{fit} de {total} ejecuciones ajustan la tabla tras {iterations} iteraciones.',
        'compare_limits': 'Como mucho {seeds} semillas o {rates} tasas de aprendizaje; cada ejecución entrena hasta el objetivo, como mucho {iterations} iteraciones.',
        'compare_working': 'Comparando: {percent} % hecho. El resto de la página sigue funcionando.',
        'separable_working': 'Calculando si una neurona puede ajustar esta tabla: {percent} % hecho.',
        'upload_reading': 'Leyendo el archivo…',
        'run_reading': 'Leyendo la ejecución y entrenándola de nuevo hasta su iteración: {percent} % hecho. El resto de la página sigue funcionando.',
        'training': 'Entrenando: {percent} % hecho. Paso, Ejecutar y Entrenar esperan a que termine o se cancele.',
        'work_waiting': 'En espera: el servidor está trabajando antes para otras personas.',
        'work_cancel': 'Cancelar',
        'work_cancelled': 'Cancelado.',
        'work_busy': 'El servidor tiene demasiado trabajo en espera: inténtalo de nuevo en un minuto.',
        'work_failed': 'El trabajo se detuvo antes de terminar: inténtalo de nuevo.',
        'compare_run': 'semilla {seed}, tasa {lr}',
        'compare_seed': 'semilla {seed}',
        'compare_rate': 'tasa {lr}',
        'compare_fits': 'ajusta',
        'compare_misses': 'no ajusta',
        'export_script': 'Descargar un script de numpy',
        'export_script_help': 'Un programa independiente de Python 3 + numpy que entrena esta red durante las iteraciones actuales e imprime sus salidas.',
        'export_json': 'Descargar la ejecución (JSON)',
        'export_json_help': 'Todos los ajustes, la tabla, los cambios de la tasa de aprendizaje, la iteración mostrada, la fila preguntada, los pesos y su historial. Cárgalo en la vista Tabla para reconstruir esta ejecución.',
        'keras_intro': "El artículo se llama *Cómo funciona Tensorflow*: la capa `Dense` de TensorFlow entrenada con descenso de gradiente simple **es** la neurona de esta página. Aquí está la actualización que hace la página en numpy, junto al código de Keras 3 que hace la misma actualización.",
        'keras_numpy': 'numpy (lo que ejecuta esta página)',
        'keras_keras': 'Keras 3 (TensorFlow)',
        'keras_float64': 'Números: numpy calcula en float64; Keras usa float32 por defecto, así que el script cambia a float64 para obtener los mismos dígitos.',
        'keras_initial': 'Paso 1, los pesos: los mismos pesos iniciales, sorteados como los sortea el artículo (semilla, luego 2 × aleatorio − 1 por capa) y puestos en cada capa Dense.',
        'keras_dense': 'Paso 2, suma ponderada y salida: una capa Dense es entradas · pesos (+ sesgo), y luego su activación.',
        'keras_logits': 'Paso 2 para la salida con entropía cruzada: la capa de salida pasa su suma z a la pérdida, que aplica la sigmoide dentro (exacta donde la probabilidad se redondearía a 0 o 1).',
        'keras_loss_squared': 'Paso 3, el error, y la pendiente del paso 4: la pérdida es ½ × Σ (objetivo − salida)², sumada sobre las filas (no la media de Keras por defecto). Su gradiente es −(error × salida × (1 − salida)) por fila: la corrección δ del artículo.',
        'keras_loss_cross_entropy': 'Pasos 3 y 4 con entropía cruzada: la pérdida sumada sobre las filas; su gradiente respecto a z es −error, así que δ es el propio error.',
        'keras_backprop': 'Paso 4 para las capas ocultas: numpy devuelve cada corrección a través de los pesos a mano; Keras deriva la pérdida automáticamente y obtiene los mismos números.',
        'keras_sgd': 'Paso 5, pesos nuevos: SGD simple (sin momento) resta tasa de aprendizaje × gradiente, que es sumar tasa de aprendizaje × entradas · δ.',
        'keras_iterations': 'Y repetir: una iteración es una actualización con toda la tabla (un lote con todas las filas).',
        'keras_download': 'Descargar el script de Keras',
        'keras_l1': 'Regularización L1: la página resta tasa × signo(w) al ajuste de cada peso; Keras suma tasa × Σ|w| a la pérdida (kernel_regularizer), cuyo gradiente es el mismo.',
        'keras_l2': 'Regularización L2: la página resta tasa × w al ajuste de cada peso (el gradiente de tasa × ½Σw²); la L2 de Keras no lleva ½, así que el script le da la mitad de la tasa.',
        'keras_batches': 'Y repetir: cada iteración es una actualización con un lote de las filas de entrenamiento, en el orden de la página (cada época barajada con el mismo hash); a Keras se le dice que no las vuelva a barajar.',
        'keras_loss_shown_squared': 'La **Pérdida** del escenario ({loss} ahora) es la media de (objetivo − salida)² sobre todas las filas: el mismo error en otra escala. Keras desciende ½ × su suma, cuyo gradiente es la actualización del artículo.',
        'keras_loss_shown_cross_entropy': 'La **Pérdida** del escenario ({loss} ahora) es la entropía cruzada media sobre todas las filas; Keras desciende su suma, cuyo gradiente es la actualización de la página.',
        'keras_unsupported': 'La exportación a TensorFlow aún no puede reproducir estos ajustes de esta lección: {settings}. Devuélvelos a su valor por defecto para ver el código de Keras.',
        'keras_proven': 'Lo que prueban los tests (en CI, con el paquete de CPU de TensorFlow): el script exportado da el 0,99993704 del artículo para [1, 0, 0], el 0,0078876 del ejemplo de dos capas, para redes con cada activación, pérdida y sesgo los mismos pesos que esta página con un error relativo menor que 1e-6 tras 100 iteraciones, y lo mismo para una lección del playground (un círculo con características, capas ocultas (4, 2), lotes de 10, L1 o L2, el 30 % de las filas reservadas, una tasa de aprendizaje cambiada a mitad), con la misma respuesta para la fila de Preguntar.',
        'share': 'Comparte esta lección',
        'share_help': 'Este enlace reconstruye exactamente este estado: tabla, ajustes, idioma e iteración.',
        'share_table_large': 'Esta tabla es demasiado grande para un enlace: el enlace guarda los ajustes, el idioma y la iteración, no la tabla. El archivo de la ejecución de abajo (JSON) lo reconstruye todo.',
        'copy_link': 'Copiar enlace',
        'link_copied': 'Copiado ✓',
        'present_link': 'Para un proyector, añade &present=1 (letra más grande, sin barra lateral) y &hide=table,settings para ocultar partes.',
        # text alternatives for the charts (lab/describe.py)
        "describe_and": "y",
        "describe_none": "ninguna",
        "describe_loss_fell": "La pérdida bajó de {a} a {b} en {n} iteraciones; {right} de "
                              "{rows} filas bien.",
        "describe_loss_rose": "La pérdida subió de {a} a {b} en {n} iteraciones; {right} de "
                              "{rows} filas bien.",
        "describe_loss_same": "La pérdida se mantuvo en {a} durante {n} iteraciones; {right} de "
                              "{rows} filas bien.",
        "describe_loss_one": "Pérdida {a} en la iteración {i}; {right} de {rows} filas bien.",
        "describe_weights": "Pesos de la iteración {a} a la {b}: {changes}.",
        "describe_weights_many": "{n} pesos de la iteración {a} a la {b}; el que más cambió: "
                                 "{change}.",
        "describe_weight_change": "{name} de {a} a {b}",
        "describe_shape": "entradas {inputs}, capas ocultas {hidden}, salidas {outputs}",
        "describe_diagram": "La red: {shape}. Pesos: {weights}.",
        "describe_diagram_many": "La red: {shape}. {n} pesos; los mayores: {weights}.",
        "describe_sigmoid": "Cada fila en la sigmoide: {rows}.",
        "describe_sigmoid_row": "{name}: z = {z}, salida {out}, pendiente {slope}",
        "describe_boundary": "Salida por encima de 0,5: {above}; por debajo de 0,5: {below}; "
                             "{right} de {rows} filas correctas.",
        "describe_boundary_half": "Salida exactamente 0,5, de ningún lado: {rows}.",
        "right_rule": "Una fila es correcta cuando cada una de sus salidas es correcta: con "
                      "objetivos 0 y 1, en el mismo lado de 0,5 que su objetivo (una salida de "
                      "exactamente 0,5 no está de ningún lado, así que no es correcta); con "
                      "objetivos intermedios (una regresión), a menos de {close} de su "
                      "objetivo.",
        "describe_boundary_line": "La salida es 0,5 en la recta {equation}.",
        "describe_boundary_count": "Salida por encima de 0,5 en {above} filas, por debajo en "
                                   "{below}; {right} de {rows} filas correctas.",
        "describe_plane": "Mapa de la salida {output} sobre el plano, {x} de {x0} a {x1} en "
                          "horizontal, {y} de {y0} a {y1} en vertical: azul donde pasa de "
                          "0,5, naranja donde no llega. {right} de {rows} filas correctas "
                          "({test} de ellas reservadas para la prueba).",
        "describe_plane_regression": "Mapa de la salida {output} sobre el plano, {x} de {x0} a "
                                     "{x1} en horizontal, {y} de {y0} a {y1} en vertical: "
                                     "naranja cerca de 0, blanco 0,5, azul cerca de 1. {right} "
                                     "de {rows} filas a menos de 0,5 de su objetivo ({test} de "
                                     "ellas reservadas para la prueba).",
        "plane_output": "{name}: la salida de la red sobre el plano",
        "plane_neuron": "{name}: la salida de esta neurona sobre el plano",
        "plane_discretize": "Discretizar la salida",
        "plane_test_rows": "Mostrar filas de prueba",
        "plane_target_1": "objetivo 1",
        "plane_target_0": "objetivo 0",
        "plane_test": "huecos: filas de prueba",
        "plane_test_regression": "cuadrados: filas de prueba",
        "plane_scale": "objetivo y salida",
        "chart_data_help": "Los números de las imágenes del escenario, en tablas, en la iteración que se muestra.",
    },
}


_MARKDOWN = str.maketrans({c: "\\" + c for c in "\\`*_{}[]()#+-.!|<>~$"})


def md(value):
    """A user's text (a column or file name, a cell) made literal for Streamlit's markdown,
    which every label, message and caption goes through: no links, images or math."""
    return str(value).translate(_MARKDOWN)


def text(lang, key, **values):
    """The string ``key`` in ``lang``, with ``values`` filled in."""
    template = TEXT.get(lang, TEXT["en"]).get(key) or TEXT["en"][key]
    return template.format(**values) if values else template


def number(x, lang, digits=8):
    """A number for people: at most ``digits`` significant digits (``None``: every digit,
    the shortest text that reads back as ``x``), the language's decimal mark
    (``0.99993704`` / ``0,99993704``), thousands grouped."""
    x = float(x)
    if not math.isfinite(x):
        return "—"
    if x == 0:
        return "0"
    if digits is None:
        s = f"{Decimal(repr(x)).normalize():,f}"
    elif x.is_integer() and abs(x) < 1e15:
        s = f"{int(x):,}"
    elif abs(x) >= 1e-4:
        decimals = max(0, digits - 1 - int(math.floor(math.log10(abs(x)))))
        s = f"{x:,.{decimals}f}".rstrip("0").rstrip(".")
    else:
        s = f"{x:.{digits - 1}e}"
        mantissa, exp = s.split("e")
        s = f"{mantissa.rstrip('0').rstrip('.')}e{int(exp)}"
    if lang == "es":
        s = s.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return s.replace("-", "−")


GROUP = {"en": ",", "es": "."}  # the thousands separator number() writes


def table_error(lang, error):
    """A TableError said in ``lang``: which rule, where."""
    rule = error.rule
    if rule == "count":
        key = f"error_count_{error.details.get('what', 'rows')}"
        if "value" not in error.details:
            key += "_over"
    else:
        key = f"error_{rule}"
    if key not in TEXT["en"]:
        return text(lang, "error_other", message=md(error))
    values = {k: md(v) for k, v in error.details.items()}
    values.update(row=error.row, column=md(error.column))
    for k, v in error.details.items():
        if isinstance(v, (int, float)) and not isinstance(v, bool):
            values[k] = number(v, lang, None)
    if "thousands" in values:  # the other reading, written without a separator: 1234
        values["thousands"] = values["thousands"].replace(GROUP[lang], "")
    try:
        return text(lang, key, **values)
    except (KeyError, IndexError):
        return md(error)
