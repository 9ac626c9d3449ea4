// Typing into the table editor as fast as a script can loses no key.
//
// Two races in glide-data-grid (st.data_editor), read in its data-editor.tsx:
// - A click on a cell selects it and calls focus(), which focuses the grid in the next
//   animation frame: keys typed before then go to what had the focus, and if one of them
//   has opened the cell's editor, that frame takes the focus back from the editor.
// - The first printable key on a selected cell opens the cell's editor: onKeyDown calls
//   reselect(bounds, activation, event.key), the key becoming the editor's text. The
//   editor is a React.lazy chunk whose textarea takes the focus in an effect (GrowingEntry);
//   each key typed before that reaches the grid and calls reselect with itself as the
//   editor's whole text: only the last one is kept ("0,5" became "5" or ",5").
// So keys are held back from a click on the grid until two frames after it, and from the key
// that opens the editor until its textarea has the focus; then they go on, in order.

// glide's test for a key that opens the editor
const PRINTABLE = /[\p{L}\p{M}\p{N}\p{S}\p{P}]/u;
const GIVE_UP_MS = 2000; // nothing came (a changed grid): let the held keys go as they are
// the grids this applies to (the table editor's selector), shared by every copy of this
// module: the listeners are added once
const shared = window.neuronLabGridKeys || (window.neuronLabGridKeys = {scope: null});
let held = null; // the keys held back, in order; null: none is
let waitingFor = null; // 'focus' (a click's) or 'editor'
let timer = null;
let editor = null; // the open editor's textarea, while it keeps the focus from the grid
const passing = new WeakSet(); // keys this script lets go as they are

function inScope(node) {
  return !!(shared.scope && node && node.closest && node.closest(shared.scope));
}

// the grid's canvas gets the keys of its focused cell (a <td> of its accessible table)
function inGrid(node) {
  return inScope(node) && !!node.closest('canvas');
}

function isEditor(node) {
  return (node instanceof HTMLTextAreaElement || node instanceof HTMLInputElement) &&
    !!node.closest('[id^="gdg-overlay-"]');
}

function opens(event) {
  return event.key.length === 1 && PRINTABLE.test(event.key) && !event.ctrlKey &&
    !event.metaKey;
}

function hold(what) {
  held = held || [];
  waitingFor = what;
  clearTimeout(timer);
  timer = setTimeout(() => take().forEach((key) => press(key, true)), GIVE_UP_MS);
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
      // Enter, Tab, Escape once React has drawn the text: the editor saves what it drew,
      // then closes in a timeout of its own, before the rest go on
      setTimeout(() => {
        press(key, true);
        setTimeout(() => replay(keys.slice(k + 1)), 0);
      }, 0);
      return;
    } else {
      press(key, false);
    }
  }
}

function onKeyDown(event) {
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
  if (inGrid(event.target) && opens(event)) {
    hold('editor'); // this key opens it: let it go
  } else if (isEditor(event.target) && ends && event.key !== 'Escape') {
    // measured: pressed in the same moment as the last key, Enter often saved nothing;
    // a task later, once React has drawn that key, it saves the text
    event.preventDefault();
    event.stopPropagation();
    const {key, shiftKey} = event;
    setTimeout(() => press(key, true, shiftKey), 0);
  }
}

function onPointerDown(event) {
  if (!(event.target.closest && event.target.closest('[id^="gdg-overlay-"]'))) editor = null;
  if (inScope(event.target)) hold('focus'); // (glide's scroller, over the canvas, gets it)
}

function onPointerUp() {
  if (waitingFor !== 'focus') return;
  // glide asks for its focus() frame on the button's down and up: two frames on, it ran
  requestAnimationFrame(() => requestAnimationFrame(() => {
    if (waitingFor === 'focus') replay(take());
  }));
}

function onFocusIn(event) {
  const box = event.target;
  if (isEditor(box)) {
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
    queueMicrotask(() => {
      open.focus();
      open.setSelectionRange(open.value.length, open.value.length);
    });
  }
}

if (!shared.listening) {
  shared.listening = true;
  document.addEventListener('keydown', (event) => onKeyDown(event), true);
  document.addEventListener('pointerdown', (event) => onPointerDown(event), true);
  document.addEventListener('pointerup', () => onPointerUp(), true);
  document.addEventListener('focusin', (event) => onFocusIn(event), true);
}

export default function (component) {
  shared.scope = component.data.scope;
}
