// Typing into the table editor as fast as a script can loses no key.
//
// Races in glide-data-grid (st.data_editor), read in its data-editor.tsx, and in Streamlit's
// table around it (DataFrame.tsx):
// - A click on a cell selects it and calls focus(), which focuses the grid in the next
//   animation frame: keys typed before then go to what had the focus, and if one of them
//   has opened the cell's editor, that frame takes the focus back from the editor.
// - The first printable key on a selected cell opens the cell's editor: onKeyDown calls
//   reselect(bounds, activation, event.key), the key becoming the editor's text. The
//   editor is a React.lazy chunk whose textarea takes the focus in an effect (GrowingEntry);
//   each key typed before that reaches the grid and calls reselect with itself as the
//   editor's whole text: only the last one is kept ("0,5" became "5" or ",5").
// - A click on the grid right after a click elsewhere (a Step) can select no cell at all
//   (measured: 4 of 4 edits lost), and Enter or Tab closes the editor a moment after it is
//   pressed: keys typed meanwhile went on into the closing editor ("0,25,7510").
// - Streamlit's table takes the selection glide makes (a click, Tab, Enter) only while it
//   holds the pointer to be over the grid, and drops it when the editor takes the focus
//   while it does not (overGrid, below): after a Step, Tab moved nowhere (2 of 4 lost).
// So keys are held back from a click on the grid until a cell is selected (clicking there
// again if none was), from the key that opens the editor until its textarea has the focus,
// and from Enter or Tab until the grid has the focus back; then they go on, in order.
// A new table (a preset chosen just before, say) replaces the grid under the keys: those
// typed since the click go to the new grid, from the same cell (carryOver, below).
// Keys no cell takes (the new table has no such cell; nothing came in time) are refused,
// said on the page with the cell they were typed for (refuse, below): never dropped.

// glide's test for a key that opens the editor
const PRINTABLE = /[\p{L}\p{M}\p{N}\p{S}\p{P}]/u;
const GIVE_UP_MS = 3000; // nothing came (a changed grid): the held keys are given up (giveUp)
// ...unless the page's script is still running (what the keys wait for comes after it), for
// this long at most
const BUSY_MS = 30000;
// the grids this applies to (every table editor's selector; a new table's editor, drawn
// before this script hears its key, is one), the editor's key now and the component's
// report to the page (its setTriggerValue), shared by every copy of this module: the
// listeners are added once
const shared = window.neuronLabGridKeys ||
  (window.neuronLabGridKeys = {scope: null, key: null, report: null});
let held = null; // the keys held back, in order; null: none is
let waitingFor = null; // 'focus' (a click's), 'editor', 'grid', 'pointer' or 'table' (a new one)
let timer = null;
let since = 0; // when the keys were held (performance.now())
let editor = null; // the open editor's textarea, while it keeps the focus from the grid
const passing = new WeakSet(); // keys this script lets go as they are
// the keys typed since the last click on the grid, and where it was (for carryOver): the
// cell's column and row as the page names them (its header, its number from 1)
let typing = null; // {grid, at: {dx, dy, column, row, names}, keys}
let era = 0; // the grids replaced so far: a step begun on a replaced grid does nothing

function inScope(node) {
  return !!(shared.scope && node && node.closest && node.closest(shared.scope));
}

// the grid's canvas gets the keys of its focused cell (a <td> of its accessible table)
function inGrid(node) {
  return inScope(node) && !!node.closest(DOM.grid_canvas);
}

function isOverlay(node) {
  return !!(node && node.closest && node.closest(DOM.grid_editor));
}

function isEditor(node) {
  return (node instanceof HTMLTextAreaElement || node instanceof HTMLInputElement) &&
    isOverlay(node);
}

function opens(event) {
  return event.key.length === 1 && PRINTABLE.test(event.key) && !event.ctrlKey &&
    !event.metaKey;
}

function hold(what) {
  if (!held) since = performance.now();
  held = held || [];
  waitingFor = what;
  clearTimeout(timer);
  timer = setTimeout(giveUp, GIVE_UP_MS);
}

