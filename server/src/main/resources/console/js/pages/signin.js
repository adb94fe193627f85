// Sign-in: an access key pair and a region (the region selects the streams, as in AWS). The pair is checked with a
// signed call before it is kept; an agent's pair (bound to one hub device) is accepted and sees its hub only.
import {h, field, fill} from '../dom.js';
import {ApiError, kvs} from '../api.js';
import {save} from '../session.js';
import {errorNotice} from '../ui.js';

/** Checks the key pair with the server and keeps it; throws ApiError when the server refuses it. */
export async function signIn({accessKeyId, secretAccessKey, region}) {
  const candidate = {accessKeyId, secretAccessKey, region, role: 'admin'};
  // Both at once: any valid key pair may list its hubs; only an admin's may list streams.
  const [hubs, streams] = await Promise.allSettled([kvs('/hubs/listHubDevices', {}, {session: candidate}),
    kvs('/listStreams', {MaxResults: 1}, {session: candidate})]);
  if (hubs.status === 'rejected') throw hubs.reason;
  if (streams.status === 'rejected') {
    if (!(streams.reason instanceof ApiError) || !streams.reason.notAllowed) throw streams.reason;
    candidate.role = 'agent'; // an edge agent's key pair: its own hub only
  }
  save(candidate);
  sessionStorage.removeItem('kvs-edge.no-auto-sign-in');
  return candidate;
}

export function render(main) {
  const keyId = h('input', {name: 'accessKeyId', autocomplete: 'username', required: true, spellcheck: 'false'});
  const secret = h('input', {name: 'secretAccessKey', type: 'password', autocomplete: 'current-password', required: true});
  const region = h('input', {name: 'region', value: 'us-east-1', required: true, pattern: '[a-z0-9\\-]+'});
  const problem = h('div');
  const button = h('button', {type: 'submit', class: 'primary'}, 'Sign in');
  const form = h('form', {class: 'card signin stack', 'aria-labelledby': 'signin-title'},
    h('h1', {id: 'signin-title'}, 'Sign in to kvs-edge'),
    h('p', {class: 'muted'}, 'An admin key pair, or an edge agent\'s (it sees its own hub device only). The secret stays in this browser tab and only signs requests.'),
    field('Access key ID', keyId), field('Secret access key', secret),
    field('Region', region, 'Streams are kept apart per region, as in AWS.'),
    problem, h('div', {class: 'actions'}, button));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    button.disabled = true;
    problem.replaceChildren();
    try {
      const session = await signIn({accessKeyId: keyId.value.trim(), secretAccessKey: secret.value, region: region.value.trim()});
      location.hash = session.role === 'agent' ? '#/hubs' : '#/streams';
    } catch (error) {
      problem.replaceChildren(errorNotice(error.badCredentials
        ? {shown: `These credentials are not accepted: ${error.message}`} : error));
    } finally {
      button.disabled = false;
    }
  });
  fill(main, form);
  keyId.focus();
}
