// Secrets (the Secrets Manager API on this server): names, descriptions and the edge configurations that name each
// one. Values are never shown: a camera URL can only be replaced (PutSecretValue).
import {h, field, fill, refill} from '../dom.js';
import {all, kvs, secrets} from '../api.js';
import {dateTime} from '../format.js';
import {confirmAction, errorNotice, every, formDialog, notice, toast} from '../ui.js';

export function render(main) {
  const list = h('div', {class: 'table-wrap'});
  fill(main,
    h('div', {class: 'page-head'}, h('h1', {}, 'Secrets'),
      h('button', {type: 'button', class: 'primary', onclick: () => createSecret(refresh)}, 'Create a camera secret')),
    h('p', {class: 'muted'}, 'An edge configuration names its camera by a secret whose MediaURI holds the camera\'s URL (with its password). Values are never shown here.'),
    list);
  async function refresh() {
    try {
      const [items, users] = await Promise.all([
        all((token) => secrets('ListSecrets', {MaxResults: 100, NextToken: token}), (p) => p.SecretList),
        configurationsBySecret()]);
      refill(list, items.length ? secretTable(items, users, refresh) : notice('No secrets yet.'));
    } catch (error) {
      refill(list, errorNotice(error));
    }
  }
  return every(5000, refresh);
}

/** [{secretArn, streamName}] of every edge configuration of every hub device. */
async function configurationsBySecret() {
  const hubs = (await kvs('/hubs/listHubDevices', {})).HubDevices || [];
  const lists = await Promise.all(hubs.map((hub) => all((token) => kvs('/listEdgeAgentConfigurations',
    {HubDeviceArn: hub.HubDeviceArn, MaxResults: 10, NextToken: token}), (p) => p.EdgeConfigs)));
  return lists.flat().map((c) => ({secretArn: c.EdgeConfig.RecorderConfig.MediaSourceConfig.MediaUriSecretArn, streamName: c.StreamName}));
}

/** A configuration may name a secret by its full ARN or by its ARN without the random suffix. */
function uses(secret, reference) {
  return reference === secret.ARN || secret.ARN.startsWith(`${reference}-`);
}

function secretTable(items, users, refresh) {
  return h('table', {class: 'list'},
    h('thead', {}, h('tr', {}, h('th', {scope: 'col'}, 'Name'), h('th', {scope: 'col', class: 'wide-only'}, 'Description'),
      h('th', {scope: 'col'}, 'Used by'), h('th', {scope: 'col', class: 'wide-only'}, 'Last changed'),
      h('th', {scope: 'col'}, h('span', {class: 'visually-hidden'}, 'Actions')))),
    h('tbody', {}, items.map((s) => {
      const streams = users.filter((u) => uses(s, u.secretArn)).map((u) => u.streamName);
      return h('tr', {dataset: {secret: s.Name}},
        h('td', {}, h('strong', {}, s.Name), s.DeletedDate ? h('div', {class: 'error-text small'}, 'scheduled for deletion') : null),
        h('td', {class: 'wide-only'}, s.Description || h('span', {class: 'muted'}, '—')),
        h('td', {}, streams.length ? streams.map((name, i) => [i ? ', ' : '', h('a', {href: `#/streams/${encodeURIComponent(name)}/edge`}, name)])
          : h('span', {class: 'muted'}, 'no edge configuration')),
        h('td', {class: 'wide-only'}, dateTime(s.LastChangedDate)),
        h('td', {class: 'row-actions'},
          h('button', {type: 'button', class: 'link', dataset: {focusKey: `replace-${s.Name}`}, 'aria-label': `Replace the camera URL of ${s.Name}`,
            onclick: () => replaceValue(s, refresh)}, 'Replace camera URL'),
          h('button', {type: 'button', class: 'link danger', dataset: {focusKey: `delete-${s.Name}`}, 'aria-label': `Delete secret ${s.Name}`,
            disabled: Boolean(s.DeletedDate), onclick: () => deleteSecret(s, streams, refresh)}, 'Delete')));
    })));
}

function uriInput() {
  return h('input', {type: 'password', required: true, autocomplete: 'off', spellcheck: 'false', placeholder: 'rtsp://user:password@10.0.0.5:554/stream1'});
}

function replaceValue(secret, refresh) {
  const uri = uriInput();
  return formDialog(`New camera URL for ${secret.Name}`, field('Camera URL (MediaURI)', uri,
    'Becomes the current version; agents read it again within 5 minutes. The old value is kept as AWSPREVIOUS.'), async () => {
    await secrets('PutSecretValue', {SecretId: secret.ARN, SecretString: JSON.stringify({MediaURI: uri.value.trim()})});
    toast(`Replaced the camera URL of ${secret.Name}`);
    refresh();
    return true;
  }, 'Replace');
}

function createSecret(refresh) {
  const name = h('input', {required: true, pattern: '[a-zA-Z0-9_.\\-]+', spellcheck: 'false'});
  const description = h('input', {maxlength: 2048});
  const uri = uriInput();
  return formDialog('Create a camera secret', [
    field('Name', name, 'Letters, digits, _ . and - only: edge configurations cannot name other secrets.'),
    field('Description', description), field('Camera URL (MediaURI)', uri)], async () => {
    const request = {Name: name.value.trim(), SecretString: JSON.stringify({MediaURI: uri.value.trim()})};
    if (description.value.trim()) request.Description = description.value.trim();
    await secrets('CreateSecret', request);
    toast(`Created ${request.Name}`);
    refresh();
    return true;
  }, 'Create');
}

async function deleteSecret(secret, streams, refresh) {
  const warning = streams.length ? ` It is used by ${streams.join(', ')}: their agents will fail to read the camera URL.` : '';
  if (!await confirmAction(`Delete ${secret.Name}?`, `It can be restored for 30 days.${warning}`)) return;
  try {
    await secrets('DeleteSecret', {SecretId: secret.ARN});
    toast(`Scheduled ${secret.Name} for deletion`);
    refresh();
  } catch (error) {
    toast(error.shown, 'error');
  }
}
