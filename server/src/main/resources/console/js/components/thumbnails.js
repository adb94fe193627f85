// Timeline thumbnails from GetImages, one small image per slot. A server without GetImages answers
// UnsupportedOperationException: from then on the timeline simply has no thumbnail strip.
import {kvs} from '../api.js';

let supported = true;
const cache = new Map(); // `${stream}@${time}` -> data URL or null (no image there)

/**
 * Images near each of the given times (epoch ms), as [{time, src}] for those that have one; null when the server
 * has no GetImages. Each slot is its own short request, so any zoom stays within GetImages' limits.
 */
export async function thumbnails(streamName, times, width = 160) {
  if (!supported || !times.length) return supported ? [] : null;
  const one = async (time) => {
    const key = `${streamName}@${time}`;
    if (!cache.has(key)) cache.set(key, await image(streamName, time, width));
    return {time, src: cache.get(key)};
  };
  const first = await one(times[0]); // one request finds out whether the server has GetImages at all
  if (!supported) return null;
  const results = [first, ...await Promise.all(times.slice(1).map(one))];
  return results.filter((r) => r.src);
}

async function image(streamName, time, width) {
  try {
    const answer = await kvs('/getImages', {
      StreamName: streamName, ImageSelectorType: 'PRODUCER_TIMESTAMP', StartTimestamp: time / 1000,
      EndTimestamp: (time + 2000) / 1000, SamplingInterval: 2000, Format: 'JPEG', WidthPixels: width, MaxResults: 1,
    });
    const found = (answer.Images || []).find((i) => i.ImageContent);
    return found ? `data:image/jpeg;base64,${found.ImageContent}` : null;
  } catch (error) {
    if (error.code === 'UnsupportedOperationException' || error.code === 'UnknownOperationException') supported = false;
    return null;
  }
}
