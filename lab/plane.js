// The plane, as TensorFlow Playground draws it: the network's output over the plane of its
// two inputs, worked out here by a forward pass over a grid from each frame's weights (the
// server sends the weights; lab/plane.py the rest, once). Train rows are small filled
// points, test rows hollow ones. Each neuron's map is drawn on its node in the diagram;
// hovering or tapping one shows it large. Loaded before stage.js, which calls drawPlane.
// -- begin: from neuron's registries (python -m lab.plane writes it) --
const ACTIVATIONS = {
  sigmoid: (z) => 1 / (1 + Math.exp(-z)),
  tanh: (z) => Math.tanh(z),
  relu: (z) => Math.max(z, 0),
  linear: (z) => z,
};
const FEATURES = {
  x1_squared: (a, b) => a * a,
  x2_squared: (a, b) => b * b,
  x1_x2: (a, b) => a * b,
  sin_x1: (a, b) => Math.sin(a),
  sin_x2: (a, b) => Math.sin(b),
};
// -- end --

const SHADES = 30;  // the map's colour steps (continuous for a regression table)
const LIGHTEN = 0.45;  // the map mixed with white, so the points stand out
const PLANE = 380;  // the map's side, in nominal px

// float64 little-endian, base64 (lab/plane.py params)
function decodeParams(b64) {
  const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
  return new Float64Array(bytes.buffer);
}

// The grid's points (row 0 at the top) and the input columns there: x1, x2, then each
// chosen feature of them, as the trainer's table has them.
function planeGrid(spec) {
  const n = spec.n;
  const [[x0, x1], [y0, y1]] = spec.extent;
  const xs = Float64Array.from({length: n}, (_, i) => x0 + (x1 - x0) * i / (n - 1));
  const ys = Float64Array.from({length: n}, (_, i) => y1 - (y1 - y0) * i / (n - 1));
  const a = new Float64Array(n * n);
  const b = new Float64Array(n * n);
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) { a[r * n + c] = xs[c]; b[r * n + c] = ys[r]; }
  }
  const columns = [a, b, ...spec.features.map((name) => a.map((v, k) => FEATURES[name](v, b[k])))];
  return {xs, ys, columns};
}

// Every neuron's value at every grid point, inputs first, as Trainer.forward computes it:
// z = x·W (+ b), then the layer's activation.
function forwardGrid(spec, columns, params) {
  const count = columns[0].length;
  const out = [...columns];
  let layer = columns;
  let at = 0;
  for (let l = 1; l < spec.sizes.length; l++) {
    const nIn = spec.sizes[l - 1];
    const nOut = spec.sizes[l];
    const f = ACTIVATIONS[spec.acts[l - 1]];
    const w0 = at;
    const b0 = at + nIn * nOut;
    at = b0 + nOut;
    const next = [];
    for (let j = 0; j < nOut; j++) {
      const z = new Float64Array(count);
      for (let i = 0; i < nIn; i++) {
        const w = params[w0 + i * nOut + j];
        const x = layer[i];
        for (let k = 0; k < count; k++) z[k] += x[k] * w;
      }
      const bias = spec.bias ? params[b0 + j] : 0;
      for (let k = 0; k < count; k++) z[k] = f(z[k] + bias);
      next.push(z);
    }
    out.push(...next);
    layer = next;
  }
  return out;
}

function mix(a, b, u) { return a.map((v, c) => v + (b[c] - v) * u); }

// A value's colour: low - middle - high of the node's range (its own range when null).
function painter(ramp, range, values, discrete, continuous, lighten = LIGHTEN) {
  let [lo, hi] = range || [Math.min(...values), Math.max(...values)];
  if (!(hi > lo)) hi = lo + 1;
  const [low, mid, high] = ramp.map((c) => mix(c, [255, 255, 255], lighten));
  return (v) => {
    let t = Math.min(1, Math.max(0, (v - lo) / (hi - lo)));
    if (Number.isNaN(t)) t = 0.5;  // no number (weights that overflowed): the middle colour
    if (discrete) t = t >= 0.5 ? 1 : 0;
    else if (!continuous) t = Math.round(t * SHADES) / SHADES;
    return t < 0.5 ? mix(low, mid, t * 2) : mix(mid, high, (t - 0.5) * 2);
  };
}