// Nothing came in time: on a cell of the grid the keys go on (replay); else they are refused.
function giveUp() {
  if (scriptRuns() && performance.now() - since < BUSY_MS) {
    // a run longer than GIVE_UP_MS on a busy server (measured: the last of three values,
    // pressed on blindly, was lost)
    timer = setTimeout(giveUp, GIVE_UP_MS);
    return;
  }
  if (waitingFor === 'editor') domMissing('grid_editor'); // the key opened no editor we know
  const waited = waitingFor;
  const cell = heading();
  const keys = take();
  if (waited !== 'editor' && waited !== 'table' && selects()) replay(keys);
  else refuse('not_taken', cell, keys);
}

// Keys no cell took, said on the page (lab/callbacks.py's keys_refused): ``why`` is
// 'no_cell' (the new table has none where they were typed) or 'not_taken'; ``cell`` the one
// they were typed for, {row, column} as the page names them, or null.
function refuse(why, cell, keys) {
  typing = null;
  if (!keys.length) return;
  if (shared.report) shared.report('refused', {why, keys, ...(cell || {})});
  else console.warn('Neuron Lab: keys typed into the table were not entered', keys);
}

// The cell the held keys were typed for: the one clicked, moved on by each Tab (right) and
// Enter (down) typed before them; else the focused cell; else null.
function heading() {
  if (typing && typing.at.row > 0) { // (not the header; null: no cell drawn there)
    const before = typing.keys.slice(0, Math.max(0, typing.keys.length - (held || []).length));
    const count = (key) => before.filter((k) => k === key).length;
    const name = typing.at.names[typing.at.column + count('Tab')];
    if (name !== undefined) return {row: typing.at.row + count('Enter'), column: name};
  }
  const box = document.activeElement;
  if (!inScope(box) || !box.matches(DOM.grid_cell)) return null;
  const grid = box.closest(shared.scope);
  const row = box.closest('[aria-rowindex]');
  const name = headers(grid)[Number(box.getAttribute('aria-colindex')) - 1];
  return row && name !== undefined ?
    {row: Number(row.getAttribute('aria-rowindex')) - 1, column: name} : null;
}

function take() {
  const keys = held || [];
  held = waitingFor = null;
  clearTimeout(timer);
  return keys;
}

function press(key, pass, shiftKey = false) {
  const event = new KeyboardEvent('keydown', {key, shiftKey, bubbles: true, cancelable: true});
  if (pass) passing.add(event);
  (document.activeElement || document.body).dispatchEvent(event);
}

// React owns the textarea's value: set it as the browser would and say so with 'input'.
function setText(box, text) {
  Object.getOwnPropertyDescriptor(Object.getPrototypeOf(box), 'value').set.call(box, text);
  box.setSelectionRange(text.length, text.length);
  box.dispatchEvent(new Event('input', {bubbles: true}));
}

// The held keys, in order, to what has the focus now: text into the editor, other keys
// as key presses (a printable one on the grid opens the editor, and holds the rest again).
function replay(keys) {
  for (let k = 0; k < keys.length; k++) {
    if (held) {
      held.push(...keys.slice(k));
      return;
    }
    const box = document.activeElement;
    const key = keys[k];
    if (isEditor(box) && (key.length === 1 || key === 'Backspace')) {
      setText(box, key === 'Backspace' ? box.value.slice(0, -1) : box.value + key);
    } else if (isEditor(box)) {
      endEdit(key);
      held.push(...keys.slice(k + 1));
      return;
    } else {
      press(key, false);
    }
  }
}

function onKeyDown(event) {
  if (event.isTrusted && typing) typing.keys.push(event.key);
  if (passing.has(event)) return;
  if (held) {
    held.push(event.key);
    event.preventDefault();
    event.stopPropagation(); // the grid would make this key the editor's whole text
    return;
  }
  const ends = ['Enter', 'Tab', 'Escape'].includes(event.key) &&
    !(event.key === 'Enter' && event.shiftKey); // (Shift+Enter: a new line)
  if (isEditor(event.target) && ends) editor = null; // the edit ends: the grid takes the focus
  if (inGrid(event.target) && opens(event) && away) {
    // this key would open the editor, and the table drop its cell: point at the grid first
    event.preventDefault();
    event.stopPropagation();
    hold('pointer');
    held.push(event.key);
    overGrid(() => waitingFor === 'pointer' && replay(take()));
  } else if (inGrid(event.target) && opens(event)) {
    hold('editor'); // this key opens it: let it go
  } else if (isEditor(event.target) && ends && event.key !== 'Escape') {
    event.preventDefault();
    event.stopPropagation();
    endEdit(event.key, event.shiftKey);
  }
}

