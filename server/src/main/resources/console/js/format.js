// How times, ages, durations and sizes read in the console: local time, short and precise.

const pad = (n) => String(n).padStart(2, '0');

/** 14:05:09 */
export function clock(date) {
  return `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

/** 2026-12-07 14:05:09 (local time) */
export function dateTime(value) {
  if (value === undefined || value === null) return '—';
  const d = toDate(value);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${clock(d)}`;
}

/** Mon 7 Dec 14:05 */
export function shortDateTime(value) {
  const d = toDate(value);
  return `${d.toLocaleDateString('en-GB', {weekday: 'short', day: 'numeric', month: 'short'})} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** AWS timestamps are epoch seconds (with a fraction); the console works in Dates. */
export function toDate(value) {
  return value instanceof Date ? value : new Date(typeof value === 'number' ? value * 1000 : value);
}

/** 42 s, 5 min, 3 h 10 min, 2 d 4 h */
export function duration(ms) {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min`;
  const hours = Math.floor(m / 60);
  if (hours < 48) return m % 60 ? `${hours} h ${m % 60} min` : `${hours} h`;
  const days = Math.floor(hours / 24);
  return hours % 24 ? `${days} d ${hours % 24} h` : `${days} d`;
}

/** "42 s ago", or "—" for nothing */
export function age(value, now = Date.now()) {
  if (value === undefined || value === null) return '—';
  return `${duration(now - toDate(value).getTime())} ago`;
}

/** 1.4 MB */
export function bytes(n) {
  if (n === undefined || n === null) return '—';
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = n;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${unit === 0 ? value : value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

/** "1 segment", "3 segments" */
export function plural(n, unit) {
  return `${count(n)} ${unit}${Number(n) === 1 ? '' : 's'}`;
}

/** 1,234 */
export function count(n) {
  return n === undefined || n === null ? '—' : Number(n).toLocaleString('en-US');
}

/** The last part of an ARN: arn:aws:iot:us-east-1:123:thing/warehouse -> warehouse */
export function arnName(arn) {
  return arn ? arn.slice(arn.lastIndexOf('/') + 1) : '';
}
