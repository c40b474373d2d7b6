// EmulatorOptions.stateFile: an emulator started again on its state file serves what was
// written before (uploaded bytes included), continues its id sequences instead of reusing
// ids, and a demo whose saved account is gone says so instead of serving an empty target.
import test from 'ava';
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {startZendeskEmulator} from '../connectors/zendesk/emulator.js';
import {startFreshdeskEmulator, EMULATOR_ADMIN_KEY} from '../connectors/freshdesk/emulator.js';
import {createDemoFolder, readDemoHost} from '../source/app/demo-folder.js';
import {smallDemoAccount} from '../demo-data/generate.js';
import {startFerry} from './helpers/ferry-process.js';
import {smallAccount} from './zendesk-fixtures.js';

const tmp = () => mkdtempSync(path.join(os.tmpdir(), 'ferry-emulator-state-'));
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 7, 7, 7]);

test('Freshdesk: records and attachment bytes written through the API come back, and new ids continue after them', async (t) => {
  const stateFile = path.join(tmp(), 'target.json');
  const auth = {authorization: `Basic ${Buffer.from(`${EMULATOR_ADMIN_KEY}:X`).toString('base64')}`};
  const first = await startFreshdeskEmulator({seed: 'target', stateFile, rateLimit: {off: true}});
  t.false(first.restored);
  t.is(first.stateFile, stateFile);
  const contact = (await (await fetch(`${first.url}/api/v2/contacts`, {method: 'POST', headers: {...auth, 'content-type': 'application/json'}, body: JSON.stringify({name: 'Ada', email: 'ada@example.test'})})).json()) as {id: number};
  const form = new FormData();
  for (const [name, value] of Object.entries({subject: 'Printer', description: 'It jams', email: 'ada@example.test', status: '2', priority: '1'})) form.append(name, value);
  form.append('attachments[]', new Blob([PNG], {type: 'image/png'}), 'jam.png');
  const created = await fetch(`${first.url}/api/v2/tickets`, {method: 'POST', headers: auth, body: form});
  t.is(created.status, 201, await created.clone().text());
  const ticket = (await created.json()) as {id: number; attachments: Array<{id: number}>};
  await first.close();

  const second = await startFreshdeskEmulator({seed: 'target', stateFile, rateLimit: {off: true}});
  t.teardown(() => second.close());
  t.true(second.restored);
  const again = (await (await fetch(`${second.url}/api/v2/tickets/${ticket.id}`, {headers: auth})).json()) as {subject: string; attachments: Array<{attachment_url: string}>};
  t.is(again.subject, 'Printer');
  t.deepEqual(Buffer.from(await (await fetch(again.attachments[0]!.attachment_url)).arrayBuffer()), PNG);
  const next = (await (await fetch(`${second.url}/api/v2/contacts`, {method: 'POST', headers: {...auth, 'content-type': 'application/json'}, body: JSON.stringify({name: 'Bo', email: 'bo@example.test'})})).json()) as {id: number};
  t.true(next.id > Math.max(contact.id, ticket.id, ticket.attachments[0]!.id), 'ids continue after every id in use');
});

