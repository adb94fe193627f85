// A tiny element builder: h('button', {class: 'primary', onclick}, 'Save'). No framework: pages rebuild the parts
// that change, and keep focus and input where the user is.

/**
 * Creates an element. Props: class, text, dataset, style (object), on<event> handlers, boolean and string
 * attributes; children: nodes, strings, numbers, arrays (nested), null/undefined/false (skipped).
 */
export function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') el.className = Array.isArray(value) ? value.filter(Boolean).join(' ') : value;
    else if (key === 'text') el.textContent = value;
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else if (key === 'style' && typeof value === 'object') Object.assign(el.style, value);
    else if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
    else if (key === 'value' || key === 'checked' || key === 'selected') el[key] = value;
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replaces the element's children. */
export function fill(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

/** A labelled form field: label, control, optional hint and an error slot (aria-describedby wired). */
export function field(label, control, hint) {
  const id = control.id || (control.id = `f-${Math.random().toString(36).slice(2, 9)}`);
  const error = h('p', {class: 'field-error', id: `${id}-error`, 'aria-live': 'polite'});
  const help = hint ? h('p', {class: 'hint', id: `${id}-hint`}, hint) : null;
  control.setAttribute('aria-describedby', [help && help.id, error.id].filter(Boolean).join(' '));
  const wrapper = h('div', {class: 'field'}, h('label', {for: id}, label), control, help, error);
  wrapper.setError = (message) => {
    error.textContent = message || '';
    control.toggleAttribute('aria-invalid', Boolean(message));
  };
  return wrapper;
}

/**
 * Replaces the element's children while keeping keyboard focus: the focused element's data-focus-key is looked up
 * in the new content and focused again (views refresh themselves every few seconds under the user's hands).
 */
export function refill(el, ...children) {
  const focused = el.contains(document.activeElement) ? document.activeElement.dataset.focusKey : undefined;
  fill(el, ...children);
  if (focused) el.querySelector(`[data-focus-key="${CSS.escape(focused)}"]`)?.focus();
  return el;
}
