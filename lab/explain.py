"""One update explained in the article's five steps, with the numbers the trainer used.

``explain(record, trainer, lang)`` returns blocks for the page to draw: ("md", text) for
markdown with math, ("table", (columns, rows)) for a table of formatted numbers. Nothing
here computes training: every number is read from the ``StepRecord``.
"""

from neuron.activations import ACTIVATIONS, OUTPUT

from .text import md, number, text

MAX_ROWS_SHOWN = 8


def explain(record, trainer, lang):
    table = trainer.table
    layers = len(record.adjustments)
    names = trainer.layer_names()
    used = [int(r) for r in record.rows]
    rows = min(len(used), MAX_ROWS_SHOWN)
    label = [str(r + 1) for r in used]  # the table's row numbers, in the order used
    n = lambda x, d=5: number(x, lang, d)  # noqa: E731
    span = dict(a=n(record.iteration - 1), b=n(record.iteration))
    blocks = [("md", text(lang, "explain_intro", **span))]
    if len(used) < table.n_rows:
        listed = ", ".join(label[:20]) + (" …" if len(used) > 20 else "")
        blocks.append(("md", text(lang, "explain_rows_used", n=n(len(used)), total=n(table.n_rows),
                                  rows=listed)))
    if len(used) > rows:
        blocks.append(("md", text(lang, "explain_rows_cut", shown=rows, total=n(len(used)))))

    # 1. the weights
    blocks.append(("md", "## " + text(lang, "explain_1", **span)))
    for layer in range(layers):
        w = record.weights_before[layer]
        cols = [text(lang, "col_from")] + names[layer + 1]
        body = [[names[layer][i]] + [n(w[i, j]) for j in range(w.shape[1])]
                for i in range(w.shape[0])]
        if trainer.config.bias:
            body.append([text(lang, "col_bias")] + [n(b) for b in record.biases_before[layer]])
        if layers > 1:
            blocks.append(("md", f"**{_layer_title(layer, layers, lang)}**"))
        blocks.append(("table", (cols, body)))

    # 2. weighted sums and outputs
    blocks.append(("md", "## " + text(lang, "explain_2")))
    for layer in range(layers):
        x, w, z, a = (record.inputs[layer], record.weights_before[layer], record.z[layer],
                      record.activations[layer])
        last = layer == layers - 1
        act = (OUTPUT if last else ACTIVATIONS[trainer.config.activation]).symbol
        body = []
        for r in range(rows):
            for j in range(w.shape[1]):
                terms = " + ".join(f"{n(x[r, i], 4)}·({n(w[i, j], 4)})" for i in range(w.shape[0]))
                if trainer.config.bias:
                    terms += f" + ({n(record.biases_before[layer][j], 4)})"
                body.append([label[r], names[layer + 1][j], terms, n(z[r, j]),
                             n(a[r, j])])
        if layers > 1:
            blocks.append(("md", f"**{_layer_title(layer, layers, lang)}**"))
        blocks.append(("table", ([text(lang, "col_row"), text(lang, "col_neuron"),
                                  text(lang, "col_sum"), "z", f"{act}(z)"], body)))
    if layers == 1:
        blocks.append(("md", text(lang, "explain_sigmoid")))

    # 3. errors
    blocks.append(("md", "## " + text(lang, "explain_3")))
    y, out, err = record.targets, record.outputs, record.errors
    body = [[label[r], names[-1][k], n(y[r, k]), n(out[r, k]), n(err[r, k])]
            for r in range(rows) for k in range(y.shape[1])]
    blocks.append(("table", ([text(lang, "col_row"), text(lang, "col_neuron"),
                              text(lang, "col_target"), text(lang, "col_output"),
                              text(lang, "col_error")], body)))

    # 4. slopes, contributions, adjustments
    blocks.append(("md", "## " + text(lang, "explain_4")))
    lr = record.learning_rate
    squared = record.loss_name == "squared"
    blocks.append(("md", text(lang, "explain_delta_squared" if squared else
                              "explain_delta_cross_entropy")))
    if lr != 1:
        blocks.append(("md", text(lang, "explain_lr", lr=n(lr))))
    for layer in reversed(range(layers)):
        last = layer == layers - 1
        if layers > 1:
            blocks.append(("md", f"**{_layer_title(layer, layers, lang)}**"))
        if not last:
            blocks.append(("md", text(lang, "explain_backprop")))
        slope, delta = record.slopes[layer], record.deltas[layer]
        received = record.received[layer]
        body = [[label[r], names[layer + 1][j], n(received[r, j]), n(slope[r, j]),
                 n(delta[r, j])]
                for r in range(rows) for j in range(delta.shape[1])]
        heading = "col_error" if last else "col_received"
        blocks.append(("table", ([text(lang, "col_row"), text(lang, "col_neuron"),
                                  text(lang, heading), text(lang, "col_slope"),
                                  text(lang, "col_delta")], body)))
        c, adj = record.contributions[layer], record.adjustments[layer]
        weight_names = [f"{names[layer][i]}→{names[layer + 1][j]}"
                        for i in range(c.shape[1]) for j in range(c.shape[2])]
        body = [[label[r]] + [n(c[r, i, j]) for i in range(c.shape[1])
                                for j in range(c.shape[2])] for r in range(rows)]
        penalty = record.penalty_adjustments[layer]
        if penalty.any():  # regularisation's part: what pulls each weight towards 0
            body.append([text(lang, "col_penalty")] + [n(v) for v in penalty.ravel()])
        body.append([text(lang, "col_sum_adjustment")] + [n(v) for v in adj.ravel()])
        blocks.append(("md", text(lang, "explain_contributions")))
        blocks.append(("table", ([text(lang, "col_row")] + weight_names, body)))

    # 5. new weights
    blocks.append(("md", "## " + text(lang, "explain_5", **span)))
    for layer in range(layers):
        before, adj, after = (record.weights_before[layer], record.adjustments[layer],
                              record.weights_after[layer])
        lines = []
        for i in range(before.shape[0]):
            for j in range(before.shape[1]):
                lines.append(f"- {md(names[layer][i])}→{md(names[layer + 1][j])}: "
                             f"{n(before[i, j], 8)} + ({n(adj[i, j], 8)}) = "
                             f"**{n(after[i, j], 8)}**")
        if trainer.config.bias:
            for j, (b0, db, b1) in enumerate(zip(record.biases_before[layer],
                                                 record.bias_adjustments[layer],
                                                 record.biases_after[layer])):
                lines.append(f"- {text(lang, 'col_bias')} {md(names[layer + 1][j])}: {n(b0, 8)} + "
                             f"({n(db, 8)}) = **{n(b1, 8)}**")
        if layers > 1:
            blocks.append(("md", f"**{_layer_title(layer, layers, lang)}**"))
        blocks.append(("md", "\n".join(lines)))
    blocks.append(("md", text(lang, "explain_loss", before=n(record.loss_before, 6),
                              after=n(record.loss_after, 6))))
    return blocks


def _layer_title(layer, layers, lang):
    if layer == layers - 1:
        return text(lang, "layer_output")
    return text(lang, "hidden_layer", n=layer + 1)
