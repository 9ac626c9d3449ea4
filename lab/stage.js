// The stage's pictures: draws the shapes lab/scene.py worked out, as SVG, and plays Run's
// frames. Text goes in as textContent (never HTML). When the Run toggle is pressed the
// animation stops at once and the iteration on screen is sent to the server, which stops
// training exactly there.
const NS = 'http://www.w3.org/2000/svg';

function el(name, attrs, parent, text) {
  const node = document.createElementNS(NS, name);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v !== undefined && v !== null && v !== '') node.setAttribute(k, v);
  }
  if (text !== undefined) node.textContent = text;
  if (parent) parent.append(node);
  return node;
}

function svgPanel(size, label) {
  const svg = el('svg', {viewBox: `0 0 ${size[0]} ${size[1]}`, role: 'img',
                         preserveAspectRatio: 'xMidYMid meet', 'aria-label': label});
  return svg;
}

// The palette's colours, from stage.css's variables (lab/palette.py's values), as [r, g, b].
function cssColour(element, name) {
  const hex = getComputedStyle(element).getPropertyValue(name).trim().slice(1);
  return [0, 2, 4].map((k) => parseInt(hex.slice(k, k + 2), 16));
}

// A name shown over everything else in ``svg`` (a weight, a neuron, a curve), just above
// a pointer event's place or a point {x, y} of the panel: show(where, text), or show(null)
// to hide it.
function hoverLabel(svg, size) {
  const label = el('text', {'text-anchor': 'middle', 'dominant-baseline': 'central',
                            'font-size': size, class: 'hover-label'}, svg);
  label.style.display = 'none';
  return (where, text) => {
    if (!where) { label.style.display = 'none'; return; }
    const p = where.clientX === undefined ? where : new DOMPoint(where.clientX, where.clientY)
      .matrixTransform(svg.getScreenCTM().inverse());
    const w = svg.viewBox.baseVal.width;
    const half = text.length * size * 0.3 + 4;
    label.textContent = text;
    label.setAttribute('x', Math.min(Math.max(p.x, half), w - half));
    label.setAttribute('y', Math.max(p.y - size * 1.2, size));
    label.style.display = '';
    svg.append(label);  // on top
  };
}

function drawDiagram(d, state, label) {
  const svg = svgPanel(d.size, label);
  svg.classList.add('diagram');
  // each line's two neurons, by index (lines go layer by layer, sender by sender)
  const first = [];
  d.sizes.reduce((n, s) => { first.push(n); return n + s; }, 0);
  const ends = [];
  for (let l = 0; l + 1 < d.sizes.length; l++) {
    for (let i = 0; i < d.sizes[l]; i++) {
      for (let j = 0; j < d.sizes[l + 1]; j++) ends.push([first[l] + i, first[l + 1] + j]);
    }
  }
  let current = state;
  const show = hoverLabel(svg, d.fonts.label);
  const edges = d.edges.map(([x1, y1, x2, y2]) =>
    el('line', {x1, y1, x2, y2, 'stroke-linecap': 'round'}, svg));
  // on hover (or a tap), a line says its weight's name and value, a neuron its name and
  // lights its lines
  const hits = el('g', {class: 'hits'}, svg);
  const light = (k) => {
    svg.classList.toggle('lit', k !== null);
    edges.forEach((line, e) => line.classList.toggle('hot', k !== null &&
                                                     (ends[e][0] === k || ends[e][1] === k)));
  };
  d.edges.forEach(([x1, y1, x2, y2], k) => {
    const hit = el('line', {x1, y1, x2, y2, class: 'edge-hit'}, hits);
    hit.addEventListener('pointerenter', (event) => {
      svg.classList.add('lit');
      edges[k].classList.add('hot');
      show(event, `${d.names[k]} = ${current.labels[k] || ''}`);
    });
    hit.addEventListener('pointerleave', () => { light(null); show(null); });
  });
  // with the plane, each neuron is drawn as its map (plane.js paints it, frame by frame)
  const images = d.nodes.map(([x, y, r, neuron], k) => {
    const g = el('g', {class: 'node'}, svg);
    let image = null;
    if (d.maps) {
      image = el('image', {x: x - r, y: y - r, width: 2 * r, height: 2 * r,
                           preserveAspectRatio: 'none'}, g);
      el('rect', {x: x - r, y: y - r, width: 2 * r, height: 2 * r, class: 'map-frame'}, g);
    } else {
      el('circle', {cx: x, cy: y, r, class: neuron ? 'neuron' : 'input'}, g);
    }
    g.addEventListener('pointerenter', (event) => { light(k); show(event, d.node_names[k]); });
    g.addEventListener('pointerleave', () => { light(null); show(null); });
    return image;
  });
  // an opaque backing under each neuron's and weight's label, over the lines (scene.py)
  for (const [x, y, width, height] of d.backs) {
    el('rect', {x, y, width, height, rx: 3, class: 'label-back'}, svg);
  }
  for (const [x, y, t, anchor, size] of d.texts) {
    el('text', {x, y, 'text-anchor': anchor, 'dominant-baseline': 'central',
                'font-size': size, class: 'node-label'}, svg, t);
  }
  for (const [x, y, t, anchor, size] of d.titles) {
    el('text', {x, y, 'text-anchor': anchor, 'dominant-baseline': 'central',
                'font-size': size, class: 'layer-title'}, svg, t);
  }
  const labels = d.spots.map((spot) => spot && el('text', {
    x: spot[0], y: spot[1], 'text-anchor': spot[2], 'dominant-baseline': 'central',
    'font-size': d.fonts.label, class: 'weight-label'}, svg, ''));
  const update = (s) => {
    current = s;
    edges.forEach((line, k) => {
      line.setAttribute('stroke-width', s.widths[k]);
      line.classList.toggle('negative', s.negative[k]);
      line.classList.toggle('positive', !s.negative[k]);
    });
    labels.forEach((node, k) => { if (node) node.textContent = s.labels[k]; });
  };
  edges.forEach((line) => line.classList.add('edge'));
  update(state);
  // the keyboard: the diagram takes the focus and the arrow keys walk its lines, each
  // named with its weight's value as on hover
  if (edges.length) {
    svg.setAttribute('tabindex', '0');
    let at = -1;
    const moves = {ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1};
    svg.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') { at = -1; light(null); show(null); return; }
      if (!(event.key in moves)) return;
      event.preventDefault();
      at = Math.min(Math.max(at + moves[event.key], 0), edges.length - 1);
      light(null);
      svg.classList.add('lit');
      edges[at].classList.add('hot');
      const [x1, y1, x2, y2] = d.edges[at];
      show({x: (x1 + x2) / 2, y: (y1 + y2) / 2}, `${d.names[at]} = ${current.labels[at] || ''}`);
    });
    svg.addEventListener('blur', () => { at = -1; light(null); show(null); });
  }
  return {svg, update, images};
}