// values (n x n, or every step-th of them) painted into a data: URL
function paintMap(values, n, step, colour) {
  const size = Math.ceil(n / step);
  const canvas = document.createElement('canvas');
  canvas.width = canvas.height = size;
  const ctx = canvas.getContext('2d');
  const image = ctx.createImageData(size, size);
  const mid = Math.floor(step / 2);
  for (let r = 0; r < size; r++) {
    for (let c = 0; c < size; c++) {
      const rgb = colour(values[Math.min(n - 1, r * step + mid) * n +
                                Math.min(n - 1, c * step + mid)]);
      const p = 4 * (r * size + c);
      image.data[p] = rgb[0]; image.data[p + 1] = rgb[1]; image.data[p + 2] = rgb[2];
      image.data[p + 3] = 255;
    }
  }
  ctx.putImageData(image, 0, 0);
  return canvas.toDataURL();
}

function checkbox(label, checked, onChange) {
  const box = document.createElement('label');
  box.className = 'switch';
  const input = document.createElement('input');
  input.type = 'checkbox';
  input.checked = checked;
  input.addEventListener('change', () => onChange(input.checked));
  box.append(input, document.createTextNode(` ${label}`));
  return box;
}

function legendKey(shape, fill, stroke, label) {
  const item = document.createElement('span');
  item.className = 'key';
  const svg = el('svg', {width: 12, height: 12, viewBox: '0 0 12 12', 'aria-hidden': 'true'});
  el(shape === 'circle' ? 'circle' : 'rect', shape === 'circle' ?
    {cx: 6, cy: 6, r: 4.5, fill, stroke} : {x: 1.5, y: 1.5, width: 9, height: 9, fill, stroke},
  svg);
  item.append(svg, document.createTextNode(` ${label}`));
  return item;
}

