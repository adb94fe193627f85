// The console's SigV4 signer against AWS's published SigV4 test suite (aws-sig-v4-test-suite: service "service",
// us-east-1, 20150830T123600Z, AWS's example key pair), with WebCrypto and with the plain-JavaScript fallback.
//   node --test interop/browser/sigv4.test.mjs
import assert from 'node:assert/strict';
import {createHash, createHmac} from 'node:crypto';
import {test} from 'node:test';
import {hmacSha256, sha256} from '../../server/src/main/resources/console/js/sha256.js';
import {sign} from '../../server/src/main/resources/console/js/sigv4.js';

const credentials = {accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY'};
const scope = {region: 'us-east-1', service: 'service', date: new Date('2015-08-30T12:36:00Z')};
const host = 'https://example.amazonaws.com';

// name, request, signed headers and signature as the suite publishes them
const vectors = [
  ['get-vanilla', {method: 'GET', url: `${host}/`}, 'host;x-amz-date',
    '5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31'],
  ['get-vanilla-query-order-key-case', {method: 'GET', url: `${host}/?Param2=value2&Param1=value1`}, 'host;x-amz-date',
    'b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500'],
  ['get-vanilla-query-unreserved', {method: 'GET',
    url: `${host}/?-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz=-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz`},
    'host;x-amz-date', '9c3e54bfcdf0b19771a7f523ee5669cdf59bc7cc0884027167c21bb143a40197'],
  ['get-vanilla-utf8-query', {method: 'GET', url: `${host}/?ሴ=bar`}, 'host;x-amz-date',
    '2cdec8eed098649ff3a119c94853b13c643bcf08f8b0a1d91e12c9027818dd04'],
  ['get-header-value-order', {method: 'GET', url: `${host}/`, headers: {'My-Header1': ['value4', 'value1', 'value3', 'value2']}},
    'host;my-header1;x-amz-date', '08c7e5a9acfcfeb3ab6b2185e75ce8b1deb5e634ec47601a50643f830c755c01'],
  ['get-header-value-trim', {method: 'GET', url: `${host}/`, headers: {'My-Header1': ' value1 ', 'My-Header2': ' "a   b   c"'}},
    'host;my-header1;my-header2;x-amz-date', 'acc3ed3afb60bb290fc8d2dd0098b9911fcaa05412b367055dee359757a9c736'],
  ['post-vanilla', {method: 'POST', url: `${host}/`}, 'host;x-amz-date',
    '5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b'],
  ['post-x-www-form-urlencoded', {method: 'POST', url: `${host}/`, body: 'Param1=value1', headers: {
    'Content-Type': 'application/x-www-form-urlencoded', 'Content-Length': '13',
    'x-amz-content-sha256': '9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d0b6e'}},
  'content-length;content-type;host;x-amz-content-sha256;x-amz-date',
  'd3875051da38690788ef43de4db0d8f280229d82040bfac253562e56c3f20e0b'],
];

for (const fallback of [false, true]) {
  for (const [name, request, signedHeaders, signature] of vectors) {
    test(`${name} (${fallback ? 'plain-JavaScript SHA-256' : 'WebCrypto'})`, async () => {
      const headers = await sign(request, credentials, {...scope, fallback});
      assert.equal(headers['x-amz-date'], '20150830T123600Z');
      assert.equal(headers.authorization, `AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, `
        + `SignedHeaders=${signedHeaders}, Signature=${signature}`);
    });
  }
}

test('the fallback digest agrees with Node\'s on lengths around the block boundaries', () => {
  for (const length of [0, 1, 55, 56, 63, 64, 65, 119, 120, 1000]) {
    const bytes = Uint8Array.from({length}, (_, i) => (i * 31 + 7) & 0xff);
    assert.equal(Buffer.from(sha256(bytes)).toString('hex'), createHash('sha256').update(bytes).digest('hex'));
    const key = Uint8Array.from({length: length % 100}, (_, i) => i);
    assert.equal(Buffer.from(hmacSha256(key, bytes)).toString('hex'), createHmac('sha256', key).update(bytes).digest('hex'));
  }
});
