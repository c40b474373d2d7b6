// What well-known Zendesk clients use that ferry does not, served by the emulator so another
// tool can be pointed at it: time-based incremental exports and uploads whose Content-Type is
// not the file's (JSON clients) or that come as multipart form data.
import test from 'ava';
import {startZendeskEmulator} from '../connectors/zendesk/emulator.js';
import type {RunningEmulator} from '../source/contracts/connector.js';
import {smallAccount} from './zendesk-fixtures.js';

let emulator: RunningEmulator;
const account = smallAccount();
test.before(async () => {
  emulator = await startZendeskEmulator({seed: 'source', account, rateLimit: {off: true}});
});
test.after.always(() => emulator.close());

const auth = () => ({authorization: `Basic ${Buffer.from(`${emulator.credentials.email}/token:${emulator.credentials.apiToken}`).toString('base64')}`});
const get = async (url: string) => {
  const response = await fetch(url.startsWith('http') ? url : `${emulator.url}${url}`, {headers: auth()});
  return {status: response.status, body: (await response.json()) as any};
};

test('time-based ticket export: start_time, per_page, next_page and end_time until end_of_stream', async (t) => {
  const ids: number[] = [];
  let page = await get('/api/v2/incremental/tickets.json?start_time=0&per_page=3');
  for (let guard = 0; guard < 20; guard++) {
    t.is(page.status, 200);
    t.is(page.body.count, page.body.tickets.length);
    t.is(typeof page.body.end_time, 'number');
    ids.push(...page.body.tickets.map((ticket: {id: number}) => ticket.id));
    if (page.body.end_of_stream) break;
    t.regex(page.body.next_page, /start_time=\d+/);
    page = await get(page.body.next_page);
  }
  t.true(page.body.end_of_stream);
  t.is(page.body.next_page, null);
  t.is(new Set(ids).size, account.source.tickets.length, 'every ticket (one may come twice at a page boundary, as documented)');
});

test('time-based user export, and the documented refusals of a missing or too recent start_time', async (t) => {
  const users = await get('/api/v2/incremental/users.json?start_time=0');
  t.is(users.status, 200);
  t.true(users.body.users.length >= account.source.agents.length + account.source.contacts.length);
  t.true(users.body.end_of_stream);
  t.is((await get('/api/v2/incremental/tickets.json')).status, 400);
  t.is((await get(`/api/v2/incremental/tickets.json?start_time=${Math.floor(Date.now() / 1000)}`)).status, 400);
});

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);

async function bytesOf(contentUrl: string) {
  return Buffer.from(await (await fetch(contentUrl)).arrayBuffer());
}

test('an upload labelled application/json (a JSON client) keeps the file bytes and is typed by its name', async (t) => {
  const response = await fetch(`${emulator.url}/api/v2/uploads.json?filename=logo.png`, {method: 'POST', headers: {...auth(), 'content-type': 'application/json'}, body: PNG});
  t.is(response.status, 201);
  const {upload} = (await response.json()) as {upload: {token: string; attachment: {content_type: string; content_url: string; size: number}}};
  t.is(upload.attachment.content_type, 'image/png');
  t.is(upload.attachment.size, PNG.length);
  t.deepEqual(await bytesOf(upload.attachment.content_url), PNG);
});

test('a multipart upload stores the file part, not the form around it', async (t) => {
  const form = new FormData();
  form.append('uploaded_data', new Blob([PNG], {type: 'image/png'}), 'logo.png');
  const response = await fetch(`${emulator.url}/api/v2/uploads.json?filename=logo.png`, {method: 'POST', headers: auth(), body: form});
  t.is(response.status, 201);
  const {upload} = (await response.json()) as {upload: {attachment: {content_type: string; content_url: string}}};
  t.is(upload.attachment.content_type, 'image/png');
  t.deepEqual(await bytesOf(upload.attachment.content_url), PNG);
});
