// How long the console takes to open a stream's page until its timeline shows the day's coverage, in headless
// Chromium (Debian's), from navigation start: the first run with an empty browser cache, then warm runs (the
// server answers 304 to revalidations). Used by bench/run-console.sh; see docs/benchmarks.md ("Console timeline").
//
//   node bench/console-open.mjs 'http://127.0.0.1:PORT/#/streams/week' [runs]
import {existsSync, mkdtempSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';

const [url, runsText = '10'] = process.argv.slice(2);
const {chromium} = await import('../interop/browser/node_modules/playwright-core/index.mjs');
const executablePath = ['/usr/bin/chromium', '/usr/lib/chromium/chromium'].find(existsSync);
const context = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'kvs-edge-console-bench-')), {
  executablePath, headless: true, viewport: {width: 1280, height: 800},
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});
const results = [];
for (let i = 0; i < Number(runsText); i++) {
  const page = await context.newPage();
  await page.goto(url);
  const handle = await page.waitForFunction(() => {
    const timeline = document.querySelector('.timeline[data-fragments]');
    return timeline && Number(timeline.dataset.fragments) > 0
      && {shownMs: performance.now(), coverageMs: Number(timeline.dataset.loadedMs), fragments: Number(timeline.dataset.fragments)};
  }, null, {timeout: 30000, polling: 'raf'});
  results.push(await handle.jsonValue());
  await page.close();
}
await context.close();
const fmt = (n) => n.toFixed(0).padStart(5);
results.forEach((r, i) => console.log(`${i === 0 ? 'cold' : 'warm'} run ${String(i + 1).padStart(2)}: day view shown ${fmt(r.shownMs)} ms after navigation`
  + ` (GetMediaCoverage round trip ${fmt(r.coverageMs)} ms, ${r.fragments.toLocaleString('en-US')} fragments in view)`));
const warm = results.slice(1).map((r) => r.shownMs).sort((a, b) => a - b);
if (warm.length) {
  console.log(`warm runs: min ${fmt(warm[0])} ms, median ${fmt(warm[Math.floor(warm.length / 2)])} ms, max ${fmt(warm.at(-1))} ms`);
}