// Enter or Tab in a cell's editor: pressed frames later, with the pointer over the grid
// (measured: pressed in the same moment as the last key, Enter often saved nothing; once
// React has drawn that key, it saves the text), and the keys after it held until the grid
// has the focus on the next cell (else they went on into the closing editor: "0,25,7510"
// in one cell).
function endEdit(key, shiftKey = false) {
  editor = null;
  hold('grid');
  const now = era;
  const open = isEditor(document.activeElement) ? document.activeElement : null;
  afterRun(() => overGrid(() => {
    if (era !== now) return;
    // the run's end can give the focus back to the widget clicked last (the preset picker:
    // measured, the key went there and the value typed was lost): the editor takes it back
    if (open && open.isConnected && document.activeElement !== open) focusEnd(open);
    press(key, true, shiftKey);
  }));
}

function focusEnd(box) {
  box.focus();
  box.setSelectionRange(box.value.length, box.value.length);
}

// While the page's script runs, the table draws its state only after it (measured: the
// cell a click or Tab selected took the focus 15-35 ms after each run ended), and its
// pointer flag read by Tab or a click is the one drawn: wait for the run to end.
function afterRun(then) {
  if (scriptRuns()) {
    requestAnimationFrame(() => afterRun(then));
  } else {
    requestAnimationFrame(() => requestAnimationFrame(then));
  }
}

function scriptRuns() {
  const app = need('app');
  return !!app && app.getAttribute(DOM.script_state) === 'running';
}

// where the press was, from the grid's canvas: the grid may move before a click is made
// again (a Step's rerun redraws the stage above it)
let pressed = null;

function onPointerDown(event) {
  if (!event.isTrusted) return; // (the click this script makes again, below)
  if (!isOverlay(event.target)) editor = null;
  if (!inScope(event.target)) {
    if (!isOverlay(event.target)) typing = null;
    return;
  }
  hold('focus'); // (glide's scroller, over the canvas, gets it)
  // (no canvas: the grid of a new table is being drawn: carryOver types there once it is)
  const grid = event.target.closest(shared.scope);
  const canvas = grid.querySelector(DOM.grid_canvas);
  const box = (canvas || grid).getBoundingClientRect();
  const [dx, dy] = [event.clientX - box.left, event.clientY - box.top];
  pressed = canvas && {canvas, dx, dy};
  typing = {grid, keys: [], at: cellAt(grid, dx, dy)};
  if (!canvas) carryOver(typing); // (the keys typed meanwhile are held for it)
}

// The cell at (dx, dy) from the grid's canvas: its column (from 0), its row as the page
// names it (from 1; 0 on the header, which stays on top as the rows scroll by) and the
// columns' names; column and row null while the grid has none drawn.
function cellAt(grid, dx, dy) {
  const scroller = grid.querySelector(DOM.grid_scroller);
  const h = DOM.row_height;
  const c = column(grid, dx);
  const scrolled = scroller ? scroller.scrollTop : 0;
  const row = c === null ? null : dy < h ? 0 : Math.floor((dy - h + scrolled) / h) + 1;
  return {dx, dy, column: c, row, names: headers(grid)};
}

function headers(grid) {
  return [...grid.querySelectorAll(DOM.grid_header)].map((th) => th.textContent.trim());
}

// the column ``dx`` from the grid's left edge is in, as in a grid whose columns share its
// width alike (Streamlit's, here); null while it has none drawn
function column(grid, dx) {
  const canvas = grid.querySelector(DOM.grid_canvas);
  const columns = grid.querySelectorAll(DOM.grid_header).length;
  if (!canvas || !columns) return null;
  return Math.min(columns - 1, Math.floor(dx / (canvas.getBoundingClientRect().width / columns)));
}

// glide focuses the selected cell's <td> (its accessible table) when a click selects it
function selects() {
  return inScope(document.activeElement) && document.activeElement.matches(DOM.grid_cell);
}

