// The console's AWS client: the same public API the CLI and SDKs call, on this page's origin (the server serves
// every API on one port), each call signed with SigV4 in the browser.
import {current} from './session.js';
import {sign} from './sigv4.js';

/** An AWS error answer: its HTTP status, error code (x-amzn-ErrorType) and message. */
export class ApiError extends Error {
  constructor(status, code, message) {
    super(message || code || `HTTP ${status}`);
    this.status = status;
    this.code = code;
  }

  /** The credentials are valid but may not do this (an agent's key pair outside its hub). */
  get notAllowed() {
    return this.code === 'AccessDeniedException' || this.code === 'NotAuthorizedException';
  }

  /** The server does not know or accept the key pair itself. */
  get badCredentials() {
    return ['UnrecognizedClientException', 'InvalidSignatureException', 'MissingAuthenticationTokenException',
      'IncompleteSignatureException'].includes(this.code);
  }

  /** What the page shows. */
  get shown() {
    return this.notAllowed ? `Not allowed for these credentials (${this.code}: ${this.message})`
      : `${this.code || 'Error'}: ${this.message}`;
  }
}

const listeners = new Set();
/** Called with every ApiError whose credentials were refused (the app returns to the sign-in page). */
export function onBadCredentials(listener) {
  listeners.add(listener);
}

async function call({service, path = '/', target, contentType, body, binary = false, session = current()}) {
  if (!session) throw new ApiError(0, 'NotSignedIn', 'Sign in first.');
  const url = new URL(path, location.origin);
  const payload = JSON.stringify(body || {});
  const headers = {'content-type': contentType};
  if (target) headers['x-amz-target'] = target;
  const signed = await sign({method: 'POST', url: url.href, headers, body: payload}, session,
    {region: session.region, service});
  let response;
  try {
    response = await fetch(url, {method: 'POST', headers: signed, body: payload, cache: 'no-store'});
  } catch (e) {
    throw new ApiError(0, 'NetworkError', `The server did not answer (${e.message}).`);
  }
  if (!response.ok) {
    const error = await errorOf(response);
    if (error.badCredentials) listeners.forEach((listener) => listener(error));
    throw error;
  }
  if (binary) return response.blob();
  const text = await response.text();
  return text ? JSON.parse(text) : {};
}

async function errorOf(response) {
  let code = response.headers.get('x-amzn-ErrorType') || '';
  let message = '';
  try {
    const body = await response.json();
    message = body.Message || body.message || '';
    code = code || body.__type || '';
  } catch {
    // not JSON: the status says enough
  }
  return new ApiError(response.status, code.split(':')[0].split('#').pop(), message);
}

/** A kinesisvideo operation (control plane, archived media, kvs-edge extensions): POST /operationPath. */
export function kvs(path, body, options = {}) {
  return call({service: 'kinesisvideo', path, contentType: 'application/json', body, ...options});
}

/** A Secrets Manager operation (awsJson 1.1 on the same port). */
export function secrets(operation, body, options = {}) {
  return call({service: 'secretsmanager', target: `secretsmanager.${operation}`,
    contentType: 'application/x-amz-json-1.1', body, ...options});
}

/** Every page of a listing: fetches until NextToken runs out (or `max` items). */
export async function all(fetchPage, itemsOf, max = 10000) {
  const items = [];
  let token;
  do {
    const page = await fetchPage(token);
    items.push(...(itemsOf(page) || []));
    token = page.NextToken;
  } while (token && items.length < max);
  return items;
}