function drawCurves(c, ends, label) {
  const svg = svgPanel(c.size, label);
  svg.classList.add('curves');
  const clips = [];
  const markers = [];
  const id = Math.random().toString(36).slice(2);
  const show = hoverLabel(svg, c.fonts.tick);
  c.plots.forEach((p, i) => {
    const [x, y, w, h] = p.rect;
    const g = el('g', {}, svg);
    for (const [py, t] of p.yticks) {
      el('line', {x1: x, x2: x + w, y1: py, y2: py, class: 'grid'}, g);
      el('text', {x: x - 6, y: py, 'text-anchor': 'end', 'dominant-baseline': 'central',
                  'font-size': c.fonts.tick, class: 'tick'}, g, t);
    }
    for (const [px, t] of p.xticks) {
      el('line', {x1: px, x2: px, y1: y, y2: y + h, class: 'grid'}, g);
      el('text', {x: px, y: y + h + c.fonts.tick * 0.9, 'text-anchor': 'middle',
                  'dominant-baseline': 'central', 'font-size': c.fonts.tick, class: 'tick'},
         g, t);
    }
    el('rect', {x, y, width: w, height: h, class: 'frame'}, g);
    el('text', {x: x + w / 2, y: y + h + c.fonts.tick * 2 + c.fonts.title * 0.5,
                'text-anchor': 'middle', 'dominant-baseline': 'central',
                'font-size': c.fonts.title, class: 'axis-title'}, g, p.xtitle);
    const ty = y + h / 2;
    el('text', {x: c.fonts.title * 0.8, y: ty, 'text-anchor': 'middle',
                'dominant-baseline': 'central', 'font-size': c.fonts.title, class: 'axis-title',
                transform: `rotate(-90 ${c.fonts.title * 0.8} ${ty})`}, g, p.ytitle);
    const clipId = `clip-${id}-${i}`;
    const defs = el('defs', {}, g);
    const clip = el('clipPath', {id: clipId}, defs);
    clips.push(el('rect', {x: x - 4, y: y - 4, width: w + 8, height: h + 8}, clip));
    const lines = el('g', {'clip-path': `url(#${clipId})`}, g);
    for (const line of p.lines) {
      const drawn = el('polyline', {points: line.points, fill: 'none', stroke: line.color,
                                    'stroke-width': line.width, 'stroke-dasharray': line.dash,
                                    'stroke-linejoin': 'round',
                                    class: line.faint ? 'faint' : ''}, lines);
      if (line.name) {  // a weight's curve names itself on hover, drawn over the others
        drawn.addEventListener('pointerenter', (event) => {
          svg.classList.add('lit');
          drawn.classList.add('hot');
          lines.append(drawn);
          show(event, line.name);
        });
        drawn.addEventListener('pointerleave', () => {
          svg.classList.remove('lit');
          drawn.classList.remove('hot');
          show(null);
        });
      }
    }
  });
  // the names at the curves' right ends, at the values of the iteration on screen
  const names = el('g', {}, svg);
  const setEnds = (labels) => {
    names.replaceChildren();
    for (const [x, y, t, colour] of labels || []) {
      el('text', {x, y, 'dominant-baseline': 'central', 'font-size': c.fonts.tick,
                  fill: colour, class: 'end-label'}, names, t);
    }
  };
  setEnds(ends);
  const marker = (r) => el('circle', {r, class: 'marker'}, svg);
  const update = (points, clipX, labels) => {
    if (labels) setEnds(labels);
    while (markers.length < points.length) {
      markers.push(marker(c.markers[Math.min(markers.length, 1)]));
    }
    points.forEach(([x, y], k) => {
      markers[k].setAttribute('cx', x);
      markers[k].setAttribute('cy', y);
    });
    clips.forEach((rect, i) => {
      const [x, , w] = c.plots[i].rect;
      rect.setAttribute('width', Math.max(0, Math.min(w + 8, clipX - x + 4)));
    });
  };
  return {svg, update};
}

