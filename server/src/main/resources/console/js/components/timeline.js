// The recording timeline of one stream: what was uploaded (GetMediaCoverage, only the visible range, merged to the
// screen's resolution), what still waits on the hub (the agent's backlog), gaps, now, the playhead and an optional
// thumbnail strip. Day, hour and 10-minute zoom; click to play from a moment, drag (or Shift+arrows) to select a range.
import {h, fill} from '../dom.js';
import {kvs} from '../api.js';
import {clock, dateTime, duration, shortDateTime} from '../format.js';
import {thumbnails} from './thumbnails.js';

export const ZOOMS = [
  {id: 'day', label: 'Day', span: 24 * 3600e3},
  {id: 'hour', label: 'Hour', span: 3600e3},
  {id: 'minutes', label: '10 min', span: 600e3},
];
const TICKS = [60e3, 5 * 60e3, 10 * 60e3, 15 * 60e3, 30 * 60e3, 3600e3, 2 * 3600e3, 3 * 3600e3, 6 * 3600e3, 12 * 3600e3];
const HEIGHT = 92;
const LANE = {axis: 16, recorded: [22, 40], hub: [66, 14]};
const THUMB_WIDTH = 120;

export class Timeline {
  /**
   * @param streamName the stream
   * @param onPlay(ms) a click or Enter: play from that moment
   * @param onRange({start, end}) "Play range" on a selection
   * @param pending() the spans ([{start, end}] in ms) still on the hub, or []
   */
  constructor({streamName, onPlay, onRange, pending = () => []}) {
    Object.assign(this, {streamName, onPlay, onRange, pending});
    this.zoom = ZOOMS[0];
    this.end = Date.now() + this.zoom.span * 0.04;
    this.follow = true; // the view's end moves with now
    this.ranges = [];
    this.selection = null;
    this.cursor = null;
    this.playhead = null;
    this.loading = 0;
    this.build();
  }

  get start() {
    return this.end - this.zoom.span;
  }

  build() {
    this.canvas = h('canvas', {class: 'timeline-canvas', tabindex: 0, role: 'slider', 'aria-valuemin': 0, 'aria-valuemax': 100,
      'aria-label': 'Recording timeline. Arrow keys move the cursor, Shift with arrows selects, Enter plays, + and - zoom, Page Up and Page Down move the view.'});
    this.thumbStrip = h('div', {class: 'thumb-strip', hidden: true});
    this.rangeLabel = h('span', {class: 'timeline-range', 'aria-live': 'polite'});
    this.zoomButtons = ZOOMS.map((z) => h('button', {type: 'button', class: 'seg', 'aria-pressed': String(z === this.zoom),
      onclick: () => this.setZoom(z, this.cursor ?? (this.follow ? Date.now() : this.end - this.zoom.span / 2))}, z.label));
    this.dayInput = h('input', {type: 'date', 'aria-label': 'Go to day', onchange: () => this.goToDay(this.dayInput.value)});
    this.selectionBar = h('div', {class: 'selection-bar', hidden: true});
    this.summary = h('p', {class: 'muted small timeline-summary', 'aria-live': 'polite'});
    this.element = h('section', {class: 'timeline card', 'aria-label': 'Recordings'},
      h('div', {class: 'timeline-tools'},
        h('div', {class: 'segmented', role: 'group', 'aria-label': 'Zoom'}, this.zoomButtons),
        h('div', {class: 'segmented', role: 'group', 'aria-label': 'Move'},
          h('button', {type: 'button', class: 'seg', 'aria-label': 'Earlier', onclick: () => this.pan(-0.5)}, '‹'),
          h('button', {type: 'button', class: 'seg', onclick: () => this.goLive()}, 'Now'),
          h('button', {type: 'button', class: 'seg', 'aria-label': 'Later', onclick: () => this.pan(0.5)}, '›')),
        this.dayInput, this.rangeLabel),
      this.thumbStrip, this.canvas,
      h('div', {class: 'legend'}, h('span', {class: 'key recorded'}), 'uploaded', h('span', {class: 'key hub'}), 'on the hub, not uploaded yet',
        h('span', {class: 'key gap'}), 'nothing recorded'),
      this.summary, this.selectionBar);
    this.bindPointer();
    this.canvas.addEventListener('keydown', (e) => this.key(e));
    this.canvas.addEventListener('focus', () => this.draw());
    this.canvas.addEventListener('blur', () => this.draw());
    this.resize = new ResizeObserver(() => {
      this.draw();
      this.loadThumbnails();
    });
    this.resize.observe(this.canvas);
  }