// ``then`` once glide's focus() ran: it asks for it in an animation frame on the button's
// down and up, so DOM.focus_frames frames on
function afterFocus(then, frames = DOM.focus_frames) {
  requestAnimationFrame(() => (frames > 1 ? afterFocus(then, frames - 1) : then()));
}

function afterFocusFrames(then) {
  afterFocus(() => {
    if (waitingFor === 'focus') then();
  });
}

// A click on the grid right after a click elsewhere (a Step, measured) can select no cell:
// the keys typed then would be lost. So, when no cell took the click, click there again,
// past glide's double-click time (500 ms from its last mouseup), a few times at most.
const AGAIN_MS = DOM.double_click_ms + 10;
const TRIES = 3;

function mouse(type, x, y) {
  const target = document.elementFromPoint(x, y);
  if (!inScope(target)) return false;
  const Kind = type.startsWith('pointer') ? PointerEvent : MouseEvent;
  target.dispatchEvent(new Kind(type, {bubbles: true, cancelable: true, composed: true,
    clientX: x, clientY: y, button: 0, buttons: type.endsWith('down') ? 1 : 0, view: window}));
  return true;
}

// Streamlit's table takes glide's selection changes (a click; Tab or Enter moving on) only
// while it holds the pointer to be over the grid, a flag its pointer-move handler sets
// through the closure of its last render; and when the flag is off and a cell's editor (in
// a portal, outside the table) takes the focus, it drops the selection. A pointer that went
// to Step and on to a cell within a frame or two (a script, a quick hand) leaves the flag
// off (the move onto the grid read the closure from before the move away): the click
// selected a cell or none, the editor opened, and Tab or Enter then moved nowhere; the next
// value was typed into no cell (2 of 4 tries lost, measured). A pointer moved off the table
// while typing does the same. So, before the keys go on, a pointer move over the grid
// (where it was pressed) tells the table again, once its renders have caught up.
let away = false; // the pointer was last moved off the grid

function overGrid(then) {
  requestAnimationFrame(() => {
    const canvas = document.querySelector(`${shared.scope} canvas`);
    const box = canvas && canvas.getBoundingClientRect();
    if (box) {
      const [dx, dy] = pressed && pressed.canvas === canvas ? [pressed.dx, pressed.dy] :
        [box.width / 2, box.height / 2];
      const [x, y] = [box.left + dx, box.top + dy];
      // glide reads moves on its scroller (over the canvas) or on the canvas (an open editor
      // lies over both)
      const over = document.elementFromPoint(x, y);
      (inScope(over) ? over : canvas).dispatchEvent(new PointerEvent('pointermove',
        {bubbles: true, composed: true, clientX: x, clientY: y, view: window}));
      away = false;
    }
    requestAnimationFrame(() => requestAnimationFrame(then)); // the table drew its flag
  });
}

function onPointerMove(event) {
  if (event.isTrusted) away = !inScope(event.target) && !isOverlay(event.target);
}

function clickUntilSelected(at, tries) {
  afterFocusFrames(() => overGrid(() => {
    if (waitingFor !== 'focus') return;
    // a grid being replaced: carryOver takes the keys (or GIVE_UP_MS lets them go)
    if (!at || !at.canvas.isConnected) return;
    if (selects() || (tries === 0 && inGrid(document.activeElement))) {
      replay(take());
      return;
    }
    if (tries === 0) {
      refuse('not_taken', heading(), take()); // no cell took the click
      return;
    }
    setTimeout(() => {
      if (waitingFor !== 'focus') return;
      if (selects()) {
        replay(take()); // the first click took, later than two frames
        return;
      }
      const again = at.canvas.getBoundingClientRect();
      const [x, y] = [again.left + at.dx, again.top + at.dy];
      for (const type of ['pointerdown', 'mousedown', 'pointerup', 'mouseup', 'click']) {
        mouse(type, x, y);
      }
      clickUntilSelected(at, tries - 1);
    }, AGAIN_MS);
  }));
}

function onPointerUp(event) {
  if (event.isTrusted && waitingFor === 'focus') clickUntilSelected(pressed, TRIES);
}

