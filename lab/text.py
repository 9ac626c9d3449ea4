"""Every string the page shows, in English and Spanish, and number formatting per language."""

import math

LANGUAGES = {"en": "English", "es": "Español"}

TEXT = {
    "en": {
        "page_title": "Neuron Lab",
        "title": "Neuron Lab: watch a neuron learn",
        "intro": "One sigmoid neuron, random weights from seed 1, trained on a 4-row table, "
                 "exactly as in the article *Cómo funciona Tensorflow*. Edit the table, "
                 "step through training and watch every number change.",
        "language": "Language",
        # table
        "table_header": "Training table",
        "preset": "Preset",
        "table_help": "Inputs on the left, targets (what the network should answer, 0 to 1) "
                      "on the right. Edit cells, add rows at the bottom, select rows to delete.",
        "target_mark": "{name} (target)",
        "add_input": "+ input",
        "remove_input": "− input",
        "add_output": "+ target",
        "remove_output": "− target",
        "upload": "Load a CSV file",
        "upload_help": "A header line, then one row per line; comma or semicolon separated. "
                       "Target columns are named y, y1, y2… or target…, else the last column.",
        "download_csv": "Download the table (CSV)",
        "table_changed": "The table changed: training restarted from the initial weights.",
        "table_loaded": "Loaded {name}: training restarted.",
        "upload_failed": "Could not load {name}: {reason}. The current table is kept.",
        "table_invalid": "The table has a problem: {reason}. Training is paused until it is "
                         "fixed; the last valid table and the training state are kept.",
        "min_columns": "The table needs at least one input and one target.",
        "max_columns": "The table already has the most columns allowed.",
        # settings
        "settings": "Settings",
        "hidden": "Hidden layers",
        "hidden_help": "0 is the article's single neuron. Add a layer to learn XOR.",
        "neurons": "Neurons per hidden layer",
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
        "speed": "Run speed (iterations per frame)",
        "settings_reset": "Settings changed ({what}): training restarted from new initial "
                          "weights.",
        "lr_kept": "Learning rate is now {lr}; the trained weights are kept.",
        "sigmoid": "sigmoid", "tanh": "tanh", "relu": "ReLU",
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
        "training_progress": "Training… iteration {i} of {n}",
        "run_done": "Run stopped: {why}.",
        "why_target": "the iteration target is reached",
        "why_converged": "every row is right and the loss no longer falls",
        "why_diverged": "training diverged",
        "at_target": "The iteration target is reached. Raise it in the settings to train more.",
        "run_playing": "Playing iterations {a} → {b} in your browser.",
        # metrics
        "iteration": "Iteration",
        "loss_metric": "Loss",
        "rows_right": "Rows right",
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
        "diagram_caption": "Line width is the weight's size; blue is positive, orange negative.",
        "too_big_diagram": "This network is large; only its shape is drawn.",
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
        "play": "▶ Play",
        "pause": "Pause",
        # predictions
        "predictions": "Predictions",
        "output_col": "{name} (output)",
        "target_col": "{name} (target)",
        "right_col": "Right?",
        "right": "✓ right",
        "wrong": "✗ wrong",
        # ask
        "ask": "Ask the neuron",
        "ask_help": "Enter a new input row; the network answers with its current weights. "
                    "The article ends by asking about [1, 0, 0].",
        "answer": "The network answers {values}.",
        # errors
        "error_not_a_number": "row {row}, column {column}: “{value}” is not a number",
        "error_empty_cell": "row {row}, column {column}: the cell is empty",
        "error_not_finite": "row {row}, column {column}: the value must be a finite number",
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
        'explain_title': 'Explain this step',
        'explain_next': 'No update has been made from here yet: this is the next one, what Step would do.',
        'explain_last': 'The update Step just made.',
        'explain_past': 'The update training made from this iteration, replayed with the learning rate it had then.',
        'explain_intro': "The update from iteration {a} to {b}, in the article's five steps. Every number is the one the trainer used.",
        'explain_rows_cut': 'Showing the first {shown} of {total} rows.',
        'explain_1': '1. The weights now',
        'explain_2': '2. Weighted sum and output, row by row',
        'explain_sigmoid': 'The output is the sigmoid of the sum, $\\sigma(z) = \\frac{1}{1 + e^{-z}}$: always between 0 and 1.',
        'explain_3': '3. The error: target − output',
        'explain_4': '4. How much to adjust each weight',
        'explain_delta_squared': "Each row's correction δ is error × slope, where slope = output × (1 − output): the sigmoid's slope, written with its output. A row's contribution to a weight is input × error × slope; summed over the rows, it is the adjustment.",
        'explain_delta_cross_entropy': "With cross-entropy loss the slope cancels out: each row's correction δ is just its error. A row's contribution to a weight is input × error; summed over the rows, it is the adjustment.",
        'explain_lr': 'Every contribution is multiplied by the learning rate, {lr}.',
        'explain_backprop': 'A hidden neuron has no target: its correction δ is the sum of the corrections of the neurons it feeds, each times the weight between them (as it was before this update), times its own slope.',
        'explain_contributions': "Each row's contribution to each weight, and their sum, the adjustment:",
        'explain_5': '5. New weight = old weight + adjustment',
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
        'layer_output': 'output layer',
        'sigmoid_title': 'The sigmoid, row by row',
        'sigmoid_caption': 'Each row sits on the curve at its sum z. The short line is the slope there: far from 0 the curve is flat, so the slope, and with it the step, gets small. That is why training slows down once the outputs are close to 0 or 1.',
        'sigmoid_hidden': 'The sigmoid view shows the output neuron.',
        'boundary_title': 'Decision boundary',
        'boundary_caption': "Colour is the network's output over the plane of two inputs (orange near 0, blue near 1, white 0.5). Circles are rows whose target is 1, crosses rows whose target is 0.",
        'boundary_held': 'Held at: {values}.',
        'boundary_constant': 'Constant columns ({names}) are held at their value: they act as a bias.',
        'boundary_line': 'The line where the output is exactly 0.5: {equation}',
        'boundary_none': 'The boundary needs at least two inputs that vary in the table.',
        'boundary_x': 'Horizontal axis',
        'boundary_y': 'Vertical axis',
        'boundary_output': 'Output',
        'boundary_hold': 'Value of {name}',
        'separable_yes': 'One neuron can fit this table: a straight line (a plane) separates the rows whose target is 1 from those whose target is 0.',
        'separable_no': 'One neuron cannot fit this table: no straight line separates the 1s from the 0s (look at the boundary: whatever the weights, one side of a line is always wrong for some row). A hidden layer can.',
        'separable_no_output': 'One neuron cannot fit target {name}: no straight line separates its 1s from its 0s. A hidden layer can.',
        'add_hidden': 'Add a hidden layer of 2 neurons',
        'separable_hidden': 'With {layers} hidden layer(s) the network can bend its boundary.',
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
        'timeline_past': 'Looking at iteration {i}. Training is at iteration {now} and continues from there.',
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
        'compare_run': 'seed {seed}, rate {lr}',
        'compare_fits': 'fits',
        'compare_misses': 'does not fit',
        'export': 'Take it home',
        'export_script': 'Download a numpy script',
        'export_script_help': 'A standalone Python 3 + numpy program that trains this network for the current iteration count and prints its outputs.',
        'export_json': 'Download the weights and history (JSON)',
        'export_lr_note': 'The learning rate changed during training; the script uses the current one throughout.',
        'share': 'Share this lesson',
        'share_help': 'This link rebuilds exactly this state: table, settings, language and iteration.',
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
                             "rows on their target's side.",
        "describe_boundary_line": "The output is 0.5 on the line {equation}.",
        "chart_data": "Data",
        "chart_data_help": "The numbers behind this chart, as a table.",
    },
    "es": {
        "page_title": "Neuron Lab",
        "title": "Neuron Lab: mira cómo aprende una neurona",
        "intro": "Una neurona sigmoide, pesos aleatorios con semilla 1, entrenada con una tabla "
                 "de 4 filas, exactamente como en el artículo *Cómo funciona Tensorflow*. "
                 "Edita la tabla, avanza el entrenamiento paso a paso y mira cómo cambia "
                 "cada número.",
        "language": "Idioma",
        "table_header": "Tabla de entrenamiento",
        "preset": "Ejemplo",
        "table_help": "Entradas a la izquierda, objetivos (lo que la red debe responder, de 0 "
                      "a 1) a la derecha. Edita las celdas, añade filas abajo, selecciona "
                      "filas para borrarlas.",
        "target_mark": "{name} (objetivo)",
        "add_input": "+ entrada",
        "remove_input": "− entrada",
        "add_output": "+ objetivo",
        "remove_output": "− objetivo",
        "upload": "Cargar un archivo CSV",
        "upload_help": "Una línea de cabecera y una fila por línea, separadas por comas o "
                       "punto y coma. Las columnas objetivo se llaman y, y1, y2… o target…; "
                       "si no, la última columna.",
        "download_csv": "Descargar la tabla (CSV)",
        "table_changed": "La tabla ha cambiado: el entrenamiento vuelve a empezar desde los "
                         "pesos iniciales.",
        "table_loaded": "Cargado {name}: el entrenamiento vuelve a empezar.",
        "upload_failed": "No se pudo cargar {name}: {reason}. Se mantiene la tabla actual.",
        "table_invalid": "La tabla tiene un problema: {reason}. El entrenamiento queda en "
                         "pausa hasta corregirlo; se conservan la última tabla válida y el "
                         "estado del entrenamiento.",
        "min_columns": "La tabla necesita al menos una entrada y un objetivo.",
        "max_columns": "La tabla ya tiene el máximo de columnas permitido.",
        "settings": "Ajustes",
        "hidden": "Capas ocultas",
        "hidden_help": "0 es la neurona única del artículo. Añade una capa para aprender XOR.",
        "neurons": "Neuronas por capa oculta",
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
        "speed": "Velocidad (iteraciones por fotograma)",
        "settings_reset": "Ajustes cambiados ({what}): el entrenamiento vuelve a empezar con "
                          "nuevos pesos iniciales.",
        "lr_kept": "La tasa de aprendizaje ahora es {lr}; se conservan los pesos entrenados.",
        "sigmoid": "sigmoide", "tanh": "tanh", "relu": "ReLU",
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
        "training_progress": "Entrenando… iteración {i} de {n}",
        "run_done": "Ejecución detenida: {why}.",
        "why_target": "se alcanzaron las iteraciones objetivo",
        "why_converged": "todas las filas son correctas y la pérdida ya no baja",
        "why_diverged": "el entrenamiento divergió",
        "at_target": "Se alcanzaron las iteraciones objetivo. Súbelas en los ajustes para "
                     "seguir entrenando.",
        "run_playing": "Reproduciendo las iteraciones {a} → {b} en tu navegador.",
        "iteration": "Iteración",
        "loss_metric": "Pérdida",
        "rows_right": "Filas correctas",
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
        "diagram_caption": "El grosor de cada línea es el tamaño del peso; azul es positivo, "
                           "naranja negativo.",
        "too_big_diagram": "Esta red es grande; solo se dibuja su forma.",
        "charts": "Aprendizaje",
        "loss_title": "Pérdida",
        "weights_title": "Pesos",
        "log_scale": "Escala logarítmica",
        "log_scale_help": "Se usa en cuanto la pérdida abarca más de un factor 10; hasta "
                          "entonces el eje es lineal.",
        "iteration_axis": "iteración",
        "loss_axis": "pérdida",
        "weight_axis": "peso",
        "play": "▶ Reproducir",
        "pause": "Pausa",
        "predictions": "Predicciones",
        "output_col": "{name} (salida)",
        "target_col": "{name} (objetivo)",
        "right_col": "¿Correcta?",
        "right": "✓ correcta",
        "wrong": "✗ incorrecta",
        "ask": "Pregunta a la neurona",
        "ask_help": "Escribe una fila de entradas nueva; la red responde con sus pesos "
                    "actuales. El artículo termina preguntando por [1, 0, 0].",
        "answer": "La red responde {values}.",
        "error_not_a_number": "fila {row}, columna {column}: «{value}» no es un número",
        "error_empty_cell": "fila {row}, columna {column}: la celda está vacía",
        "error_not_finite": "fila {row}, columna {column}: el valor debe ser un número finito",
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
        'explain_title': 'Explica este paso',
        'explain_next': 'Todavía no hay ninguna actualización desde aquí: esta es la siguiente, la que haría Paso.',
        'explain_last': 'La actualización que acaba de hacer Paso.',
        'explain_past': 'La actualización que hizo el entrenamiento desde esta iteración, repetida con la tasa de aprendizaje que tenía entonces.',
        'explain_intro': 'La actualización de la iteración {a} a la {b}, en los cinco pasos del artículo. Cada número es el que usó el entrenador.',
        'explain_rows_cut': 'Se muestran las primeras {shown} de {total} filas.',
        'explain_1': '1. Los pesos ahora',
        'explain_2': '2. Suma ponderada y salida, fila a fila',
        'explain_sigmoid': 'La salida es la sigmoide de la suma, $\\sigma(z) = \\frac{1}{1 + e^{-z}}$: siempre entre 0 y 1.',
        'explain_3': '3. El error: objetivo − salida',
        'explain_4': '4. Cuánto ajustar cada peso',
        'explain_delta_squared': 'La corrección δ de cada fila es error × pendiente, donde pendiente = salida × (1 − salida): la pendiente de la sigmoide, escrita con su salida. La contribución de una fila a un peso es entrada × error × pendiente; sumada sobre las filas, es el ajuste.',
        'explain_delta_cross_entropy': 'Con la pérdida de entropía cruzada la pendiente se cancela: la corrección δ de cada fila es su error. La contribución de una fila a un peso es entrada × error; sumada sobre las filas, es el ajuste.',
        'explain_lr': 'Cada contribución se multiplica por la tasa de aprendizaje, {lr}.',
        'explain_backprop': 'Una neurona oculta no tiene objetivo: su corrección δ es la suma de las correcciones de las neuronas a las que alimenta, cada una por el peso entre ellas (el de antes de esta actualización), por su propia pendiente.',
        'explain_contributions': 'La contribución de cada fila a cada peso, y su suma, el ajuste:',
        'explain_5': '5. Peso nuevo = peso anterior + ajuste',
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
        'layer_output': 'capa de salida',
        'sigmoid_title': 'La sigmoide, fila a fila',
        'sigmoid_caption': 'Cada fila está sobre la curva en su suma z. La línea corta es la pendiente ahí: lejos de 0 la curva es plana, así que la pendiente, y con ella el paso, se hace pequeña. Por eso el entrenamiento se frena cuando las salidas se acercan a 0 o a 1.',
        'sigmoid_hidden': 'La vista de la sigmoide muestra la neurona de salida.',
        'boundary_title': 'Frontera de decisión',
        'boundary_caption': 'El color es la salida de la red sobre el plano de dos entradas (naranja cerca de 0, azul cerca de 1, blanco 0,5). Los círculos son filas con objetivo 1; las cruces, filas con objetivo 0.',
        'boundary_held': 'Fijadas en: {values}.',
        'boundary_constant': 'Las columnas constantes ({names}) se fijan en su valor: hacen de sesgo.',
        'boundary_line': 'La línea donde la salida vale exactamente 0,5: {equation}',
        'boundary_none': 'La frontera necesita al menos dos entradas que varíen en la tabla.',
        'boundary_x': 'Eje horizontal',
        'boundary_y': 'Eje vertical',
        'boundary_output': 'Salida',
        'boundary_hold': 'Valor de {name}',
        'separable_yes': 'Una neurona puede ajustar esta tabla: una línea recta (un plano) separa las filas con objetivo 1 de las de objetivo 0.',
        'separable_no': 'Una neurona no puede ajustar esta tabla: ninguna línea recta separa los 1 de los 0 (mira la frontera: con cualquier peso, un lado de la línea siempre se equivoca en alguna fila). Una capa oculta sí puede.',
        'separable_no_output': 'Una neurona no puede ajustar el objetivo {name}: ninguna línea recta separa sus 1 de sus 0. Una capa oculta sí puede.',
        'add_hidden': 'Añadir una capa oculta de 2 neuronas',
        'separable_hidden': 'Con {layers} capa(s) oculta(s) la red puede curvar su frontera.',
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
        'timeline_past': 'Viendo la iteración {i}. El entrenamiento está en la iteración {now} y sigue desde ahí.',
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
        'compare_run': 'semilla {seed}, tasa {lr}',
        'compare_fits': 'ajusta',
        'compare_misses': 'no ajusta',
        'export': 'Llévatelo',
        'export_script': 'Descargar un script de numpy',
        'export_script_help': 'Un programa independiente de Python 3 + numpy que entrena esta red durante las iteraciones actuales e imprime sus salidas.',
        'export_json': 'Descargar los pesos y el historial (JSON)',
        'export_lr_note': 'La tasa de aprendizaje cambió durante el entrenamiento; el script usa la actual todo el tiempo.',
        'share': 'Comparte esta lección',
        'share_help': 'Este enlace reconstruye exactamente este estado: tabla, ajustes, idioma e iteración.',
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
                             "{right} de {rows} filas del lado de su objetivo.",
        "describe_boundary_line": "La salida es 0,5 en la recta {equation}.",
        "chart_data": "Datos",
        "chart_data_help": "Los números de este gráfico, en una tabla.",
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
    """A number for people: at most ``digits`` significant digits, the language's decimal
    mark (``0.99993704`` / ``0,99993704``), thousands grouped."""
    x = float(x)
    if not math.isfinite(x):
        return "—"
    if x == 0:
        return "0"
    if x.is_integer() and abs(x) < 1e15:
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


def integer(n, lang):
    return number(int(n), lang)


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
    for k in ("value", "limit"):
        if isinstance(error.details.get(k), (int, float)):
            values[k] = number(error.details[k], lang)
    try:
        return text(lang, key, **values)
    except (KeyError, IndexError):
        return md(error)