// The link's iteration, rewritten in place (no history entry) where it differs.
function linkIteration(i) {
  const url = new URL(window.location.href);
  if (url.searchParams.get('it') !== String(i)) {
    url.searchParams.set('it', i);
    window.history.replaceState(window.history.state, '', url);
  }
}

// Where focus was before a command reran the page: Streamlit redraws the buttons, and a
// button that became disabled drops focus to <body>.
let lastControl = null;
document.addEventListener('focusin', (event) => {
  const box = event.target.closest && event.target.closest(DOM.keyed);
  // focus elsewhere (a table cell being edited) is never taken back to a control
  lastControl = box && box.closest(keyed('controls')) ?
    [...box.classList].find((c) => c.startsWith(DOM.key_class)) : null;
});

// The page's language for screen readers; Streamlit sets <html lang> itself on load.
let language = null;
new MutationObserver(() => {
  if (language && document.documentElement.lang !== language) {
    document.documentElement.lang = language;
  }
}).observe(document.documentElement, {attributes: true, attributeFilter: ['lang']});

function setLanguage(lang) {
  language = lang;
  // only when it changes: a new lang makes the browser restyle the whole page
  if (document.documentElement.lang !== lang) document.documentElement.lang = lang;
}

function restoreFocus() {
  const active = document.activeElement;
  if (lastControl && (!active || active === document.body)) {
    const own = document.querySelector(`.${lastControl} button:not([disabled]), ` +
                                       `.${lastControl} input:not([disabled])`);
    const step = document.querySelector(`${keyed('step')} button:not([disabled])`);
    (own || step)?.focus({preventScroll: true});
  }
}

// The counters (st.metric) whose value the stage sets on Step, before the rerun redraws them:
// label -> the text node holding the value, found without forcing a layout.
function counters() {
  const found = new Map();
  const box = document.querySelector(keyed('metrics'));
  const metrics = box ? box.querySelectorAll(DOM.metric) : [];
  if (box && !metrics.length) domMissing('metric');
  for (const m of metrics) {
    const label = need('metric_label', m);
    const value = need('metric_value_text', m);
    const node = value && value.childNodes.length === 1 && value.firstChild;
    if (label && node && node.nodeType === Node.TEXT_NODE) {
      found.set(label.textContent.trim(), node);
    }
  }
  return found;
}

// Write [label, value] pairs into the counters; React only writes a value that changed, so
// a value set here must be one the next rerun draws, or be set back.
function setCounters(pairs) {
  const nodes = counters();
  for (const [label, value] of pairs || []) {
    const node = nodes.get(label);
    if (node && node.data !== value) node.data = value;
  }
}

function connected() {
  if (document.querySelector(DOM.connected)) return true;
  if (!need('app')?.hasAttribute(DOM.connection)) domMissing('connected');
  return false;
}