function onFocusIn(event) {
  const box = event.target;
  if (waitingFor === 'grid' && inGrid(box)) {
    // the edit is saved and the grid has moved to the next cell (drawn by then)
    afterFocus(() => {
      if (waitingFor !== 'grid') return;
      // a rerun ending meanwhile can give the focus back to the preset picker (measured)
      if (!inScope(document.activeElement) && box.isConnected) box.focus();
      replay(take());
    });
  } else if (isEditor(box)) {
    editor = box;
    if (waitingFor !== 'editor') return;
    const keys = take();
    // after the editor's own effect has put the caret after its first key
    queueMicrotask(() => replay(keys));
  } else if (editor && inGrid(box)) {
    // a focus() the grid asked for before the editor opened: the editor keeps the focus
    const open = editor;
    editor = null;
    if (!open.isConnected) return;
    queueMicrotask(() => focusEnd(open));
  } else if (editor && editor.isConnected && !inScope(box) && !isOverlay(box)) {
    // a run's end gave the focus to the widget clicked last while keys were typed into an
    // editor (any click of the visitor's own closed it: onPointerDown): the editor keeps it
    const open = editor;
    queueMicrotask(() => focusEnd(open));
  }
}

// The table drops its selected cell when the focus leaves it while its pointer flag is off,
// and a cell's editor is outside it (a portal): the focus going from a cell to its own
// editor is not told to the table (the selection stays for Tab and Enter to move on from).
function onFocusOut(event) {
  if (inGrid(event.target) && isOverlay(event.relatedTarget)) event.stopPropagation();
}

if (!shared.listening) {
  shared.listening = true;
  document.addEventListener('keydown', (event) => onKeyDown(event), true);
  document.addEventListener('pointerdown', (event) => onPointerDown(event), true);
  document.addEventListener('pointerup', (event) => onPointerUp(event), true);
  document.addEventListener('pointermove', (event) => onPointerMove(event), true);
  document.addEventListener('focusin', (event) => onFocusIn(event), true);
  document.addEventListener('focusout', (event) => onFocusOut(event), true);
}

// The grid was replaced (its editor's key changed: a new table) while keys were typed into
// it: they would be lost with it. A teacher expects what they typed in the cell they
// clicked, so the keys typed since that click go to the new grid, from the same cell (same
// row, same column); the keys typed meanwhile are held after them.
function carryOver(from) {
  era++;
  editor = null;
  take();
  hold('table');
  held.push(...from.keys);
  typing = from; // (the keys typed meanwhile are the same cell's)
  const waitForGrid = () => {
    if (waitingFor !== 'table') return; // given up (GIVE_UP_MS)
    const grid = document.querySelector(shared.scope);
    const canvas = grid && grid.querySelector(DOM.grid_canvas);
    const columns = grid ? grid.querySelectorAll(DOM.grid_header).length : 0;
    if (!canvas || !grid.querySelector(DOM.grid_cell) || !columns) {
      requestAnimationFrame(waitForGrid);
      return;
    }
    const box = canvas.getBoundingClientRect();
    const c = from.at.column ?? column(grid, from.at.dx);
    const at = {canvas, dy: from.at.dy, dx: (c + 0.5) * box.width / columns};
    // the same cell in the new grid (not scrolled yet), unless the header was clicked
    const here = cellAt(grid, at.dx, at.dy);
    if (here.row > 0 && !grid.querySelector(
      `[aria-rowindex="${here.row + 1}"] > ${DOM.grid_cell}[aria-colindex="${c + 1}"]`)) {
      // the new table has no such cell: named as the page named it where it was typed
      const old = from.at.column === null ? here : from.at;
      refuse('no_cell', {row: old.row, column: old.names[old.column] ?? String(c + 1)}, take());
      return;
    }
    pressed = at;
    typing = {grid, keys: [], at: here};
    hold('focus');
    for (const type of ['pointerdown', 'mousedown', 'pointerup', 'mouseup', 'click']) {
      mouse(type, box.left + at.dx, box.top + at.dy);
    }
    clickUntilSelected(at, TRIES);
  };
  afterRun(waitForGrid);
}

export default function (component) {
  const {key, every} = component.data;
  shared.scope = `[class*="${DOM.key_class}${every}"]`;
  shared.report = component.setTriggerValue;
  if (key === shared.key) return;
  const from = typing;
  typing = null;
  shared.key = key;
  if (from && from.keys.length && waitingFor !== 'table' && !from.grid.matches(keyed(key))) {
    carryOver(from);
  }
}
