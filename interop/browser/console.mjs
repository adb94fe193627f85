// Drives the web console in headless Chromium (Playwright, Debian's chromium) against a running `kvs-edge up --demo`:
// every scenario of issue 13's "Done when", as a person would click and type them. Any JavaScript error in the page
// (an uncaught exception or console.error) and any 5xx answer fails the run. Screenshots of each page (1280x800 and
// phone width) go to the output folder; on failure, one of the page as it was.
//
//   node interop/browser/console.mjs CONSOLE_URL OUTPUT_DIR
//
// Prints one line per step, then `PASS ...` or `FAIL ...` last; writes OUTPUT_DIR/clip.mp4 (the downloaded clip) and
// OUTPUT_DIR/result.json ({clip, clipStart, clipEnd}) for the caller to check with ffprobe. Exit 0: passed; 1: a
// scenario failed; 2: setup failed.
import {existsSync, mkdtempSync, mkdirSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';

const [baseUrl, outDir] = process.argv.slice(2);
if (!baseUrl || !outDir) {
  console.log('FAIL setup: usage: node console.mjs CONSOLE_URL OUTPUT_DIR');
  process.exit(2);
}
mkdirSync(outDir, {recursive: true});
const chromiumPath = [process.env.KVS_EDGE_CHROMIUM, '/usr/bin/chromium', '/usr/lib/chromium/chromium'].filter(Boolean).find(existsSync);
let chromium;
try {
  ({chromium} = await import('playwright-core'));
} catch (e) {
  console.log(`FAIL setup: playwright-core is not installed: ${e.message}`);
  process.exit(2);
}
if (!chromiumPath) {
  console.log('FAIL setup: no Chromium (apt-get install chromium)');
  process.exit(2);
}

const DEMO = 'demo-camera';
const LOCAL_HUB = 'kvs-edge-local';
const suffix = Date.now().toString(36);
const STREAM = `console-${suffix}`;
const HUB_ARN = `arn:aws:iot:us-east-1:123456789012:thing/console-hub-${suffix}`;
const jsErrors = [];
const serverErrors = [];
const step = (text) => console.log(`step: ${text}`);

const context = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'kvs-edge-console-profile-')), {
  executablePath: chromiumPath, headless: true, viewport: {width: 1280, height: 800}, acceptDownloads: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--autoplay-policy=no-user-gesture-required'],
});
const page = context.pages()[0] || await context.newPage();
page.setDefaultTimeout(20000);
page.on('pageerror', (error) => jsErrors.push(`uncaught: ${error.message}`));
page.on('console', (message) => {
  // A 4xx that a scenario asks for (an agent's 403, a refused cron) is logged by Chromium as "Failed to load
  // resource": that is the network, not the page's JavaScript. Answers are checked below.
  if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) jsErrors.push(`console.error: ${message.text()}`);
});
page.on('response', (response) => {
  if (response.status() >= 500) serverErrors.push(`${response.status()} ${response.request().method()} ${response.url()}`);
});

let shots = 0;
async function shot(name) {
  await page.screenshot({path: join(outDir, `${String(++shots).padStart(2, '0')}-${name}.png`), fullPage: true});
}

/** Waits until fn (run in the page) returns truthy; fails with what. */
async function until(what, fn, arg, timeout = 30000) {
  try {
    return await page.waitForFunction(fn, arg, {timeout, polling: 250});
  } catch (e) {
    throw new Error(`not within ${timeout / 1000} s: ${what}`);
  }
}

/** The video's currentTime advances by more than `seconds` while we watch. */
async function videoAdvances(seconds, timeout = 45000) {
  const start = await page.$eval('video', (v) => v.currentTime);
  await until(`the video plays on (currentTime from ${start.toFixed(2)} s by more than ${seconds} s)`,
    ([from, by]) => {
      const v = document.querySelector('video');
      return v && v.currentTime > from + by && v.videoWidth > 0;
    }, [start, seconds], timeout);
  return page.$eval('video', (v) => v.currentTime);
}

/** Calls the console's own API module in the page (signed with the page's session). */
function api(path, body) {
  return page.evaluate(async ([p, b]) => (await import('/console/js/api.js')).kvs(p, b), [path, body]);
}

async function noHorizontalOverflow(name) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  if (overflow > 1) throw new Error(`${name} is ${overflow}px wider than the phone's screen`);
}