  /** Reloads what the visible range holds; with `follow` the view's end is moved to now first. */
  async refresh() {
    if (this.follow) this.end = Date.now() + this.zoom.span * 0.04;
    const mine = ++this.loading;
    const width = Math.max(100, this.canvas.clientWidth || 800);
    const started = performance.now();
    const answer = await kvs('/timeline/getMediaCoverage', {
      StreamName: this.streamName, StartTimestamp: this.start / 1000, EndTimestamp: Math.min(this.end, Date.now() + 60e3) / 1000,
      MinGapMillis: Math.max(1000, Math.round(this.zoom.span / width)), MaxRanges: 5000,
    });
    if (mine !== this.loading) return;
    this.ranges = (answer.Ranges || []).map((r) => ({start: r.StartTimestamp * 1000, end: r.EndTimestamp * 1000,
      count: r.FragmentCount, bytes: r.Bytes}));
    this.latest = answer.LatestFragment;
    const fragments = this.ranges.reduce((n, r) => n + r.count, 0);
    fill(this.summary, `${fragments.toLocaleString('en-US')} fragments in view, in ${this.ranges.length} span${this.ranges.length === 1 ? '' : 's'}`
      + (answer.Truncated ? ' (more than shown: zoom in)' : ''));
    this.element.dataset.loadedMs = String(Math.round(performance.now() - started));
    this.element.dataset.fragments = String(fragments);
    this.draw();
    this.loadThumbnails();
  }

  setPlayhead(ms) {
    this.playhead = ms;
    if (ms && this.follow && ms > this.end) this.end = ms + this.zoom.span * 0.04;
    this.draw();
  }

  setZoom(zoom, around) {
    this.zoom = zoom;
    this.zoomButtons.forEach((b, i) => b.setAttribute('aria-pressed', String(ZOOMS[i] === zoom)));
    const end = around + zoom.span / 2;
    this.follow = end >= Date.now() - zoom.span * 0.1;
    this.end = this.follow ? Date.now() + zoom.span * 0.04 : end;
    this.changed();
  }

  pan(fraction) {
    this.end += this.zoom.span * fraction;
    this.follow = this.end >= Date.now();
    if (this.follow) this.end = Date.now() + this.zoom.span * 0.04;
    this.changed();
  }

  goLive() {
    this.follow = true;
    this.changed();
  }

  goToDay(value) {
    if (!value) return;
    const [y, m, d] = value.split('-').map(Number);
    this.zoom = ZOOMS[0];
    this.zoomButtons.forEach((b, i) => b.setAttribute('aria-pressed', String(i === 0)));
    this.end = new Date(y, m - 1, d + 1).getTime();
    this.follow = this.end >= Date.now();
    this.changed();
  }

  changed() {
    this.draw();
    this.refresh().catch((error) => fill(this.summary, h('span', {class: 'error-text'}, error.shown || String(error))));
  }

  /** Thumbnails at fixed slots of the time grid (so a view that moves with now asks only for the new ones). */
  async loadThumbnails() {
    const width = this.canvas.clientWidth;
    const slots = Math.max(1, Math.floor(width / THUMB_WIDTH));
    const step = this.zoom.span / slots;
    const first = Math.floor(this.start / step) * step;
    const times = Array.from({length: slots + 1}, (_, i) => Math.round(first + step * (i + 0.5)))
      .filter((t) => t > this.start && t < Math.min(this.end, Date.now()) && this.ranges.some((r) => t >= r.start && t <= r.end));
    const mine = (this.thumbRound = (this.thumbRound || 0) + 1);
    const images = await thumbnails(this.streamName, times, THUMB_WIDTH);
    if (mine !== this.thumbRound) return;
    this.thumbStrip.hidden = !images?.length;
    if (images?.length) {
      fill(this.thumbStrip, images.map((i) => h('img', {src: i.src, alt: `Frame at ${dateTime(new Date(i.time))}`,
        style: {left: `${this.x(i.time) - THUMB_WIDTH / 2}px`, width: `${THUMB_WIDTH}px`}})));
    }
  }

