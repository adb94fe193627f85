// One stream: its header (sync state, last fragment, retention) and three tabs: Playback (LIVE and the recording
// timeline), Edge configuration, and Details (retention, tags, delete). Everything refreshes itself while open.
import {h, fill, field, refill} from '../dom.js';
import {kvs} from '../api.js';
import {age, arnName, dateTime} from '../format.js';
import {badge, errorNotice, every, facts, formDialog, toast} from '../ui.js';
import {Player} from '../components/player.js';
import {Timeline} from '../components/timeline.js';
import {renderEdge} from './edge.js';
import {deleteStream} from './streams.js';

const TABS = [['playback', 'Playback'], ['edge', 'Edge configuration'], ['details', 'Details']];
/** A click this close to now plays on live from there (LIVE_REPLAY); earlier ones play a recorded range (ON_DEMAND). */
const REPLAY_WINDOW = 2 * 60e3;
const ON_DEMAND_SPAN = 2 * 3600e3;

export function render(main, {name, tab}) {
  const head = h('div', {class: 'stream-head'});
  const body = h('div', {class: 'tab-body', role: 'tabpanel', id: 'tab-panel', 'aria-labelledby': `tab-${tab}`});
  fill(main,
    h('nav', {class: 'crumbs', 'aria-label': 'Breadcrumb'}, h('a', {href: '#/streams'}, 'Streams'), ' / ', name),
    head,
    h('div', {class: 'tabs', role: 'tablist'}, TABS.map(([id, label]) => h('a', {
      role: 'tab', id: `tab-${id}`, href: `#/streams/${encodeURIComponent(name)}/${id}`, 'aria-selected': String(id === tab),
      'aria-controls': 'tab-panel'}, label))),
    body);
  const context = {name, stream: null, activity: null};
  const stopHead = every(3000, async () => {
    try {
      const [described, activity] = await Promise.all([
        kvs('/describeStream', {StreamName: name}),
        kvs('/timeline/listStreamActivity', {StreamNames: [name]})]);
      context.stream = described.StreamInfo;
      context.activity = (activity.Streams || [])[0] || {};
      refill(head, header(context));
    } catch (error) {
      refill(head, h('h1', {}, name), errorNotice(error));
    }
  });
  const disposeTab = {playback: renderPlayback, edge: renderEdge, details: renderDetails}[tab](body, context);
  return () => {
    stopHead();
    disposeTab?.();
  };
}

function header({stream, activity}) {
  const latest = activity.LatestFragment;
  return [
    h('div', {class: 'page-head'}, h('h1', {}, stream.StreamName),
      activity.SyncStatus ? h('span', {class: 'head-badge'}, 'Edge ', badge(activity.SyncStatus)) : null),
    facts([
      ['Last fragment', latest ? h('span', {class: 'last-fragment', title: dateTime(latest.ServerTimestamp)}, age(latest.ServerTimestamp))
        : h('span', {class: 'muted'}, 'none yet')],
      ['Hub device', activity.HubDeviceArn ? h('a', {href: '#/hubs'}, arnName(activity.HubDeviceArn)) : null],
      ['Retention', stream.DataRetentionInHours ? `${stream.DataRetentionInHours} hours` : 'none (nothing is kept)'],
      ['Media type', stream.MediaType],
    ]),
  ];
}

function renderPlayback(body, context) {
  const player = new Player(context.name);
  const pending = {spans: []};
  const timeline = new Timeline({
    streamName: context.name,
    onPlay: (ms) => (Date.now() - ms < REPLAY_WINDOW ? player.playRange(ms) : player.playRange(ms, Math.min(Date.now(), ms + ON_DEMAND_SPAN))),
    onRange: ({start, end}) => player.playRange(start, end),
    pending: () => pending.spans,
  });
  const liveButton = h('button', {type: 'button', class: 'primary', onclick: () => player.playLive()}, '● LIVE');
  fill(body, h('div', {class: 'playback'},
    h('div', {class: 'player-tools'}, liveButton,
      h('button', {type: 'button', onclick: () => { player.stop(); fill(player.status, 'Stopped.'); }}, 'Stop')),
    player.element, timeline.element));
  const stopCoverage = every(5000, () => timeline.refresh());
  const stopBacklog = every(10000, async () => {
    const hub = context.activity?.HubDeviceArn;
    if (!hub) return;
    const devices = (await kvs('/hubs/listHubDevices', {HubDeviceArn: hub})).HubDevices || [];
    const config = devices.flatMap((d) => d.EdgeConfigurations || []).find((c) => c.StreamName === context.name);
    pending.spans = (config?.Backlog?.PendingRanges || []).map((r) => ({start: r.StartTimestamp * 1000, end: r.EndTimestamp * 1000}));
    timeline.draw();
  });
  const playhead = setInterval(() => {
    const time = player.wallTime;
    timeline.setPlayhead(time ? time.getTime() : null);
  }, 250);
  return () => {
    stopCoverage();
    stopBacklog();
    clearInterval(playhead);
    timeline.dispose();
    player.stop();
  };
}

