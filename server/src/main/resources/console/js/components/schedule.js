// A schedule in words with its next windows, from the server's DescribeSchedule (Quartz's own fire times in the
// hub's zone, checked with the rules StartEdgeConfigurationUpdate applies), cached for a minute.
import {h} from '../dom.js';
import {kvs} from '../api.js';

const cache = new Map();

/** {Description, TimeZone, NextWindows} of a ScheduleConfig; throws the API's error for a refused expression. */
export async function describeSchedule(schedule, hubDeviceArn, count = 3) {
  const request = {ScheduleExpression: schedule.ScheduleExpression, Count: count};
  if (schedule.DurationInSeconds) request.DurationInSeconds = schedule.DurationInSeconds;
  if (hubDeviceArn) request.HubDeviceArn = hubDeviceArn;
  const key = JSON.stringify(request);
  const hit = cache.get(key);
  if (hit && hit.until > Date.now()) return hit.answer;
  const answer = await kvs('/edgeConfigurations/describeSchedule', request);
  cache.set(key, {answer, until: Date.now() + 60e3});
  return answer;
}

/** "every day 08:00–18:00, Europe/Paris" with the next windows as a list. */
export function scheduleView(described, expression) {
  const windows = described.NextWindows || [];
  return h('div', {class: 'schedule'},
    h('p', {class: 'schedule-words'}, `${described.Description}, ${described.TimeZone}`),
    h('p', {class: 'muted small'}, h('code', {}, expression)),
    windows.length ? h('ul', {class: 'windows', 'aria-label': 'Next runs'}, windows.map((w) => {
      const start = inZone(w.StartTimestamp, described.TimeZone, true);
      return h('li', {}, w.EndTimestamp > w.StartTimestamp ? `${start}–${inZone(w.EndTimestamp, described.TimeZone, false)}` : start);
    })) : null);
}

/** An epoch-seconds time in the hub's zone (the zone the words are in): "Mon 7 Dec 08:00", or "18:00". */
function inZone(seconds, timeZone, withDay) {
  const options = {timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23'};
  if (withDay) Object.assign(options, {weekday: 'short', day: 'numeric', month: 'short'});
  try {
    return new Date(seconds * 1000).toLocaleString('en-GB', options).replace(',', '');
  } catch {
    return new Date(seconds * 1000).toISOString().slice(0, 16).replace('T', ' ') + ' UTC'; // a zone this browser lacks
  }
}
