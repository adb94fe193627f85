// Who the console signs as. The key pair lives in this tab's sessionStorage only: it is never sent anywhere, only
// used to sign, and it is gone when the tab closes.

const KEY = 'kvs-edge.session';

/** {accessKeyId, secretAccessKey, region, role: 'admin' | 'agent'} or null */
export function current() {
  try {
    return JSON.parse(sessionStorage.getItem(KEY));
  } catch {
    return null;
  }
}

export function save(session) {
  sessionStorage.setItem(KEY, JSON.stringify(session));
}

export function clear() {
  sessionStorage.removeItem(KEY);
}

/** Whether this server signs its console in by itself: loopback, no credentials configured (test/test). */
export async function serverOffersDefaultCredentials() {
  try {
    const response = await fetch('/console/config.json', {cache: 'no-store'});
    return response.ok && (await response.json()).DefaultCredentials === true;
  } catch {
    return false;
  }
}