// Behind the proxy (deploy/haproxy.cfg), its cookie names the replica this page talks to.
// Streamlit reconnects a lost WebSocket by itself; when the proxy sends it to another
// replica (its own stopped), that process holds no session for the page and Streamlit
// reruns nothing: Run would stall and the stage's controls do nothing. The lesson is in
// the link, so the page reloads it. (Back on the same process, Streamlit resumes the
// session as it is.)
function replica() {
  return /(?:^|;\s*)lab_replica=([^;]*)/.exec(document.cookie)?.[1] ?? null;
}

function reloadOnNewReplica() {
  if (window.neuronLabReplica !== undefined) return;
  window.neuronLabReplica = replica();
  let lost = false;
  new MutationObserver(() => {
    if (!connected()) lost = true;
    else if (lost && replica() !== window.neuronLabReplica) location.reload();
    else lost = false;
  }).observe(document.body, {subtree: true, attributes: true,
                             attributeFilter: [DOM.connection]});
}

// Streamlit calls the default function again for each new data without calling the cleanup
// the previous call returned (only on unmount): call it here, so timers and listeners of
// an earlier render never act on this one.
const cleanups = new WeakMap();

export default function (component) {
  const {parentElement, setStateValue, setTriggerValue} = component;
  const data = JSON.parse(component.data);  // sent as one JSON text (lab/stage.py)
  cleanups.get(parentElement)?.();
  reloadOnNewReplica();
  setLanguage(data.lang);
  // one live region, kept across redraws, read out once per result (not per frame)
  let live = parentElement.querySelector('.live');
  if (!live) {
    live = document.createElement('div');
    live.className = 'live';
    live.setAttribute('aria-live', 'polite');
    live.setAttribute('role', 'status');
    parentElement.append(live);
  }
  if (!data.frames && live.textContent !== data.announce) live.textContent = data.announce;
  setTimeout(restoreFocus, 0);
  let root = parentElement.querySelector('.stage');
  if (!root) {
    root = document.createElement('div');
    root.className = 'stage';
    parentElement.append(root);
  }
  root.classList.toggle('present', !!data.present);
  const status = document.createElement('div');
  status.className = data.why ? 'status why' : data.news ? 'status news' : 'status';
  status.textContent = data.status;
  status.title = data.status;
  const panels = document.createElement('div');
  panels.className = 'panels';
  const diagram = drawDiagram(data.diagram, data.state, data.aria.diagram);
  const curves = drawCurves(data.curves, data.ends, data.aria.curves);
  let plane = null;
  const parts = [['diagram', diagram.svg], ['curves', curves.svg]];
  if (data.plane) {
    // read once (getComputedStyle makes the browser restyle before it answers)
    const ramp = ['--negative', '--background', '--positive'].map((n) => cssColour(root, n));
    // a switch is drawn at once, then kept by the server (for the link and the next redraw)
    plane = drawPlane(data.plane, ramp, diagram.images, root,
                      (switches) => setStateValue('plane', switches));
    parts.push(['plane', plane.element]);
    panels.classList.add('with-plane');
  }
  for (const [name, part] of parts) {
    const panel = document.createElement('div');
    panel.className = `panel ${name}-panel`;
    panel.append(part);
    panels.append(panel);
  }
  panels.firstChild.prepend(status);  // over the diagram's top band
  root.replaceChildren(panels);
  // one line, never cut: a line too long for the panel (presenter type) is set smaller
  let fitted = null;  // the length of the text fitted last
  const fit = () => {
    if (!status.isConnected || status.classList.contains('why')) return;
    status.style.fontSize = '';
    const base = parseFloat(getComputedStyle(status).fontSize);
    for (let size = base; status.scrollWidth > status.clientWidth && size > 0.7 * base;) {
      size -= 1;
      status.style.fontSize = `${size}px`;
    }
    fitted = status.textContent.length;
  };
  const setStatus = (t) => {
    status.textContent = t;
    if (t.length !== fitted) fit();
  };
  setStatus(data.status);
  requestAnimationFrame(fit);  // drawn, its type loaded
  document.fonts?.ready.then(fit);
  curves.update(data.markers, data.clip);
  plane?.update(data.params);
  setCounters(data.metrics);  // in case a Step shown on press was lost (say, by a reconnect)

  const frames = data.frames || [];
  // Run stopped: a frame played after the server wrote the link must not have the last word
  if (data.link_iteration !== null && data.link_iteration !== undefined) {
    linkIteration(data.link_iteration);
  }
  let k = 0;
  let timer = null;
  const show = (f) => {
    diagram.update(f.s);
    plane?.update(f.p);
    curves.update(f.m, f.c, f.e);
    setStatus(f.t);
    if (f.r) setCounters(data.counters.map((label, i) => [label, f.r[i]]));
    // what is on screen, for tests and benchmarks to read
    Object.assign(root.dataset, {stretch: data.stretch, frame: k, frames: frames.length,
                                 iteration: f.i});

    // the link names the frame on screen (the server writes it exactly when Run stops):
    // a reload, a copied link or a replica's loss rebuilds this frame's lesson
    linkIteration(f.i);
  };
  const stop = () => { clearInterval(timer); timer = null; };
  // the stretch playing, sent again (a switch redrew the stage): go on where it was
  if (frames.length && root.dataset.stretch === String(data.stretch)) {
    k = Math.min(Number(root.dataset.frame) || 0, frames.length - 1);
  }
  root.dataset.stretch = '';
  if (frames.length) {
    show(frames[k]);
    timer = setInterval(() => {
      if (k + 1 >= frames.length) {
        // played to the end: ask for the next stretch (never before, so a busy server
        // gets one request per session at a time)
        stop();
        setTriggerValue('more', {stretch: data.stretch});
        return;
      }
      k += 1;
      show(frames[k]);
    }, data.frame_ms);
  }
  // Pause: the Run toggle, by pointer or keyboard, stops the picture before the server
  // answers, and says which iteration it stopped on; so do Step, Step x N and Train, which
  // then train from there.
  const PAUSES = [keyed('running'), ...['step', 'step_many', 'train'].map(
    (key) => `${keyed(key)} button:not([disabled])`)].join(', ');
  const pause = (event) => {
    if (!frames.length || !event.target.closest || !event.target.closest(PAUSES)) return;
    if (event.type === 'keydown' && event.key !== ' ' && event.key !== 'Enter') return;
    stop();
    setTriggerValue('paused', {stretch: data.stretch, iteration: frames[k].i});
  };
  document.addEventListener('pointerdown', pause, true);
  document.addEventListener('keydown', pause, true);

  // Step, shown the moment it is pressed: the server sent the next Step's picture and
  // counters (the trainer's own numbers); the rerun the click asks for draws the same ones.
  // Shown once per render, only while connected; undone if the press does not become a
  // click or no rerun comes.
  const ahead = data.ahead;
  let shown = false;
  let pressed = null;
  let undoTimer = null;
  const metricsBox = () => document.querySelector(keyed('metrics'));
  const draw = (s, m, c, e, t, announce, p) => {
    diagram.update(s);
    plane?.update(p);
    curves.update(m, c, e);
    setStatus(t);
    if (live.textContent !== announce) live.textContent = announce;
  };
  const showAhead = () => {
    if (!ahead || shown || !connected()) return;
    shown = true;
    setCounters(ahead.metrics);
    draw(ahead.s, ahead.m, ahead.c, ahead.e, ahead.t, ahead.announce, ahead.p);
    metricsBox()?.setAttribute('data-step-ahead', '');  // tests wait for the rerun
    undoTimer = setTimeout(undo, 10000);
  };
  const undo = () => {
    if (!shown) return;
    shown = false;
    setCounters(data.metrics);
    draw(data.state, data.markers, data.clip, data.ends, data.status, data.announce, data.params);
    metricsBox()?.removeAttribute('data-step-ahead');
  };
  const stepButton = (event) => event.target.closest &&
    event.target.closest(`${keyed('step')} button:not([disabled])`);
  const onStep = (event) => {
    const button = stepButton(event);
    if (event.type === 'pointerdown') {
      if (button && event.button === 0) { pressed = button; showAhead(); }
    } else if (event.type === 'click') {
      if (button && event.detail === 0) showAhead();  // the keyboard's Enter or Space
    } else if (pressed) {  // pointerup, pointercancel: no click unless released on Step
      if (event.type === 'pointercancel' || button !== pressed) undo();
      pressed = null;
    }
  };
  const kinds = ['pointerdown', 'pointerup', 'pointercancel', 'click'];
  if (ahead) kinds.forEach((kind) => document.addEventListener(kind, onStep, true));
  const cleanup = () => {
    cleanups.delete(parentElement);
    stop();
    clearTimeout(undoTimer);
    metricsBox()?.removeAttribute('data-step-ahead');
    document.removeEventListener('pointerdown', pause, true);
    document.removeEventListener('keydown', pause, true);
    kinds.forEach((kind) => document.removeEventListener(kind, onStep, true));
  };
  cleanups.set(parentElement, cleanup);
  return cleanup;
}