  x(ms) {
    return ((ms - this.start) / this.zoom.span) * this.canvas.clientWidth;
  }

  timeAt(x) {
    return this.start + (x / this.canvas.clientWidth) * this.zoom.span;
  }

  bindPointer() {
    let anchor = null;
    let moved = false;
    const at = (e) => this.timeAt(e.clientX - this.canvas.getBoundingClientRect().left);
    this.canvas.addEventListener('pointerdown', (e) => {
      if (e.button !== 0) return;
      this.canvas.setPointerCapture(e.pointerId);
      anchor = {x: e.clientX, time: at(e)};
      moved = false;
    });
    this.canvas.addEventListener('pointermove', (e) => {
      if (!anchor) return;
      if (Math.abs(e.clientX - anchor.x) > 4) moved = true;
      if (moved) this.select(anchor.time, at(e));
    });
    this.canvas.addEventListener('pointerup', (e) => {
      if (!anchor) return;
      const time = at(e);
      if (!moved) {
        this.cursor = time;
        this.select(null);
        this.onPlay(Math.min(time, Date.now()));
      }
      anchor = null;
      this.draw();
    });
  }

  select(a, b) {
    this.selection = a === null ? null : {start: Math.min(a, b), end: Math.min(Math.max(a, b), Date.now())};
    this.selectionBar.hidden = !this.selection;
    if (this.selection) {
      const {start, end} = this.selection;
      fill(this.selectionBar,
        h('span', {}, `${dateTime(new Date(start))} – ${clock(new Date(end))} (${duration(end - start)})`),
        h('button', {type: 'button', class: 'primary', onclick: () => this.onRange(this.selection)}, 'Play range'),
        h('button', {type: 'button', onclick: () => this.download()}, 'Download MP4'),
        h('button', {type: 'button', class: 'link', onclick: () => this.select(null)}, 'Clear'));
    }
    this.draw();
  }