test('Zendesk: an upload and the id counters survive a restart', async (t) => {
  const stateFile = path.join(tmp(), 'source.json');
  const first = await startZendeskEmulator({seed: 'source', account: smallAccount(), stateFile, rateLimit: {off: true}});
  const auth = {authorization: `Basic ${Buffer.from(`${first.credentials.email}/token:${first.credentials.apiToken}`).toString('base64')}`};
  const upload = (await (await fetch(`${first.url}/api/v2/uploads.json?filename=logo.png`, {method: 'POST', headers: {...auth, 'content-type': 'image/png'}, body: PNG})).json()) as {upload: {token: string; attachment: {id: number; content_url: string}}};
  const org = (await (await fetch(`${first.url}/api/v2/organizations.json`, {method: 'POST', headers: {...auth, 'content-type': 'application/json'}, body: JSON.stringify({organization: {name: 'Kept Ltd'}})})).json()) as {organization: {id: number}};
  await first.close();

  const second = await startZendeskEmulator({seed: 'source', account: smallAccount(), stateFile, rateLimit: {off: true}});
  t.teardown(() => second.close());
  t.true(second.restored);
  t.is(second.credentials.apiToken, first.credentials.apiToken, 'the same demo credentials work');
  const found = (await (await fetch(`${second.url}/api/v2/organizations/${org.organization.id}.json`, {headers: auth})).json()) as {organization: {name: string}};
  t.is(found.organization.name, 'Kept Ltd');
  // Served wherever the restored emulator listens now.
  const bytes = await fetch(upload.upload.attachment.content_url.replace(first.url, second.url));
  t.deepEqual(Buffer.from(await bytes.arrayBuffer()), PNG);
  const next = (await (await fetch(`${second.url}/api/v2/organizations.json`, {method: 'POST', headers: {...auth, 'content-type': 'application/json'}, body: JSON.stringify({organization: {name: 'Next Ltd'}})})).json()) as {organization: {id: number}};
  t.true(next.organization.id > org.organization.id);
});

test('a demo folder whose saved account is gone says so, instead of serving a target without the demo\'s records', async (t) => {
  t.timeout(10 * 60_000);
  const dir = tmp();
  await createDemoFolder(dir, {account: smallDemoAccount(12), fast: true});
  rmSync(path.join(dir, 'demo-state', 'target.json'));
  const verify = startFerry(['verify', '--dir', dir], {...process.env, FERRY_DEMO_IDLE_SECONDS: '1'});
  t.is(await verify.exited, 1, verify.output());
  t.regex(verify.output(), /could not be brought back: The freshdesk emulator's saved account .*target\.json is missing: .*ferry demo --fresh --dir/);
});

test('Zendesk: restored at another address, the inline images written into bodies point at the new one', async (t) => {
  const stateFile = path.join(tmp(), 'source.json');
  const first = await startZendeskEmulator({seed: 'source', account: smallDemoAccount(12), stateFile, rateLimit: {off: true}});
  await first.close();
  const second = await startZendeskEmulator({seed: 'source', account: smallDemoAccount(12), stateFile, rateLimit: {off: true}});
  t.teardown(() => second.close());
  t.not(second.url, first.url);
  const tickets = (await (await fetch(`${second.url}/__emulator/records/tickets`)).json()) as Array<{comments: Array<{body: string}>}>;
  const bodies = tickets.flatMap((ticket) => ticket.comments.map((comment) => comment.body)).filter((body) => body.includes('/attachments/token/'));
  t.true(bodies.length > 0, 'the demo account has inline images');
  t.true(bodies.every((body) => body.includes(`${second.url}/attachments/token/`) && !body.includes(first.url)));
});

test('a demo platform whose emulator keeps no state serves the demo once, then is named with why the demo cannot be reopened', async (t) => {
  t.timeout(10 * 60_000);
  const dir = tmp();
  await createDemoFolder(dir, {account: smallDemoAccount(12), fast: true});
  // What createDemoFolder writes for an emulator that does not honour EmulatorOptions.stateFile.
  const specFile = path.join(dir, 'demo.json');
  const spec = JSON.parse(readFileSync(specFile, 'utf8'));
  delete spec.target.stateFile;
  writeFileSync(specFile, JSON.stringify(spec));
  const env = {...process.env, FERRY_DEMO_IDLE_SECONDS: '1'};
  const first = startFerry(['audit', '--dir', dir], env);
  t.is(await first.exited, 0, first.output());
  // Its emulators stop (idle); the target's account, kept nowhere, is gone with them.
  for (let i = 0; i < 100 && readDemoHost(dir); i++) await new Promise((r) => setTimeout(r, 100));
  const again = startFerry(['audit', '--dir', dir], env);
  t.is(await again.exited, 1, again.output());
  t.regex(again.output(), /The Freshdesk emulator keeps no state between processes \(it does not honour EmulatorOptions\.stateFile yet\).*cannot be reopened\. Start a new one with ferry demo --fresh --dir /);
});
