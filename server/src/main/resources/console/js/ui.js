// Small shared pieces of the pages: status badges, notices, toasts, modal dialogs and self-refreshing views.
import {h, fill} from './dom.js';

const TONES = {
  IN_SYNC: 'ok', SUCCESS: 'ok', ONLINE: 'ok', ACTIVE: 'ok',
  SYNCING: 'busy', ACKNOWLEDGED: 'busy', DELETING: 'busy', DELETING_ACKNOWLEDGED: 'busy', CREATING: 'busy', UPDATING: 'busy',
  SYNC_FAILED: 'bad', DELETE_FAILED: 'bad', USER_ERROR: 'bad', SYSTEM_ERROR: 'bad', OFFLINE: 'bad', REVOKED: 'bad',
  NEVER_CONNECTED: 'idle', DELETED: 'idle',
};

/** A status pill: green, amber, red or grey by what the status means. */
export function badge(status, title) {
  if (!status) return h('span', {class: 'badge idle'}, 'none');
  return h('span', {class: `badge ${TONES[status] || 'idle'}`, title, dataset: {status}}, status.replaceAll('_', ' '));
}

/** A message in place of content: an error (role=alert), or a quiet note. */
export function notice(text, kind = 'info') {
  return h('div', {class: `notice ${kind}`, role: kind === 'error' ? 'alert' : 'status'}, text);
}

export function errorNotice(error) {
  return notice(error.shown || error.message || String(error), error.notAllowed ? 'forbidden' : 'error');
}

let toasts;
/** A short message in the corner that goes away by itself. */
export function toast(text, kind = 'ok') {
  toasts ||= document.getElementById('toasts');
  const item = h('div', {class: `toast ${kind}`, role: kind === 'error' ? 'alert' : 'status'}, text);
  toasts.append(item);
  setTimeout(() => item.remove(), kind === 'error' ? 8000 : 4000);
}

/**
 * A modal dialog (the platform's <dialog>: focus trapped, Escape closes). `build(close)` returns the content;
 * resolves with what close() was given (undefined when dismissed).
 */
export function modal(title, build) {
  return new Promise((resolve) => {
    const dialog = h('dialog', {class: 'modal', 'aria-labelledby': 'modal-title'});
    const close = (value) => {
      dialog.close();
      dialog.remove();
      resolve(value);
    };
    dialog.addEventListener('cancel', (e) => {
      e.preventDefault();
      close(undefined);
    });
    fill(dialog, h('h2', {id: 'modal-title'}, title), build(close));
    document.body.append(dialog);
    dialog.showModal();
  });
}

/** Asks before something that cannot be undone; resolves true when confirmed. */
export function confirmAction(title, text, action = 'Delete') {
  return modal(title, (close) => h('div', {},
    h('p', {}, text),
    h('div', {class: 'actions'},
      h('button', {type: 'button', onclick: () => close(false)}, 'Cancel'),
      h('button', {type: 'button', class: 'danger', onclick: () => close(true), autofocus: true}, action))));
}

/**
 * A form in a dialog: `fields` builds the inputs; `submit(form)` does the call and returns true to close, or throws
 * an ApiError, which is shown in the dialog (the user fixes the input and tries again).
 */
export function formDialog(title, fields, submit, action = 'Save') {
  return modal(title, (close) => {
    const problem = h('div', {class: 'form-problem', role: 'alert'});
    const button = h('button', {type: 'submit', class: 'primary'}, action);
    const form = h('form', {class: 'stack'}, fields, problem,
      h('div', {class: 'actions'}, h('button', {type: 'button', onclick: () => close(false)}, 'Cancel'), button));
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      button.disabled = true;
      fill(problem);
      try {
        if (await submit(form)) close(true);
      } catch (error) {
        fill(problem, errorNotice(error));
      } finally {
        button.disabled = false;
      }
    });
    return form;
  });
}

/**
 * Runs `update` now and every `ms` while the page is visible and the view is open: pages update themselves (a
 * sync state or a status change shows without reload). Returns a function that stops it.
 */
export function every(ms, update) {
  let timer = null;
  let stopped = false;
  const run = async () => {
    timer = null;
    if (stopped) return;
    if (!document.hidden) {
      try {
        await update();
      } catch (error) {
        console.warn('refresh failed', error); // the view shows its own error; keep refreshing
      }
    }
    if (!stopped) timer = setTimeout(run, ms);
  };
  const wake = () => {
    if (!document.hidden && timer !== null) {
      clearTimeout(timer);
      run();
    }
  };
  document.addEventListener('visibilitychange', wake);
  run();
  return () => {
    stopped = true;
    if (timer !== null) clearTimeout(timer);
    document.removeEventListener('visibilitychange', wake);
  };
}

/** A definition list from [label, value] pairs (values may be nodes). */
export function facts(pairs) {
  return h('dl', {class: 'facts'}, pairs.filter(Boolean).map(([label, value]) =>
    [h('dt', {}, label), h('dd', {}, value === undefined || value === null || value === '' ? '—' : value)]));
}
