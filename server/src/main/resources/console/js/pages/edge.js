// A stream's edge configuration: sync state with its history, recorder and uploader status, the schedules in words
// with their next runs, the deletion rules and the backlog on the hub; update (form) and delete.
import {h, refill} from '../dom.js';
import {kvs} from '../api.js';
import {age, arnName, bytes, dateTime, plural} from '../format.js';
import {badge, confirmAction, errorNotice, every, facts, notice, toast} from '../ui.js';
import {describeSchedule, scheduleView} from '../components/schedule.js';
import {openEdgeForm} from './edge-form.js';

export function renderEdge(body, context) {
  const name = context.name;
  const refresh = async () => {
    let config;
    try {
      config = await kvs('/describeEdgeConfiguration', {StreamName: name});
    } catch (error) {
      if (error.code === 'StreamEdgeConfigurationNotFoundException') {
        refill(body, h('section', {class: 'card empty'}, h('h2', {}, 'No edge configuration'),
          h('p', {class: 'muted'}, 'An edge configuration tells the agent on a hub device to record a camera into this stream and upload on a schedule.'),
          h('button', {type: 'button', class: 'primary', dataset: {focusKey: 'start'},
            onclick: () => openEdgeForm(name, null).then((done) => done && refresh())}, 'Start an edge configuration')));
      } else {
        refill(body, errorNotice(error));
      }
      return;
    }
    const hub = config.EdgeConfig.HubDeviceArn;
    const [history, device] = await Promise.all([
      kvs('/edgeConfigurations/listSyncHistory', {StreamName: name, MaxResults: 12}),
      kvs('/hubs/listHubDevices', {HubDeviceArn: hub}).then((a) => (a.HubDevices || [])[0]),
    ]);
    const backlog = device?.EdgeConfigurations?.find((c) => c.StreamName === name)?.Backlog;
    refill(body, h('div', {class: 'grid'},
      syncCard(config, history.Events || [], refresh),
      await recorderCard(config, hub),
      await uploaderCard(config, hub),
      hubCard(config, device, backlog)));
  };
  return every(2000, refresh);
}

function syncCard(config, events, refresh) {
  return h('section', {class: 'card span-2', 'aria-label': 'Sync state'},
    h('div', {class: 'card-head'}, h('h2', {}, 'Sync state'), h('span', {class: 'sync-state'}, badge(config.SyncStatus)),
      h('span', {class: 'muted small'}, `since ${dateTime(config.LastUpdatedTime)}`),
      h('span', {class: 'spacer'}),
      h('button', {type: 'button', dataset: {focusKey: 'update'}, disabled: !['IN_SYNC', 'SYNC_FAILED', 'DELETE_FAILED'].includes(config.SyncStatus),
        onclick: () => openEdgeForm(config.StreamName, config.EdgeConfig).then((done) => done && refresh())}, 'Update'),
      h('button', {type: 'button', class: 'danger', dataset: {focusKey: 'delete-edge'}, disabled: config.SyncStatus.startsWith('DELETING'),
        onclick: () => deleteEdge(config, refresh)}, 'Delete')),
    config.FailedStatusDetails ? notice(config.FailedStatusDetails, 'error') : null,
    h('ol', {class: 'history', 'aria-label': 'Sync history'}, events.map((e) => h('li', {},
      h('time', {datetime: new Date(e.Time * 1000).toISOString()}, dateTime(e.Time)), badge(e.SyncStatus),
      e.FailedStatusDetails ? h('span', {class: 'muted'}, e.FailedStatusDetails) : null))));
}

function jobStatus(status, kind) {
  if (!status) return notice(`The agent has not reported its ${kind} yet.`);
  const value = status.RecorderStatus || status.UploaderStatus;
  return h('div', {class: `job ${kind}-status`}, badge(value), ' ', h('span', {class: 'job-details'}, status.JobStatusDetails || ''),
    h('p', {class: 'muted small'}, `reported ${age(status.LastUpdatedTime)}`,
      status.LastCollectedTime ? `, last ${kind === 'recorder' ? 'recorded' : 'uploaded'} ${age(status.LastCollectedTime)}` : ''));
}

