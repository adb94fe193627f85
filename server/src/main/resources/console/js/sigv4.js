// AWS Signature Version 4 for the console's API calls: the same signature the AWS SDKs compute, so the server
// treats the console like any other client. Uses WebCrypto where the page has it (secure contexts), else the
// plain-JavaScript digest in sha256.js. Unit-tested against AWS's published test suite (interop/browser).
import {hmacSha256, sha256} from './sha256.js';

const encoder = new TextEncoder();
const subtle = globalThis.crypto?.subtle;

const hex = (bytes) => Array.from(new Uint8Array(bytes), (b) => b.toString(16).padStart(2, '0')).join('');

async function digest(bytes, useFallback) {
  return useFallback || !subtle ? sha256(bytes) : new Uint8Array(await subtle.digest('SHA-256', bytes));
}

async function hmac(key, text, useFallback) {
  const message = encoder.encode(text);
  if (useFallback || !subtle) return hmacSha256(key, message);
  const cryptoKey = await subtle.importKey('raw', key, {name: 'HMAC', hash: 'SHA-256'}, false, ['sign']);
  return new Uint8Array(await subtle.sign('HMAC', cryptoKey, message));
}

/** RFC 3986 encoding as SigV4 wants it: everything but A-Z a-z 0-9 - . _ ~ is %XX (upper case). */
export function uriEncode(text) {
  return Array.from(encoder.encode(text), (b) => {
    const c = String.fromCharCode(b);
    return /[A-Za-z0-9\-._~]/.test(c) ? c : '%' + b.toString(16).toUpperCase().padStart(2, '0');
  }).join('');
}

/** 2015-08-30T12:36:00.000Z -> 20150830T123600Z */
export function amzDate(date) {
  return date.toISOString().replace(/[:-]|\.\d{3}/g, '');
}

function canonicalQuery(url) {
  const pairs = [];
  for (const [key, value] of url.searchParams) pairs.push([uriEncode(key), uriEncode(value)]);
  pairs.sort(([k1, v1], [k2, v2]) => (k1 < k2 ? -1 : k1 > k2 ? 1 : v1 < v2 ? -1 : v1 > v2 ? 1 : 0));
  return pairs.map(([k, v]) => `${k}=${v}`).join('&');
}

/** The path as sent (already percent-encoded), encoded once more segment by segment, as for every service but S3. */
function canonicalPath(url) {
  return url.pathname.split('/').map(uriEncode).join('/') || '/';
}

/**
 * Signs a request and returns the headers to send with it: the given ones, X-Amz-Date and Authorization (the
 * browser adds Host itself, with the value signed here).
 *
 * @param request {method, url, headers: {name: value or [values]}, body: string or Uint8Array}
 * @param credentials {accessKeyId, secretAccessKey}
 * @param scope {region, service, date: Date, fallback: use sha256.js even where WebCrypto exists (tests)}
 */
export async function sign(request, credentials, {region, service, date = new Date(), fallback = false}) {
  const url = new URL(request.url);
  const time = amzDate(date);
  const day = time.slice(0, 8);
  const headers = {...request.headers, 'x-amz-date': time};
  const canonical = new Map([['host', url.host]]);
  for (const [name, value] of Object.entries(headers)) {
    const values = (Array.isArray(value) ? value : [value]).map((v) => String(v).trim().replace(/\s+/g, ' '));
    canonical.set(name.toLowerCase(), values.join(','));
  }
  const names = [...canonical.keys()].sort();
  const body = typeof request.body === 'string' ? encoder.encode(request.body) : (request.body || new Uint8Array());
  const canonicalRequest = [
    request.method.toUpperCase(), canonicalPath(url), canonicalQuery(url),
    names.map((n) => `${n}:${canonical.get(n)}\n`).join(''), names.join(';'), hex(await digest(body, fallback)),
  ].join('\n');
  const credentialScope = `${day}/${region}/${service}/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', time, credentialScope,
    hex(await digest(encoder.encode(canonicalRequest), fallback))].join('\n');
  let key = encoder.encode('AWS4' + credentials.secretAccessKey);
  for (const part of [day, region, service, 'aws4_request']) key = await hmac(key, part, fallback);
  const signature = hex(await hmac(key, stringToSign, fallback));
  return {
    ...headers,
    authorization: `AWS4-HMAC-SHA256 Credential=${credentials.accessKeyId}/${credentialScope}, `
      + `SignedHeaders=${names.join(';')}, Signature=${signature}`,
  };
}
