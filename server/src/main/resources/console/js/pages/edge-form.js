// The form that starts or updates an edge configuration (StartEdgeConfigurationUpdate). Cron expressions are
// checked as they are typed by the server's own rules (DescribeSchedule), which also says them in words; when the
// API refuses the configuration, its error is shown in the form.
import {h, fill, field} from '../dom.js';
import {all, kvs, secrets} from '../api.js';
import {formDialog, toast} from '../ui.js';
import {describeSchedule, scheduleView} from '../components/schedule.js';

/** Resolves true when the configuration was sent. `current` is the EdgeConfig to update, or null. */
export async function openEdgeForm(streamName, current) {
  const [hubs, secretList] = await Promise.all([
    kvs('/hubs/listHubDevices', {}).then((a) => (a.HubDevices || []).map((d) => d.HubDeviceArn)).catch(() => []),
    all((token) => secrets('ListSecrets', {MaxResults: 100, NextToken: token}), (p) => p.SecretList).catch(() => []),
  ]);
  const recorder = current?.RecorderConfig || {};
  const source = recorder.MediaSourceConfig || {};
  const deletion = current?.DeletionConfig || {};
  const size = deletion.LocalSizeConfig || {};

  const hub = h('input', {list: 'known-hubs', required: true, value: current?.HubDeviceArn || hubs[0] || '',
    readonly: Boolean(current), placeholder: 'arn:aws:iot:REGION:ACCOUNT:thing/NAME', spellcheck: 'false'});
  const named = (s) => s.ARN === source.MediaUriSecretArn || s.ARN.startsWith(`${source.MediaUriSecretArn}-`);
  const known = !source.MediaUriSecretArn || secretList.some(named);
  const secret = h('select', {required: true}, h('option', {value: ''}, 'Choose the camera\'s secret…'),
    secretList.map((s) => h('option', {value: named(s) ? source.MediaUriSecretArn : s.ARN, selected: named(s)}, s.Name)),
    known ? null : h('option', {value: source.MediaUriSecretArn, selected: true}, source.MediaUriSecretArn));
  const uriType = h('select', {}, ['RTSP_URI', 'FILE_URI'].map((t) => h('option', {value: t, selected: t === source.MediaUriType}, t)));
  const recording = scheduleFields('recorder', recorder.ScheduleConfig, hub, true);
  const uploading = scheduleFields('uploader', current?.UploaderConfig?.ScheduleConfig || {ScheduleExpression: '0 * * * * ?',
    DurationInSeconds: 60}, hub, false);
  const retention = h('input', {type: 'number', min: 1, max: 720, value: deletion.EdgeRetentionInHours || 24});
  const maxSize = h('input', {type: 'number', min: 64, max: 2000000, value: size.MaxLocalMediaSizeInMB || 1024});
  const strategy = h('select', {}, [['DELETE_OLDEST_MEDIA', 'delete the oldest media'], ['DENY_NEW_MEDIA', 'stop recording']]
    .map(([v, label]) => h('option', {value: v, selected: v === size.StrategyOnFullSize}, label)));
  const afterUpload = h('input', {type: 'checkbox', checked: deletion.DeleteAfterUpload !== false});

  return formDialog(current ? `Update the edge configuration of ${streamName}` : `Record ${streamName} at the edge`, [
    h('datalist', {id: 'known-hubs'}, hubs.map((arn) => h('option', {value: arn}))),
    field('Hub device ARN', hub, current ? 'A configuration stays on its hub: delete it to move it.' : 'The IoT thing the agent runs as.'),
    h('div', {class: 'row'}, field('Camera secret', secret, 'A secret whose MediaURI is the camera\'s URL.'), field('Source type', uriType)),
    h('fieldset', {}, h('legend', {}, 'Recording'), recording.element),
    h('fieldset', {}, h('legend', {}, 'Uploading'), uploading.element),
    h('fieldset', {}, h('legend', {}, 'Deletion on the hub'),
      h('div', {class: 'row'}, field('Keep (hours)', retention), field('Space (MB)', maxSize), field('When full', strategy)),
      h('label', {class: 'check'}, afterUpload, ' Delete media from the hub once uploaded')),
  ], async () => {
    const edgeConfig = {
      HubDeviceArn: hub.value.trim(),
      RecorderConfig: {MediaSourceConfig: {MediaUriSecretArn: secret.value, MediaUriType: uriType.value}},
      UploaderConfig: {ScheduleConfig: uploading.value()},
      DeletionConfig: {EdgeRetentionInHours: Number(retention.value), DeleteAfterUpload: afterUpload.checked,
        LocalSizeConfig: {MaxLocalMediaSizeInMB: Number(maxSize.value), StrategyOnFullSize: strategy.value}},
    };
    const recorderSchedule = recording.value();
    if (recorderSchedule) edgeConfig.RecorderConfig.ScheduleConfig = recorderSchedule;
    await kvs('/startEdgeConfigurationUpdate', {StreamName: streamName, EdgeConfig: edgeConfig});
    toast('Sent to the hub: watch it sync');
    return true;
  }, current ? 'Update' : 'Start');
}

/**
 * The expression and duration of a ScheduleConfig, checked while typed. `optional`: the recorder may run
 * continuously (no ScheduleConfig); the uploader always has a schedule.
 */
const EXAMPLES = {
  recorder: 'In the hub\'s time zone. E.g. 0 0 8-17 ? * MON-FRI with 3600 s records on weekdays 08:00–18:00.',
  uploader: 'In the hub\'s time zone. E.g. 0 * * * * ? with 60 s uploads every minute; 0 0 1 * * ? with 3600 s at night.',
};

function scheduleFields(kind, schedule, hub, optional) {
  const always = h('input', {type: 'checkbox', checked: optional && !schedule});
  const expression = h('input', {value: schedule?.ScheduleExpression || '0 0 8-17 ? * MON-FRI', spellcheck: 'false',
    class: 'mono', 'aria-label': `${kind} cron expression`});
  const seconds = h('input', {type: 'number', min: 60, max: 3600, value: schedule?.DurationInSeconds || 3600});
  const preview = h('div', {class: 'schedule-preview', 'aria-live': 'polite'});
  const expressionField = field('Quartz cron expression (sec min hour day month weekday)', expression, EXAMPLES[kind]);
  const details = h('div', {class: 'schedule-fields'}, h('div', {class: 'row'}, expressionField, field('Each run lasts (s)', seconds)), preview);
  let timer;
  let round = 0;
  const check = () => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      const mine = ++round;
      const config = {ScheduleExpression: expression.value.trim(), DurationInSeconds: Number(seconds.value)};
      try {
        const described = await describeSchedule(config, hub.value.trim() || undefined, 3);
        if (mine !== round) return;
        expressionField.setError('');
        fill(preview, scheduleView(described, config.ScheduleExpression));
      } catch (error) {
        if (mine !== round) return;
        expressionField.setError(error.message); // the preview stays empty: the field says what is wrong
        fill(preview);
      }
    }, 300);
  };
  expression.addEventListener('input', check);
  seconds.addEventListener('input', check);
  const sync = () => {
    details.hidden = always.checked;
    if (!always.checked) check();
  };
  always.addEventListener('change', sync);
  sync();
  return {
    element: h('div', {}, optional ? h('label', {class: 'check'}, always, ' Record continuously') : null, details),
    value: () => (always.checked ? null : {ScheduleExpression: expression.value.trim(), DurationInSeconds: Number(seconds.value)}),
  };
}