async function schedule(config, hub) {
  if (!config?.ScheduleConfig) return h('p', {class: 'schedule-words'}, 'continuously');
  try {
    return scheduleView(await describeSchedule(config.ScheduleConfig, hub), config.ScheduleConfig.ScheduleExpression);
  } catch (error) {
    return errorNotice(error);
  }
}

async function recorderCard(config, hub) {
  const recorder = config.EdgeConfig.RecorderConfig;
  const source = recorder.MediaSourceConfig;
  return h('section', {class: 'card', 'aria-label': 'Recorder'}, h('h2', {}, 'Recorder'),
    jobStatus(config.EdgeAgentStatus?.LastRecorderStatus, 'recorder'),
    facts([['Source', source.MediaUriType === 'FILE_URI' ? 'a file (FILE_URI)' : 'an RTSP camera (RTSP_URI)'],
      ['Secret', h('a', {href: '#/secrets'}, secretName(source.MediaUriSecretArn))],
      ['Schedule', await schedule(recorder, hub)]]));
}

async function uploaderCard(config, hub) {
  return h('section', {class: 'card', 'aria-label': 'Uploader'}, h('h2', {}, 'Uploader'),
    jobStatus(config.EdgeAgentStatus?.LastUploaderStatus, 'uploader'),
    facts([['Schedule', await schedule(config.EdgeConfig.UploaderConfig, hub)]]));
}

function hubCard(config, device, backlog) {
  const deletion = config.EdgeConfig.DeletionConfig || {};
  const size = deletion.LocalSizeConfig;
  return h('section', {class: 'card span-2', 'aria-label': 'On the hub'}, h('h2', {}, 'On the hub'),
    facts([
      ['Hub device', h('a', {href: '#/hubs'}, arnName(config.EdgeConfig.HubDeviceArn))],
      ['Agent', device ? [badge(device.Health, device.HealthDetails), ' ', device.LastContactTime ? `seen ${age(device.LastContactTime)}` : ''] : null],
      ['Waiting for upload', backlog ? `${plural(backlog.Segments, 'segment')}, ${bytes(backlog.Bytes)}` : 'not reported (older agent, or no report yet)'],
      ['Oldest waiting', backlog?.OldestRecordingTime ? `${dateTime(backlog.OldestRecordingTime)} (${age(backlog.OldestRecordingTime)})` : null],
      ['Kept on the hub', deletion.EdgeRetentionInHours ? `${deletion.EdgeRetentionInHours} hour${deletion.EdgeRetentionInHours === 1 ? '' : 's'}` : null],
      ['Space', size ? `${size.MaxLocalMediaSizeInMB} MB, then ${size.StrategyOnFullSize === 'DENY_NEW_MEDIA' ? 'stop recording' : 'delete the oldest'}` : null],
      ['After upload', deletion.DeleteAfterUpload ? 'deleted from the hub' : 'kept until retention or space says'],
    ]));
}

/** arn:aws:secretsmanager:us-east-1:123:secret:front-door-AbCdEf -> front-door */
export function secretName(arn) {
  const name = arn.slice(arn.indexOf(':secret:') + 8);
  return /-[A-Za-z0-9]{6}$/.test(name) ? name.slice(0, -7) : name;
}

async function deleteEdge(config, refresh) {
  if (!await confirmAction(`Delete the edge configuration of ${config.StreamName}?`,
    'The agent stops recording and uploading this stream and deletes its local media. Fragments already uploaded stay.')) return;
  try {
    await kvs('/deleteEdgeConfiguration', {StreamName: config.StreamName});
    toast('Deleting the edge configuration');
    refresh();
  } catch (error) {
    toast(error.shown, 'error');
  }
}
