// The console's shell: signs in (by itself on a loopback server with the default credentials), routes #/... to
// one page module at a time, and disposes the page it leaves (its refresh timers and players).
import {h, fill} from './dom.js';
import {onBadCredentials} from './api.js';
import {clear, current, serverOffersDefaultCredentials} from './session.js';
import {signIn} from './pages/signin.js';

const pages = {
  signin: () => import('./pages/signin.js'),
  streams: () => import('./pages/streams.js'),
  stream: () => import('./pages/stream.js'),
  hubs: () => import('./pages/hubs.js'),
  secrets: () => import('./pages/secrets.js'),
};

const routes = [
  [/^#\/streams\/([^/?]+)(?:\/(playback|edge|details))?$/, (m) => ['stream', {name: decodeURIComponent(m[1]), tab: m[2] || 'playback'}]],
  [/^#\/streams$/, () => ['streams', {}]],
  [/^#\/hubs$/, () => ['hubs', {}]],
  [/^#\/secrets$/, () => ['secrets', {}]],
  [/^#\/signin$/, () => ['signin', {}]],
];

const main = document.getElementById('main');
let dispose = null;
let generation = 0;

function resolve(hash) {
  for (const [pattern, target] of routes) {
    const m = hash.match(pattern);
    if (m) return target(m);
  }
  return null;
}

async function route() {
  const session = current();
  const home = session?.role === 'agent' ? '#/hubs' : '#/streams';
  const target = session ? resolve(location.hash) : ['signin', {}];
  if (!target) {
    location.replace(home);
    return;
  }
  if (session && target[0] === 'signin') {
    location.replace(home);
    return;
  }
  const mine = ++generation;
  if (dispose) dispose();
  dispose = null;
  renderChrome(session, target[0]);
  const module = await pages[target[0]]();
  if (mine !== generation) return; // the user moved on while the module loaded
  dispose = module.render(main, target[1]) || null;
}

function renderChrome(session, page) {
  const links = session?.role === 'agent' ? [['hubs', 'Hubs']] : [['streams', 'Streams'], ['hubs', 'Hubs'], ['secrets', 'Secrets']];
  const active = page === 'stream' ? 'streams' : page;
  fill(document.getElementById('nav'), session ? links.map(([id, label]) =>
    h('a', {href: `#/${id}`, 'aria-current': id === active ? 'page' : false}, label)) : []);
  fill(document.getElementById('who'), session ? [
    h('span', {class: 'who-key', title: `Signed in as ${session.accessKeyId} (${session.role}) in ${session.region}`},
      h('span', {class: 'who-region'}, session.region), ' ', session.accessKeyId),
    h('button', {type: 'button', class: 'link', onclick: signOut}, 'Sign out'),
  ] : []);
  document.title = `${page === 'stream' ? 'Stream' : page[0].toUpperCase() + page.slice(1)} · kvs-edge console`;
}

function signOut() {
  clear();
  sessionStorage.setItem('kvs-edge.no-auto-sign-in', '1'); // signing out means: not test/test again by itself
  location.hash = '#/signin';
  route();
}

onBadCredentials(() => {
  if (current()) {
    clear();
    location.hash = '#/signin';
  }
});

async function boot() {
  if (!current() && !sessionStorage.getItem('kvs-edge.no-auto-sign-in') && await serverOffersDefaultCredentials()) {
    try {
      await signIn({accessKeyId: 'test', secretAccessKey: 'test', region: 'us-east-1'});
    } catch {
      // the sign-in page explains what went wrong when the user signs in by hand
    }
  }
  window.addEventListener('hashchange', route);
  await route();
}

boot();