async function signInWith(accessKeyId, secretAccessKey) {
  await page.getByLabel('Access key ID').fill(accessKeyId);
  await page.getByLabel('Secret access key').fill(secretAccessKey);
  await page.getByRole('button', {name: 'Sign in'}).click();
}

async function signOut() {
  await page.getByRole('button', {name: 'Sign out'}).click();
  await page.getByRole('heading', {name: 'Sign in to kvs-edge'}).waitFor();
}

const result = {};
let exitCode = 1;
try {
  step('auto sign-in: a loopback server with the default credentials signs the console in as test');
  await page.goto(baseUrl);
  await page.getByRole('heading', {name: 'Streams'}).waitFor();
  if (!(await page.locator('#who').innerText()).includes('test')) throw new Error('not signed in as test');
  await page.locator(`tr[data-stream="${DEMO}"]`).waitFor();
  await shot('streams');

  step('keyboard: Tab reaches "Create stream" and the stream links');
  await page.evaluate(() => document.activeElement?.blur());
  const reached = new Set();
  for (let i = 0; i < 25 && reached.size < 2; i++) {
    await page.keyboard.press('Tab');
    const text = await page.evaluate(() => document.activeElement?.textContent?.trim());
    if (text === 'Create stream' || text === DEMO) reached.add(text);
  }
  if (reached.size < 2) throw new Error(`Tab did not reach both "Create stream" and "${DEMO}": ${[...reached]}`);

  step(`create the stream ${STREAM}`);
  await page.getByRole('button', {name: 'Create stream'}).click();
  await page.getByLabel('Name', {exact: true}).fill(STREAM);
  await page.getByLabel('Data retention (hours)').fill('2');
  await page.getByRole('button', {name: 'Create', exact: true}).click();
  await page.locator(`tr[data-stream="${STREAM}"]`).waitFor();

  step('start an edge configuration from the form; a cron expression is checked as it is typed, and the API\'s refusal shows');
  await page.locator(`tr[data-stream="${STREAM}"] a`).click();
  await page.getByRole('tab', {name: 'Edge configuration'}).click();
  await page.getByRole('button', {name: 'Start an edge configuration'}).click();
  await page.getByLabel('Hub device ARN').fill(`arn:aws:iot:us-east-1:123456789012:thing/${LOCAL_HUB}`);
  await page.getByLabel('Camera secret').selectOption({label: `${DEMO}-uri`});
  await page.getByText('Record continuously').click(); // off: on a schedule
  const recorderCron = page.getByLabel('recorder cron expression');
  await recorderCron.fill('0 0 25 * * ?');
  await until('the form says the hour 25 is refused', () => document.querySelector('.schedule-fields .field-error')?.textContent
    .includes('not a valid Quartz cron expression'));
  await page.getByRole('button', {name: 'Start', exact: true}).click();
  await until('the API\'s refusal is shown in the form', () => document.querySelector('.form-problem')?.textContent
    .includes('InvalidArgumentException'));
  await shot('edge-form-refused');
  await recorderCron.fill('* * * * * ?');
  await until('the form says the schedule in words', () => document.querySelector('.schedule-preview .schedule-words')?.textContent
    .startsWith('continuously'));
  await page.getByLabel('uploader cron expression').fill('0/10 * * * * ?');
  await page.evaluate(() => { window.notReloaded = true; });
  await page.getByRole('button', {name: 'Start', exact: true}).click();

  step('watch SYNCING -> IN_SYNC and the recorder and uploader statuses appear, without reload');
  await until('the sync state is IN_SYNC', () => document.querySelector('.sync-state [data-status]')?.dataset.status === 'IN_SYNC', null, 60000);
  await until('the history shows SYNCING, ACKNOWLEDGED and IN_SYNC', () => {
    const seen = [...document.querySelectorAll('.history [data-status]')].map((b) => b.dataset.status);
    return ['SYNCING', 'ACKNOWLEDGED', 'IN_SYNC'].every((s) => seen.includes(s));
  });
  await until('the recorder reports SUCCESS', () => document.querySelector('.recorder-status [data-status]')?.dataset.status === 'SUCCESS', null, 60000);
  await until('the uploader reports', () => document.querySelector('.uploader-status [data-status]'), null, 60000);
  if (!(await page.evaluate(() => window.notReloaded))) throw new Error('the page was reloaded');
  await shot('edge-configuration');

  step(`play LIVE on ${DEMO}`);
  await page.goto(`${baseUrl}#/streams/${DEMO}`);
  // The header shows a .last-fragment only once the stream has one ("none yet" before the agent's first upload).
  await until(`${DEMO} has fragments`, () => Boolean(document.querySelector('.stream-head .last-fragment')), null, 90000);
  const latestOf = async () =>
    (await api('/timeline/listStreamActivity', {StreamNames: [DEMO]})).Streams[0].LatestFragment.ProducerTimestamp * 1000;
  const firstUploaded = await latestOf();
  await page.getByRole('button', {name: '● LIVE'}).click();
  await videoAdvances(2);
  await shot('live');

  step('select a recorded range on the timeline (10-minute zoom) and play it');
  await page.getByRole('button', {name: '10 min'}).click();
  // The range below needs 24 s recorded after the first upload's last fragment (a fresh demo has just one upload).
  let latest = await latestOf();
  for (const deadline = Date.now() + 120000; latest < firstUploaded + 24000; latest = await latestOf()) {
    if (Date.now() > deadline) throw new Error(`not within 120 s: 24 s more of ${DEMO} uploaded`);
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  const [from, to] = [latest - 24000, latest - 6000];
  await page.locator('.timeline-canvas').scrollIntoViewIfNeeded();
  const box = await page.locator('.timeline-canvas').boundingBox();
  const view = await page.$eval('.timeline', (el) => ({start: Number(el.dataset.viewStart), end: Number(el.dataset.viewEnd)}));
  const x = (t) => box.x + ((t - view.start) / (view.end - view.start)) * box.width;
  await page.mouse.move(x(from), box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(x((from + to) / 2), box.y + box.height / 2, {steps: 4});
  await page.mouse.move(x(to), box.y + box.height / 2, {steps: 4});
  await page.mouse.up();
  await page.getByRole('button', {name: 'Play range'}).click();
  await until('an ON_DEMAND session plays', () => document.querySelector('.player-status')?.textContent.includes('ON DEMAND'));
  await videoAdvances(2);
  await shot('recorded-range');

  step('the timeline shows thumbnails of the recording (GetImages), decoded by the browser');
  await until('a thumbnail image is drawn', () => [...document.querySelectorAll('.thumb-strip:not([hidden]) img')]
    .some((img) => img.src.startsWith('data:image/jpeg') && img.complete && img.naturalWidth > 0), null, 60000);

  step('download the selected range as MP4 (GetClip)');
  const [download] = await Promise.all([page.waitForEvent('download', {timeout: 60000}),
    page.getByRole('button', {name: 'Download MP4'}).click()]);
  result.clip = join(outDir, 'clip.mp4');
  await download.saveAs(result.clip);
  const selected = await page.$eval('.selection-bar span', (el) => el.textContent);
  Object.assign(result, {clipStart: from, clipEnd: to, selected});

  step('timeline by keyboard: focus it, move the cursor, Enter plays from there');
  await page.locator('.timeline-canvas').focus();
  await page.keyboard.press('Escape');
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('Enter');
  await until('a session from the cursor opens', () => /LIVE REPLAY|ON DEMAND/.test(document.querySelector('.player-status')?.textContent));

  step('hubs: add a hub device; its key pair\'s secret is shown once');
  await page.getByRole('link', {name: 'Hubs'}).click();
  await page.locator(`.hub-card[data-hub$="/${LOCAL_HUB}"] [data-status="ONLINE"]`).first().waitFor();
  const agentFacts = await page.locator(`.hub-card[data-hub$="/${LOCAL_HUB}"] .facts`).innerText();
  if (!/Agent\s+kvs-edge \d/.test(agentFacts) || !/Time zone\s+[A-Za-z]/.test(agentFacts)) {
    throw new Error(`the local hub does not show its agent's version and zone: ${agentFacts}`);
  }
  await page.getByRole('button', {name: 'Add a hub device'}).click();
  await page.getByLabel('Hub device ARN').fill(HUB_ARN);
  await page.getByRole('button', {name: 'Create', exact: true}).click();
  const agentKey = await page.locator('.created-key-id').innerText();
  const agentSecret = await page.locator('.created-secret').innerText();
  await shot('agent-key-created');
  await page.getByRole('button', {name: 'Done'}).click();
  await page.locator(`.hub-card[data-hub="${HUB_ARN}"] [data-status="NEVER_CONNECTED"]`).waitFor();
  await shot('hubs');

  step('secrets: which configurations use each; a camera URL is replaced, never shown');
  await page.getByRole('link', {name: 'Secrets'}).click();
  await until(`the secret ${DEMO}-uri is used by ${DEMO} and ${STREAM}`, ([a, b]) => {
    const text = document.querySelector(`tr[data-secret="${a}-uri"]`)?.textContent || '';
    return text.includes(a) && text.includes(b);
  }, [DEMO, STREAM]);
  await page.getByRole('button', {name: 'Create a camera secret'}).click();
  await page.getByLabel('Name', {exact: true}).fill(`console-secret-${suffix}`);
  await page.getByLabel('Camera URL (MediaURI)').fill('rtsp://viewer:first-password@192.0.2.10/stream1');
  await page.getByRole('button', {name: 'Create', exact: true}).click();
  await page.getByRole('button', {name: `Replace the camera URL of console-secret-${suffix}`}).click();
  await page.getByLabel('Camera URL (MediaURI)').fill('rtsp://viewer:second-password@192.0.2.10/stream1');
  await page.getByRole('button', {name: 'Replace', exact: true}).click();
  await page.getByText(`Replaced the camera URL of console-secret-${suffix}`).waitFor();
  if ((await page.content()).includes('password@')) throw new Error('a secret value is on the page');
  await shot('secrets');

  step('an agent\'s key pair sees only its hub; other pages are "not allowed for these credentials"');
  await signOut();
  await signInWith(agentKey, agentSecret);
  await page.getByRole('heading', {name: 'Hub devices'}).waitFor();
  await page.locator(`.hub-card[data-hub="${HUB_ARN}"]`).waitFor();
  const hubs = await page.$$eval('.hub-card', (cards) => cards.map((c) => c.dataset.hub));
  if (hubs.length !== 1 || hubs[0] !== HUB_ARN) throw new Error(`an agent's key pair sees ${hubs}`);
  if (await page.locator('#nav a', {hasText: 'Streams'}).count()) throw new Error('an agent is offered the Streams page');
  await shot('hubs-as-agent');
  await page.goto(`${baseUrl}#/streams`);
  await page.getByText('Not allowed for these credentials').waitFor();

  step('sign in again with a typed admin key pair');
  await signOut();
  await signInWith('test', 'test');
  await page.getByRole('heading', {name: 'Streams'}).waitFor();

  step('phone width: every page fits the screen');
  await page.setViewportSize({width: 390, height: 844});
  for (const [route, name] of [['#/streams', 'streams'], [`#/streams/${DEMO}`, 'stream'], [`#/streams/${DEMO}/edge`, 'edge'],
    ['#/hubs', 'hubs'], ['#/secrets', 'secrets']]) {
    await page.goto(`${baseUrl}${route}`);
    await page.waitForLoadState('networkidle').catch(() => {});
    await page.waitForTimeout(1200);
    await noHorizontalOverflow(name);
    await shot(`phone-${name}`);
  }
  await page.setViewportSize({width: 1280, height: 800});

  step(`revoke the key pair of ${LOCAL_HUB}'s agent: its hub goes red`);
  await page.goto(`${baseUrl}#/hubs`);
  const localCard = page.locator(`.hub-card[data-hub$="/${LOCAL_HUB}"]`);
  await localCard.locator('[data-status="ONLINE"]').first().waitFor();
  await localCard.getByRole('button', {name: /^Revoke key/}).click();
  await page.getByRole('button', {name: 'Revoke', exact: true}).click();
  await localCard.locator('.card-head [data-status="REVOKED"]').waitFor();
  const border = await localCard.evaluate((el) => getComputedStyle(el).borderLeftColor);
  if (border !== 'rgb(207, 34, 46)') throw new Error(`the revoked hub's card is not red: ${border}`);
  await shot('hub-revoked');

  if (jsErrors.length) throw new Error(`JavaScript errors: ${jsErrors.join(' | ')}`);
  if (serverErrors.length) throw new Error(`server errors: ${serverErrors.join(' | ')}`);
  writeFileSync(join(outDir, 'result.json'), JSON.stringify(result));
  console.log(`PASS every console scenario, ${shots} screenshots in ${outDir}`);
  exitCode = 0;
} catch (error) {
  await page.screenshot({path: join(outDir, 'failure.png'), fullPage: true}).catch(() => {});
  const extra = [jsErrors.length ? `; JavaScript errors: ${jsErrors.join(' | ')}` : '',
    serverErrors.length ? `; server errors: ${serverErrors.join(' | ')}` : ''].join('');
  console.log(`FAIL ${error.message}${extra} (screenshots in ${outDir}, the page as it failed: failure.png)`);
} finally {
  await context.close().catch(() => {});
}
process.exit(exitCode);