// The plane panel: the big map with its points, axes, switches and legend. ``images``: the
// diagram's node images, painted with each neuron's map. ``report(switches)``: tells the
// server a switch changed. Returns {element, update(params), focus(node)}.
function drawPlane(spec, ramp, images, root, report) {
  const options = {...spec.switches};
  const switched = () => report({discrete: options.discrete, test: options.test});
  const size = PLANE;
  const font = spec.font;
  const [left, top, bottom, right] = [font * 3.4, font * 2.1, font * 2.9, font * 0.7];
  const svg = svgPanel([left + size + right, top + size + bottom], spec.aria);
  svg.classList.add('plane');
  const title = el('text', {x: left, y: top / 2, 'dominant-baseline': 'central',
                            'font-size': font, class: 'plane-title'}, svg, '');
  const map = el('image', {x: left, y: top, width: size, height: size,
                           preserveAspectRatio: 'none'}, svg);
  el('rect', {x: left, y: top, width: size, height: size, class: 'frame'}, svg);
  const [[x0, x1], [y0, y1]] = spec.extent;
  const px = (x) => left + (x - x0) / (x1 - x0) * size;
  const py = (y) => top + (y1 - y) / (y1 - y0) * size;
  const [xticks, yticks] = spec.ticks;
  for (const [v, t] of xticks) {
    el('text', {x: px(v), y: top + size + font * 0.9, 'text-anchor': 'middle',
                'dominant-baseline': 'central', 'font-size': font - 1, class: 'tick'}, svg, t);
  }
  for (const [v, t] of yticks) {
    el('text', {x: left - 5, y: py(v), 'text-anchor': 'end', 'dominant-baseline': 'central',
                'font-size': font - 1, class: 'tick'}, svg, t);
  }
  el('text', {x: left + size / 2, y: top + size + font * 2.2, 'text-anchor': 'middle',
              'dominant-baseline': 'central', 'font-size': font, class: 'axis-title'},
  svg, spec.axes[0]);
  el('text', {x: font * 0.7, y: top + size / 2, 'text-anchor': 'middle',
              'dominant-baseline': 'central', 'font-size': font, class: 'axis-title',
              transform: `rotate(-90 ${font * 0.7} ${top + size / 2})`}, svg, spec.axes[1]);
  // the rows: train points filled, test points hollow (a layer of their own, on demand)
  const scale = painter(ramp, [0, 1], null, false, true, 0);  // the points' full colours
  const colourOf = (t) => spec.regression ? `rgb(${scale(t).join(',')})` :
    (t >= 0.5 ? 'var(--positive)' : 'var(--negative)');
  const edge = spec.regression ? 'var(--ink)' : 'var(--background)';
  const layers = [el('g', {class: 'train-points'}, svg), el('g', {class: 'test-points'}, svg)];
  const {x, y, t, test} = spec.points;
  // a continuous target has no shape of its own: its test rows are squares, in its colour
  x.forEach((xk, k) => {
    const g = layers[test[k] ? 1 : 0];
    const hollow = test[k] && !spec.regression;
    const fill = hollow ? 'var(--background)' : colourOf(t[k]);
    const stroke = hollow ? colourOf(t[k]) : edge;
    const cx = px(xk);
    const cy = py(y[k]);
    if (spec.regression ? !test[k] : t[k] >= 0.5) {
      el('circle', {cx, cy, r: 3.6, fill, stroke, class: 'point'}, g);
    } else {
      el('rect', {x: cx - 3.2, y: cy - 3.2, width: 6.4, height: 6.4, fill, stroke,
                  class: 'point'}, g);
    }
  });
  // switches and legend, under the map
  const bar = document.createElement('div');
  bar.className = 'plane-bar';
  const switches = [];
  if (!spec.regression) {
    switches.push(checkbox(spec.text.discretize, options.discrete, (on) => {
      options.discrete = on;
      paint();
      switched();
    }));
  }
  if (test.some(Boolean)) {
    switches.push(checkbox(spec.text.test, options.test, (on) => {
      options.test = on;
      layers[1].style.display = on ? '' : 'none';
      switched();
    }));
  }
  const legend = document.createElement('span');
  legend.className = 'legend';
  if (spec.regression) {
    const bar = document.createElement('span');
    bar.className = 'scale';
    bar.style.background = `linear-gradient(to right, ${[0, 0.5, 1].map(
      (v) => `rgb(${scale(v).join(',')})`).join(', ')})`;
    legend.append(document.createTextNode(`${spec.text.scale}: ${spec.text.low} `), bar,
                  document.createTextNode(` ${spec.text.high}`));
  } else {
    legend.append(legendKey('circle', 'var(--positive)', 'none', spec.text.one),
                  legendKey('rect', 'var(--negative)', 'none', spec.text.zero));
  }
  if (test.some(Boolean)) {
    legend.append(spec.regression ?
      legendKey('rect', 'var(--background)', 'var(--ink)', spec.text.test_squares) :
      legendKey('circle', 'var(--background)', 'var(--ink)', spec.text.test_rows));
  }
  bar.append(...switches, legend);
  layers[1].style.display = options.test ? '' : 'none';
  const element = document.createElement('div');
  element.className = 'plane-box';
  // as wide as the map is drawn (its height is set by the stylesheet)
  element.style.setProperty('--plane-aspect', (left + size + right) / (top + size + bottom));
  element.append(svg, bar);

  const grid = planeGrid(spec);
  const output = spec.names.length - spec.sizes[spec.sizes.length - 1];  // first output
  let values = null;
  // the neuron shown large (hovered or tapped), else the output; kept across redraws
  let shown = root.planeShown < spec.names.length ? root.planeShown : null;
  const paint = () => {
    const k = shown === null ? output : shown;
    const colour = painter(ramp, spec.kinds[k], values[k], options.discrete && k === output,
                           spec.regression && k === output);
    map.setAttribute('href', paintMap(values[k], spec.n, 1, colour));
    title.textContent = shown === null ? spec.text.output :
      spec.text.neuron.replace('{name}', spec.names[k]);
    // what is drawn, for tests to read: the grid and each neuron's values there
    root.plane = {xs: grid.xs, ys: grid.ys, values, shown: k};
  };
  const update = (b64) => {
    values = forwardGrid(spec, grid.columns, decodeParams(b64));
    images.forEach((image, k) => {
      if (image) {
        image.setAttribute('href', paintMap(values[k], spec.n, spec.thumb,
                                            painter(ramp, spec.kinds[k], values[k])));
      }
    });
    paint();
  };
  const focus = (k) => {
    if (shown === k) return;
    shown = root.planeShown = k;
    paint();
  };
  images.forEach((image, k) => {
    if (!image) return;
    image.classList.add('node-map');
    el('title', {}, image, spec.names[k]);
    image.addEventListener('pointerenter', (event) => {
      if (event.pointerType === 'mouse') focus(k);
    });
    image.addEventListener('pointerleave', (event) => {
      if (event.pointerType === 'mouse') focus(null);
    });
    image.addEventListener('pointerdown', (event) => {  // a tap pins it, a second unpins
      if (event.pointerType !== 'mouse') focus(shown === k ? null : k);
    });
  });
  return {element, update, focus};
}
