// Streams: the list with a name prefix filter and paging, each row with its edge configuration's sync state and
// its last fragment's age, kept up to date while open; create and delete.
import {h, field, fill, refill} from '../dom.js';
import {kvs} from '../api.js';
import {age, arnName, dateTime} from '../format.js';
import {badge, confirmAction, errorNotice, every, formDialog, notice, toast} from '../ui.js';

const PAGE = 25;

export function render(main) {
  const state = {prefix: '', tokens: [undefined], page: 0};
  const filter = h('input', {type: 'search', placeholder: 'Name starts with…', value: state.prefix, 'aria-label': 'Filter streams by name prefix'});
  const table = h('div', {class: 'table-wrap'});
  const pager = h('div', {class: 'pager'});
  fill(main,
    h('div', {class: 'page-head'}, h('h1', {}, 'Streams'),
      h('button', {type: 'button', class: 'primary', onclick: () => createStream(refresh)}, 'Create stream')),
    h('div', {class: 'toolbar'}, filter),
    table, pager);

  let typing;
  filter.addEventListener('input', () => {
    clearTimeout(typing);
    typing = setTimeout(() => {
      state.prefix = filter.value.trim();
      state.tokens = [undefined];
      state.page = 0;
      refresh();
    }, 250);
  });

  async function refresh() {
    let page;
    try {
      const request = {MaxResults: PAGE, NextToken: state.tokens[state.page]};
      if (state.prefix) request.StreamNameCondition = {ComparisonOperator: 'BEGINS_WITH', ComparisonValue: state.prefix};
      page = await kvs('/listStreams', request);
    } catch (error) {
      refill(table, errorNotice(error));
      return;
    }
    const streams = page.StreamInfoList || [];
    state.tokens[state.page + 1] = page.NextToken;
    const activity = streams.length
      ? (await kvs('/timeline/listStreamActivity', {StreamNames: streams.map((s) => s.StreamName)})).Streams || [] : [];
    const byName = new Map(activity.map((a) => [a.StreamName, a]));
    refill(table, streams.length ? streamTable(streams, byName, refresh)
      : notice(state.prefix ? `No stream's name starts with “${state.prefix}”.` : 'No streams yet. Create one, or point a producer at this server.'));
    refill(pager,
      h('button', {type: 'button', disabled: state.page === 0, dataset: {focusKey: 'prev'},
        onclick: () => { state.page--; refresh(); }}, '‹ Previous'),
      h('span', {class: 'muted'}, `Page ${state.page + 1}`),
      h('button', {type: 'button', disabled: !page.NextToken, dataset: {focusKey: 'next'},
        onclick: () => { state.page++; refresh(); }}, 'Next ›'));
  }

  return every(3000, refresh);
}

function streamTable(streams, activity, refresh) {
  return h('table', {class: 'list'},
    h('thead', {}, h('tr', {},
      h('th', {scope: 'col'}, 'Name'), h('th', {scope: 'col'}, 'Edge configuration'),
      h('th', {scope: 'col', class: 'wide-only'}, 'Recorder'), h('th', {scope: 'col'}, 'Last fragment'),
      h('th', {scope: 'col', class: 'wide-only'}, 'Retention'), h('th', {scope: 'col', class: 'wide-only'}, 'Created'),
      h('th', {scope: 'col'}, h('span', {class: 'visually-hidden'}, 'Actions')))),
    h('tbody', {}, streams.map((s) => {
      const a = activity.get(s.StreamName) || {};
      const recorder = a.EdgeAgentStatus?.LastRecorderStatus;
      return h('tr', {dataset: {stream: s.StreamName}},
        h('td', {}, h('a', {href: `#/streams/${encodeURIComponent(s.StreamName)}`, dataset: {focusKey: `open-${s.StreamName}`}},
          s.StreamName), h('div', {class: 'muted small'}, s.MediaType || '')),
        h('td', {class: 'edge-cell'}, a.SyncStatus ? [badge(a.SyncStatus), h('span', {class: 'muted small'}, ` on ${arnName(a.HubDeviceArn)}`)]
          : h('span', {class: 'muted'}, 'none')),
        h('td', {class: 'wide-only'}, recorder ? badge(recorder.RecorderStatus, recorder.JobStatusDetails) : h('span', {class: 'muted'}, '—')),
        h('td', {class: 'last-fragment', title: a.LatestFragment ? dateTime(a.LatestFragment.ServerTimestamp) : ''},
          a.LatestFragment ? age(a.LatestFragment.ServerTimestamp) : h('span', {class: 'muted'}, 'none yet')),
        h('td', {class: 'wide-only'}, s.DataRetentionInHours ? `${s.DataRetentionInHours} h` : 'none'),
        h('td', {class: 'wide-only'}, dateTime(s.CreationTime)),
        h('td', {class: 'row-actions'}, h('button', {type: 'button', class: 'link danger', dataset: {focusKey: `delete-${s.StreamName}`},
          'aria-label': `Delete stream ${s.StreamName}`, onclick: () => deleteStream(s, refresh)}, 'Delete')));
    })));
}

export async function deleteStream(stream, after) {
  if (!await confirmAction(`Delete ${stream.StreamName}?`,
    'Its fragments can no longer be played. A stream with an edge configuration cannot be deleted: delete that first.')) return;
  try {
    await kvs('/deleteStream', {StreamARN: stream.StreamARN, CurrentVersion: stream.Version});
    toast(`Deleted ${stream.StreamName}`);
    after();
  } catch (error) {
    toast(error.shown, 'error');
  }
}

function createStream(after) {
  const name = h('input', {name: 'name', required: true, maxlength: 256, pattern: '[a-zA-Z0-9_.\\-]+', spellcheck: 'false'});
  const retention = h('input', {name: 'retention', type: 'number', min: 0, max: 87600, value: 24, required: true});
  const mediaType = h('input', {name: 'mediaType', value: 'video/h264', maxlength: 128});
  return formDialog('Create stream', [
    field('Name', name, 'Letters, digits, _ . and -'),
    field('Data retention (hours)', retention, '0 keeps nothing (PutMedia is refused).'),
    field('Media type', mediaType),
  ], async () => {
    const request = {StreamName: name.value.trim(), DataRetentionInHours: Number(retention.value)};
    if (mediaType.value.trim()) request.MediaType = mediaType.value.trim();
    await kvs('/createStream', request);
    toast(`Created ${request.StreamName}`);
    after();
    return true;
  }, 'Create');
}
