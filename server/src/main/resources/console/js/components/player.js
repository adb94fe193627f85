// The video player: hls.js (vendored, loaded on first use) playing a kvs-edge HLS session, LIVE or from a moment
// of the recording (LIVE_REPLAY near now, ON_DEMAND otherwise). Knows the wall-clock time it is showing.
import {h, fill} from '../dom.js';
import {kvs} from '../api.js';
import {dateTime} from '../format.js';

const HLS_MODULE = '/console/vendor/hls.js-1.7.4/hls.light.min.mjs';
/** ON_DEMAND playlists hold up to this many fragments (AWS's largest MaxMediaPlaylistFragmentResults). */
const MAX_FRAGMENTS = 5000;

export class Player {
  constructor(streamName) {
    this.streamName = streamName;
    this.video = h('video', {muted: true, autoplay: true, playsinline: true, controls: true, class: 'video'});
    this.video.muted = true;
    this.status = h('p', {class: 'player-status muted', 'aria-live': 'polite'}, 'Choose LIVE, or click the timeline.');
    this.element = h('div', {class: 'player'}, h('div', {class: 'video-box'}, this.video), this.status);
    this.hls = null;
    this.mode = null;
  }

  /** LIVE: the newest fragments as they arrive. */
  playLive() {
    this.origin = null;
    return this.open({StreamName: this.streamName, PlaybackMode: 'LIVE', ContainerFormat: 'FRAGMENTED_MP4',
      DisplayFragmentTimestamp: 'ALWAYS'}, 'LIVE');
  }

  /** From `start` (ms) to `end` (ms, optional): LIVE_REPLAY when no end is given (it goes on live), else ON_DEMAND. */
  playRange(start, end) {
    this.origin = start;
    const range = {StartTimestamp: start / 1000};
    if (end) range.EndTimestamp = end / 1000;
    return this.open({
      StreamName: this.streamName, PlaybackMode: end ? 'ON_DEMAND' : 'LIVE_REPLAY', ContainerFormat: 'FRAGMENTED_MP4',
      HLSFragmentSelector: {FragmentSelectorType: 'PRODUCER_TIMESTAMP', TimestampRange: range},
      MaxMediaPlaylistFragmentResults: MAX_FRAGMENTS, Expires: 43200, DisplayFragmentTimestamp: 'ALWAYS',
    }, end ? `${dateTime(new Date(start))} – ${dateTime(new Date(end))}` : `from ${dateTime(new Date(start))}`);
  }

  async open(request, label) {
    this.stop();
    fill(this.status, `Opening ${label}…`);
    let url;
    try {
      url = sameOrigin((await kvs('/getHLSStreamingSessionURL', request)).HLSStreamingSessionURL);
    } catch (error) {
      fill(this.status, h('span', {class: 'error-text'}, error.shown));
      return false;
    }
    const {default: Hls} = await import(HLS_MODULE);
    const hls = new Hls({liveDurationInfinity: true, backBufferLength: 60});
    this.hls = hls;
    this.mode = request.PlaybackMode;
    hls.on(Hls.Events.ERROR, (event, data) => {
      if (data.fatal && this.hls === hls) {
        fill(this.status, h('span', {class: 'error-text'}, `Playback stopped: ${data.details}`));
        this.stop();
      }
    });
    hls.on(Hls.Events.MANIFEST_PARSED, () => {
      this.video.play().catch(() => {}); // muted autoplay; a refused play() leaves the controls to the user
      fill(this.status, h('span', {class: 'badge ok'}, request.PlaybackMode.replace('_', ' ')), ' ', label);
    });
    hls.loadSource(url);
    hls.attachMedia(this.video);
    return true;
  }

  /**
   * The recording time (wall clock) of the frame on screen: from the playlist's program date times when the server
   * gives them; else, for a recorded range, its start plus the time played (gaps are not counted), and for LIVE,
   * now less the player's latency.
   */
  get wallTime() {
    if (!this.hls || this.video.readyState < 2) return null;
    const date = this.hls.playingDate;
    if (date && !Number.isNaN(date.getTime())) return date;
    if (this.mode === 'LIVE') return new Date(Date.now() - (this.hls.latency || 0) * 1000);
    const first = this.hls.levels?.[this.hls.currentLevel]?.details?.fragments?.[0]?.start || 0;
    return new Date(this.origin + (this.video.currentTime - first) * 1000);
  }

  stop() {
    if (this.hls) {
      this.hls.destroy();
      this.hls = null;
    }
    this.mode = null;
    this.video.removeAttribute('src');
  }
}

/**
 * Session URLs name the server's public URL; the console plays them on its own origin (the same server, maybe by
 * another name), which its content security policy allows.
 */
function sameOrigin(href) {
  const url = new URL(href, location.origin);
  return url.origin === location.origin ? url.href : new URL(url.pathname + url.search, location.origin).href;
}
