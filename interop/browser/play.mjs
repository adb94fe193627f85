// Plays an HLS URL in headless Chromium with hls.js, as a web page would, and checks that it really plays.
//
//   node interop/browser/play.mjs HLS_URL [--min-time 2] [--min-played 0] [--width 320] [--timeout 45] [--screenshot FILE]
//
// player.html and hls.js are served by a small HTTP server on another loopback port than the HLS URL's, so
// every playlist and segment request is cross-origin: it only works when kvs-edge sends CORS headers.
// Passes (exit 0) when the video element's currentTime passes --min-time seconds, the time it played (the
// sum of its `played` ranges) passes --min-played seconds (default 0; for LIVE, which starts at the live edge,
// so currentTime says little), its videoWidth is --width, it decoded frames, and hls.js reported no fatal error. Exit 1: playback failed; exit 2: setup failed (no
// Chromium, npm packages not installed). The last line printed is `PASS ...` or `FAIL ...`; the line before
// it is the final state as JSON.
import {createServer} from 'node:http';
import {existsSync, readFileSync, writeFileSync} from 'node:fs';
import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

function usage(message) {
  console.error(`play.mjs: ${message}\nusage: node play.mjs HLS_URL [--min-time S] [--min-played S] [--width PX] [--timeout S] [--screenshot FILE]`);
  process.exit(2);
}

const options = {minTime: 2, minPlayed: 0, width: 320, timeout: 45, screenshot: null, url: null};
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  const a = argv[i];
  const value = () => (i + 1 < argv.length ? argv[++i] : usage(`${a} needs a value`));
  if (a === '--min-time') options.minTime = Number(value());
  else if (a === '--min-played') options.minPlayed = Number(value());
  else if (a === '--width') options.width = Number(value());
  else if (a === '--timeout') options.timeout = Number(value());
  else if (a === '--screenshot') options.screenshot = value();
  else if (a.startsWith('--')) usage(`unknown option ${a}`);
  else if (options.url === null) options.url = a;
  else usage(`unexpected argument ${a}`);
}
if (!options.url) usage('no HLS URL given');

function findChromium() {
  const candidates = [process.env.KVS_EDGE_CHROMIUM, '/usr/bin/chromium', '/usr/lib/chromium/chromium',
    '/usr/bin/chromium-browser'].filter(Boolean);
  return candidates.find((path) => existsSync(path)) || null;
}

const chromiumPath = findChromium();
if (!chromiumPath) {
  console.log('FAIL setup: no Chromium found (apt-get install chromium, or set KVS_EDGE_CHROMIUM)');
  process.exit(2);
}
const hlsScript = join(here, 'node_modules', 'hls.js', 'dist', 'hls.min.js');
let chromium;
try {
  ({chromium} = await import('playwright-core'));
} catch (e) {
  console.log(`FAIL setup: playwright-core is not installed (npm install in ${here}): ${e.message}`);
  process.exit(2);
}
if (!existsSync(hlsScript)) {
  console.log(`FAIL setup: ${hlsScript} is missing (npm install in ${here})`);
  process.exit(2);
}

const files = {
  '/player.html': ['text/html; charset=utf-8', readFileSync(join(here, 'player.html'))],
  '/hls.js': ['text/javascript; charset=utf-8', readFileSync(hlsScript)],
};
const server = createServer((request, response) => {
  const file = files[new URL(request.url, 'http://localhost').pathname];
  if (!file) {
    response.writeHead(204).end(); // favicon.ico and the like: nothing, and no 404 in the page's console
    return;
  }
  response.writeHead(200, {'Content-Type': file[0], 'Cache-Control': 'no-store'}).end(file[1]);
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const pageUrl = `http://127.0.0.1:${server.address().port}/player.html?src=${encodeURIComponent(options.url)}`;

let browser;
let exitCode = 1;
const failedRequests = [];
try {
  browser = await chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-quic', '--no-first-run', '--disable-component-update', '--disable-sync',
      '--autoplay-policy=no-user-gesture-required'],
  });
  const page = await browser.newPage();
  page.on('console', (message) => console.log(`[page ${message.type()}] ${message.text()}`));
  page.on('pageerror', (error) => console.log(`[page exception] ${error.message}`));
  page.on('requestfailed', (request) => {
    failedRequests.push(`${request.method()} ${request.url().slice(0, 120)}: ${request.failure()?.errorText}`);
  });
  page.on('response', (response) => {
    if (response.status() >= 400) failedRequests.push(`${response.status()} ${response.url().slice(0, 120)}`);
  });
  await page.goto(pageUrl);

  const deadline = Date.now() + options.timeout * 1000;
  let state = await page.evaluate(() => window.state());
  const enough = (s) => s.currentTime > options.minTime && s.played > options.minPlayed && s.videoWidth > 0;
  while (Date.now() < deadline && !state.fatal && !enough(state)) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    state = await page.evaluate(() => window.state());
  }
  if (options.screenshot) writeFileSync(options.screenshot, await page.screenshot());
  const events = await page.evaluate(() => window.playback.events);
  for (const event of events) console.log(`[player] ${event}`);
  for (const failure of failedRequests) console.log(`[request failed] ${failure}`);

  const problems = [];
  if (state.fatal) problems.push(`fatal error: ${JSON.stringify(state.fatal)}`);
  if (!(state.currentTime > options.minTime)) {
    problems.push(`currentTime ${state.currentTime.toFixed(3)} s did not pass ${options.minTime} s within ${options.timeout} s`);
  }
  if (!(state.played > options.minPlayed)) {
    problems.push(`played ${state.played.toFixed(3)} s, not more than ${options.minPlayed} s, within ${options.timeout} s`);
  }
  if (state.videoWidth !== options.width) problems.push(`videoWidth is ${state.videoWidth}, not ${options.width}`);
  if (!(state.decodedFrames > 0)) problems.push('no video frame was decoded');
  console.log(JSON.stringify({...state, chromium: chromiumPath, browserVersion: browser.version()}));
  if (problems.length === 0) {
    console.log(`PASS played to ${state.currentTime.toFixed(2)} s (${state.played.toFixed(2)} s played) at ${state.videoWidth}x${state.videoHeight},`
      + ` ${state.decodedFrames} frames decoded (${state.droppedFrames} dropped), no hls.js fatal error`
      + ` (${state.errors.length} non-fatal: ${[...new Set(state.errors.map((e) => e.details))].join(', ') || 'none'})`
      + ` (Chromium ${browser.version()})`);
    exitCode = 0;
  } else {
    console.log(`FAIL ${problems.join('; ')}`);
  }
} catch (e) {
  console.log(`FAIL setup: ${e.stack || e}`);
  exitCode = 2;
} finally {
  if (browser) await browser.close().catch(() => {});
  server.close();
}
process.exit(exitCode);