  /** GetClip of the selection, saved as an MP4 file. */
  async download() {
    const {start, end} = this.selection;
    const status = h('span', {class: 'muted', 'aria-live': 'polite'}, 'Preparing the clip…');
    this.selectionBar.append(status);
    try {
      const blob = await kvs('/getClip', {StreamName: this.streamName, ClipFragmentSelector: {
        FragmentSelectorType: 'PRODUCER_TIMESTAMP', TimestampRange: {StartTimestamp: start / 1000, EndTimestamp: end / 1000}}},
      {binary: true});
      const link = h('a', {href: URL.createObjectURL(blob), download: `${this.streamName}-${new Date(start).toISOString().replace(/[:.]/g, '-')}.mp4`});
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(link.href), 60e3);
      status.textContent = `Saved (${(blob.size / 1e6).toFixed(1)} MB)`;
    } catch (error) {
      status.textContent = error.shown || String(error);
      status.className = 'error-text';
    }
  }

  key(e) {
    const step = this.zoom.span / 96;
    const cursor = this.cursor ?? this.playhead ?? Math.min(Date.now(), this.end - this.zoom.span / 2);
    const move = (to) => {
      if (e.shiftKey) {
        this.selectAnchor ??= cursor;
        this.select(this.selectAnchor, to);
      } else {
        this.selectAnchor = null;
      }
      this.cursor = to;
      if (to < this.start || to > this.end) {
        this.end = to + this.zoom.span / 2;
        this.follow = false;
        this.changed();
      }
      this.draw();
    };
    const handled = {
      ArrowLeft: () => move(cursor - step),
      ArrowRight: () => move(Math.min(Date.now(), cursor + step)),
      PageUp: () => this.pan(-0.5),
      PageDown: () => this.pan(0.5),
      Home: () => this.goLive(),
      '+': () => this.zoomBy(1, cursor),
      '=': () => this.zoomBy(1, cursor),
      '-': () => this.zoomBy(-1, cursor),
      Escape: () => this.select(null),
      Enter: () => (this.selection ? this.onRange(this.selection) : this.onPlay(cursor)),
      ' ': () => (this.selection ? this.onRange(this.selection) : this.onPlay(cursor)),
    }[e.key];
    if (handled) {
      e.preventDefault();
      handled();
    }
  }

  zoomBy(direction, around) {
    const index = ZOOMS.indexOf(this.zoom) + direction;
    if (index >= 0 && index < ZOOMS.length) this.setZoom(ZOOMS[index], around);
  }

  draw() {
    const canvas = this.canvas;
    const width = canvas.clientWidth;
    if (!width) return;
    const ratio = window.devicePixelRatio || 1;
    if (canvas.width !== Math.round(width * ratio) || canvas.height !== Math.round(HEIGHT * ratio)) {
      canvas.width = Math.round(width * ratio);
      canvas.height = Math.round(HEIGHT * ratio);
    }
    const g = canvas.getContext('2d');
    g.setTransform(ratio, 0, 0, ratio, 0, 0);
    const css = getComputedStyle(canvas);
    const color = (name) => css.getPropertyValue(name).trim();
    g.clearRect(0, 0, width, HEIGHT);
    g.fillStyle = color('--tl-gap');
    g.fillRect(0, LANE.recorded[0], width, LANE.recorded[1]);
    this.drawTicks(g, width, color);
    g.fillStyle = color('--tl-recorded');
    for (const r of this.ranges) {
      const x0 = this.x(r.start);
      g.fillRect(x0, LANE.recorded[0], Math.max(1, this.x(r.end) - x0), LANE.recorded[1]);
    }
    g.fillStyle = color('--tl-hub');
    for (const p of this.pending()) {
      const x0 = this.x(p.start);
      g.fillRect(x0, LANE.hub[0], Math.max(2, this.x(p.end) - x0), LANE.hub[1]);
    }
    this.drawLine(g, this.x(Date.now()), color('--tl-now'), [4, 3]);
    if (this.selection) {
      g.fillStyle = color('--tl-selection');
      const x0 = this.x(this.selection.start);
      g.fillRect(x0, LANE.axis, Math.max(2, this.x(this.selection.end) - x0), HEIGHT - LANE.axis);
    }
    if (this.playhead) this.drawLine(g, this.x(this.playhead), color('--tl-playhead'), [], 2);
    if (this.cursor !== null && document.activeElement === canvas) this.drawLine(g, this.x(this.cursor), color('--tl-cursor'), [2, 2]);
    const focus = this.cursor ?? this.playhead;
    this.canvas.setAttribute('aria-valuenow', String(Math.round(((focus ?? this.end) - this.start) / this.zoom.span * 100)));
    this.canvas.setAttribute('aria-valuetext', focus ? dateTime(new Date(focus)) : `${shortDateTime(new Date(this.start))} to ${shortDateTime(new Date(this.end))}`);
    Object.assign(this.element.dataset, {viewStart: String(Math.round(this.start)), viewEnd: String(Math.round(this.end))});
    fill(this.rangeLabel, `${shortDateTime(new Date(this.start))} – ${shortDateTime(new Date(this.end))}${this.follow ? ' · live' : ''}`);
  }

  drawTicks(g, width, color) {
    const minSpacing = 90;
    const step = TICKS.find((t) => (t / this.zoom.span) * width >= minSpacing) || TICKS.at(-1);
    const offset = new Date(this.start).getTimezoneOffset() * 60e3; // ticks on local hours
    g.font = '11px system-ui, sans-serif';
    g.textBaseline = 'top';
    for (let t = Math.ceil((this.start - offset) / step) * step + offset; t < this.end; t += step) {
      const x = this.x(t);
      const d = new Date(t);
      g.fillStyle = color('--tl-tick');
      g.fillRect(x, LANE.axis, 1, HEIGHT - LANE.axis);
      g.fillStyle = color('--tl-label');
      const label = d.getHours() === 0 && d.getMinutes() === 0 ? d.toLocaleDateString('en-GB', {day: 'numeric', month: 'short'})
        : clock(d).slice(0, 5);
      g.fillText(label, Math.min(x + 3, width - 40), 2);
    }
  }

  drawLine(g, x, strokeStyle, dash, lineWidth = 1) {
    g.save();
    g.strokeStyle = strokeStyle;
    g.lineWidth = lineWidth;
    g.setLineDash(dash);
    g.beginPath();
    g.moveTo(x, LANE.axis);
    g.lineTo(x, HEIGHT);
    g.stroke();
    g.restore();
  }

  dispose() {
    this.resize.disconnect();
  }
}