function renderDetails(body, context) {
  return every(5000, async () => {
    const stream = context.stream || (await kvs('/describeStream', {StreamName: context.name})).StreamInfo;
    const tags = (await kvs('/listTagsForStream', {StreamName: context.name})).Tags || {};
    const reload = () => {
      context.stream = null;
    };
    refill(body,
      h('section', {class: 'card'}, h('h2', {}, 'Stream'), facts([
        ['ARN', h('code', {}, stream.StreamARN)], ['Status', badge(stream.Status)], ['Version', stream.Version],
        ['Created', dateTime(stream.CreationTime)], ['Device name', stream.DeviceName], ['KMS key', stream.KmsKeyId],
        ['Data retention', `${stream.DataRetentionInHours} hours`]]),
      h('div', {class: 'actions'},
        h('button', {type: 'button', dataset: {focusKey: 'retention'}, onclick: () => editRetention(stream).then(reload)}, 'Change retention'),
        h('button', {type: 'button', class: 'danger', dataset: {focusKey: 'delete'},
          onclick: () => deleteStream(stream, () => { location.hash = '#/streams'; })}, 'Delete stream'))),
      h('section', {class: 'card'}, h('h2', {}, 'Tags'),
        Object.keys(tags).length ? h('table', {class: 'list compact'}, h('tbody', {}, Object.entries(tags).map(([k, v]) =>
          h('tr', {}, h('th', {scope: 'row'}, k), h('td', {}, v), h('td', {class: 'row-actions'},
            h('button', {type: 'button', class: 'link danger', dataset: {focusKey: `untag-${k}`}, 'aria-label': `Remove tag ${k}`,
              onclick: () => untag(context.name, k)}, 'Remove')))))) : h('p', {class: 'muted'}, 'No tags.'),
        h('div', {class: 'actions'}, h('button', {type: 'button', dataset: {focusKey: 'tag'}, onclick: () => addTag(context.name)}, 'Add tag'))));
  });
}

function editRetention(stream) {
  const hours = h('input', {type: 'number', min: 0, max: 87600, value: stream.DataRetentionInHours, required: true});
  return formDialog(`Retention of ${stream.StreamName}`, field('Data retention (hours)', hours,
    'Fragments older than this are deleted. Lowering it deletes older fragments at the next sweep.'), async () => {
    const change = Number(hours.value) - stream.DataRetentionInHours;
    if (change !== 0) {
      await kvs('/updateDataRetention', {StreamName: stream.StreamName, CurrentVersion: stream.Version,
        Operation: change > 0 ? 'INCREASE_DATA_RETENTION' : 'DECREASE_DATA_RETENTION', DataRetentionChangeInHours: Math.abs(change)});
      toast(`Retention is ${hours.value} hours`);
    }
    return true;
  });
}

function addTag(name) {
  const key = h('input', {required: true, maxlength: 128});
  const value = h('input', {maxlength: 256});
  return formDialog('Add tag', [field('Key', key), field('Value', value)], async () => {
    await kvs('/tagStream', {StreamName: name, Tags: {[key.value]: value.value}});
    return true;
  }, 'Add');
}

async function untag(name, key) {
  try {
    await kvs('/untagStream', {StreamName: name, TagKeyList: [key]});
    toast(`Removed tag ${key}`);
  } catch (error) {
    toast(error.shown, 'error');
  }
}
