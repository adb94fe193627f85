// Hub devices: each with its agent's health (last contact, version, zone), its edge configurations with their sync
// state, job statuses and backlog on the hub, and its agent key pairs (create: the secret is shown once; revoke).
// An agent's own key pair sees its hub only.
import {h, field, fill, refill} from '../dom.js';
import {kvs} from '../api.js';
import {current} from '../session.js';
import {age, arnName, bytes, dateTime, plural} from '../format.js';
import {badge, confirmAction, errorNotice, every, formDialog, modal, notice, toast} from '../ui.js';

export function render(main) {
  const admin = current()?.role !== 'agent';
  const list = h('div', {class: 'hub-list'});
  fill(main,
    h('div', {class: 'page-head'}, h('h1', {}, 'Hub devices'),
      admin ? h('button', {type: 'button', class: 'primary', onclick: () => createKey(null, refresh)}, 'Add a hub device') : null),
    admin ? null : notice('Signed in with an edge agent\'s key pair: only its own hub device is shown.'),
    list);
  async function refresh() {
    try {
      const devices = (await kvs('/hubs/listHubDevices', {})).HubDevices || [];
      refill(list, devices.length ? devices.map((d) => hubCard(d, admin, refresh))
        : notice('No hub device yet. Add one: it gets a key pair for its agent.'));
    } catch (error) {
      refill(list, errorNotice(error));
    }
  }
  return every(3000, refresh);
}

function hubCard(device, admin, refresh) {
  const name = arnName(device.HubDeviceArn);
  return h('section', {class: `card hub-card health-${device.Health}`, dataset: {hub: device.HubDeviceArn}, 'aria-label': `Hub ${name}`},
    h('div', {class: 'card-head'}, h('h2', {}, name), badge(device.Health, device.HealthDetails), h('span', {class: 'spacer'}),
      h('code', {class: 'muted small arn'}, device.HubDeviceArn)),
    h('p', {class: `health-details ${['OFFLINE', 'REVOKED'].includes(device.Health) ? 'error-text' : 'muted'}`}, device.HealthDetails),
    h('dl', {class: 'facts inline'},
      h('dt', {}, 'Last contact'), h('dd', {title: dateTime(device.LastContactTime)}, age(device.LastContactTime)),
      h('dt', {}, 'Agent'), h('dd', {}, device.AgentVersion || '—'),
      h('dt', {}, 'Time zone'), h('dd', {}, device.TimeZone || '—')),
    configurations(device.EdgeConfigurations || [], admin),
    admin ? keys(device, refresh) : null);
}

function configurations(configs, admin) {
  if (!configs.length) return h('p', {class: 'muted'}, 'No edge configuration on this hub.');
  return h('div', {class: 'table-wrap'}, h('table', {class: 'list'},
    h('thead', {}, h('tr', {}, ['Stream', 'Sync', 'Recorder', 'Uploader', 'Waiting for upload', 'Oldest waiting']
      .map((t, i) => h('th', {scope: 'col', class: i >= 3 ? 'wide-only' : null}, t)))),
    h('tbody', {}, configs.map((c) => {
      const status = c.EdgeAgentStatus || {};
      const backlog = c.Backlog;
      return h('tr', {dataset: {stream: c.StreamName}},
        h('td', {}, admin ? h('a', {href: `#/streams/${encodeURIComponent(c.StreamName)}/edge`, dataset: {focusKey: `s-${c.StreamName}`}},
          c.StreamName) : c.StreamName),
        h('td', {}, badge(c.SyncStatus, c.FailedStatusDetails)),
        h('td', {}, status.LastRecorderStatus ? badge(status.LastRecorderStatus.RecorderStatus, status.LastRecorderStatus.JobStatusDetails) : '—'),
        h('td', {class: 'wide-only'}, status.LastUploaderStatus ? badge(status.LastUploaderStatus.UploaderStatus, status.LastUploaderStatus.JobStatusDetails) : '—'),
        h('td', {class: 'wide-only backlog'}, backlog ? `${plural(backlog.Segments, 'segment')}, ${bytes(backlog.Bytes)}` : h('span', {class: 'muted'}, 'not reported')),
        h('td', {class: 'wide-only'}, backlog?.OldestRecordingTime ? age(backlog.OldestRecordingTime) : '—'));
    }))));
}

