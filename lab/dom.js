// Streamlit's page as lab/dom.py names it (DOM, just above). A part a script needs and does
// not find is said once: in the console and in <html data-dom-missing="name ...">, which
// tests/browser/test_dom.py reads.
function domMissing(name) {
  const root = document.documentElement;
  const said = (root.dataset.domMissing || '').split(' ').filter(Boolean);
  if (said.includes(name)) return;
  root.dataset.domMissing = [...said, name].join(' ');
  console.warn(`Neuron Lab: nothing on the page matches lab/dom.py's ${name} (${DOM[name]})`);
}

// The first element DOM[name] finds in ``root`` (the page by default); null, said, if none.
function need(name, root = document) {
  const found = root.querySelector(DOM[name]);
  if (!found) domMissing(name);
  return found;
}

// The selector of the element of the widget keyed ``key``.
function keyed(key) {
  return `.${DOM.key_class}${key}`;
}

// A component that draws nothing hides its element container (else it takes a gap).
function hideOwnElement(parentElement) {
  const own = (parentElement.host || parentElement).closest?.(DOM.element);
  if (own) own.style.setProperty('display', 'none');
  else domMissing('element');
}