function keys(device, refresh) {
  const credentials = device.AgentCredentials || [];
  return h('div', {class: 'keys'}, h('h3', {}, 'Agent key pairs'),
    credentials.length ? h('ul', {class: 'key-list'}, credentials.map((k) => h('li', {dataset: {key: k.AccessKeyId}},
      h('code', {}, k.AccessKeyId), h('span', {class: 'muted small'}, ` created ${dateTime(k.CreationTime)}`),
      h('button', {type: 'button', class: 'link danger', dataset: {focusKey: `revoke-${k.AccessKeyId}`},
        'aria-label': `Revoke key ${k.AccessKeyId}`, onclick: () => revoke(k, refresh)}, 'Revoke'))))
      : h('p', {class: 'muted'}, 'No key pair: no agent can sign in for this hub.'),
    h('button', {type: 'button', dataset: {focusKey: `create-${device.HubDeviceArn}`},
      onclick: () => createKey(device.HubDeviceArn, refresh)}, 'Create a key pair'));
}

async function revoke(key, refresh) {
  if (!await confirmAction(`Revoke ${key.AccessKeyId}?`,
    'The agent that signs with it can no longer reach the server (at once on this server). It keeps recording locally.', 'Revoke')) return;
  try {
    await kvs('/admin/deleteAgentCredentials', {AccessKeyId: key.AccessKeyId});
    toast(`Revoked ${key.AccessKeyId}`);
    refresh();
  } catch (error) {
    toast(error.shown, 'error');
  }
}

async function createKey(hubDeviceArn, refresh) {
  let created = null;
  const arn = h('input', {required: true, value: hubDeviceArn || '', readonly: Boolean(hubDeviceArn), spellcheck: 'false',
    placeholder: 'arn:aws:iot:us-east-1:123456789012:thing/warehouse-hub', pattern: 'arn:[a-z0-9\\-]+:iot:[a-z0-9\\-]+:[0-9]+:thing/[a-zA-Z0-9_.\\-]+'});
  const done = await formDialog('Create an agent key pair', field('Hub device ARN', arn, 'The IoT thing ARN the agent runs as.'),
    async () => {
      created = await kvs('/admin/createAgentCredentials', {HubDeviceArn: arn.value.trim()});
      return true;
    }, 'Create');
  if (!done || !created) return;
  refresh();
  await modal('Key pair created', (close) => h('div', {class: 'stack'},
    notice('Copy the secret now: it is shown only this once. The server keeps it encrypted and never shows it again.', 'warning'),
    h('dl', {class: 'facts'}, h('dt', {}, 'Access key ID'), h('dd', {}, h('code', {class: 'created-key-id'}, created.AccessKeyId)),
      h('dt', {}, 'Secret access key'), h('dd', {}, h('code', {class: 'created-secret'}, created.SecretAccessKey))),
    h('p', {}, 'Run the agent with it:'),
    h('pre', {class: 'command'}, `AWS_ACCESS_KEY_ID=${created.AccessKeyId} AWS_SECRET_ACCESS_KEY=${created.SecretAccessKey} \\\n`
      + `  ./kvs-edge agent --server ${location.origin} --hub-device-arn ${created.HubDeviceArn} --data-dir /var/lib/kvs-edge-agent`),
    h('div', {class: 'actions'},
      h('button', {type: 'button', onclick: () => navigator.clipboard?.writeText(created.SecretAccessKey).then(() => toast('Secret copied'))}, 'Copy secret'),
      h('button', {type: 'button', class: 'primary', autofocus: true, onclick: () => close(true)}, 'Done'))));
}
