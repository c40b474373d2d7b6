// ferry verify and the differences a migration announced: a difference a record's own journal note
// (the target's write-time notes) or the target's platform limitations explain is listed as
// "expected: <the note>", counted apart, and does not make exit 3; any other still does.
import test from 'ava';
import {mkdtempSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {Writable} from 'node:stream';
import {testBed} from './helpers/migration.js';
import {runMigration} from '../source/app/migration.js';
import {verifyCommand} from '../source/cli/verify.js';
import {explainedBy} from '../source/prepare/verify.js';
import {platformLimitations} from '../source/engine/outcomes.js';
import {findConnector} from '../source/app/registry.js';

test('one rule for every target: a note explains the field it names with the value it quotes; a limitation, the field it names', (t) => {
  const priority = 'Help Scout conversations have no priority: "urgent" was not kept.';
  t.is(explainedBy('priority', ['urgent'], [priority]), priority);
  t.is(explainedBy('priority', ['high'], [priority]), undefined, 'a note about another value explains nothing');
  t.is(explainedBy('subject', ['Printer on fire'], [priority]), undefined);
  const task = 'Freshdesk has no "Task" ticket type: the type was left empty.';
  t.is(explainedBy('type', ['task'], [task]), task, 'values are compared without case');
  t.is(explainedBy('status', ['solved', 'solved'], ['Help Scout has no "solved" status: written as closed.']), 'Help Scout has no "solved" status: written as closed.');
  // Request Tracker never keeps ticket types: its platform limitation explains every record's type.
  const rt = platformLimitations(findConnector('request-tracker'));
  t.true(/ticket types/.test(explainedBy('type', ['incident'], [], rt) ?? ''), rt.join(' | '));
  t.is(explainedBy('priority', ['urgent'], [], rt), undefined);
});

test('a limitation about another kind of record explains nothing: Intercom keeps no article tags, which does not excuse a ticket that lost its tags', (t) => {
  const intercom = platformLimitations(findConnector('intercom'));
  t.true(intercom.some((limitation) => /article tags/.test(limitation)), intercom.join(' | '));
  t.is(explainedBy('tags', ['billing'], [], intercom, 'tickets'), undefined);
  t.regex(explainedBy('tags', ['billing'], [], intercom, 'kb_articles') ?? '', /article tags/);
  // Named for this record type, or bare, a limitation still explains the field.
  t.regex(explainedBy('priority', ['urgent'], [], intercom, 'tickets') ?? '', /ticket priorities/);
  t.is(explainedBy('tags', ['x'], [], ['Acme Desk keeps no tags'], 'tickets'), 'Acme Desk keeps no tags');
});

function capture() {
  let text = '';
  const stream = new Writable({write: (chunk, _encoding, done) => ((text += String(chunk)), done())});
  return {stream, text: () => text};
}

async function verify(dir: string, env: NodeJS.ProcessEnv, ...args: string[]) {
  const stdout = capture();
  const stderr = capture();
  const code = await verifyCommand(['--dir', dir, ...args], {stdout: stdout.stream, stderr: stderr.stream, env, cwd: os.tmpdir()});
  return {code, stdout: stdout.text(), stderr: stderr.text()};
}

test('Zendesk -> Help Scout: an urgent ticket verifies with exit 0, its priority listed as expected; a subject changed on the target still exits 3', async (t) => {
  t.timeout(10 * 60_000);
  const bed = await testBed({targetPlatform: 'helpscout', tickets: 20});
  t.teardown(() => bed.close());
  bed.env.FERRY_HOME = mkdtempSync(path.join(os.tmpdir(), 'ferry-verify-home-'));
  const run = await runMigration({dir: bed.dir, mode: 'demo', env: bed.env});
  t.is(run.status, 'finished', run.message);
  const urgent = bed.journal((journal) => journal.records({type: 'tickets', status: 'migrated'})).find((row) => /no priority: "urgent"/.test(row.reason ?? ''))!;
  t.truthy(urgent, 'the demo has an urgent ticket, written with its note');

  const clean = await verify(bed.dir, bed.env);
  t.is(clean.code, 0, clean.stdout + clean.stderr);
  t.regex(clean.stdout, /: 0 differences, 0 missing on the target, 0 duplicated \(counted by marker\) \(and \d+ expected: the migration said so\)/);
  t.true(
    clean.stdout.includes(`tickets #${urgent.sourceId} -> #${urgent.targetId}  priority: source "urgent", target "normal"  expected: Help Scout conversations have no priority: "urgent" was not kept.`),
    clean.stdout,
  );
  const json = JSON.parse((await verify(bed.dir, bed.env, '--json')).stdout) as {differences: unknown[]; expected: Array<{sourceId: string; field: string; expected: string}>};
  t.deepEqual(json.differences, []);
  t.true(json.expected.some((d) => d.sourceId === urgent.sourceId && d.field === 'priority' && d.expected === 'Help Scout conversations have no priority: "urgent" was not kept.'));
  // Every expected difference quotes a note of its own record (or a limitation of the target).
  const reasons = new Map(bed.journal((journal) => journal.records({type: 'tickets'})).map((row) => [row.sourceId, row.reason ?? '']));
  for (const d of json.expected) t.true(reasons.get(d.sourceId)!.includes(d.expected), `${d.sourceId} ${d.field}: ${d.expected}`);

  // The urgent ticket's subject changed in Help Scout behind ferry's back (Update Conversation, JSON Patch).
  const {appId, appSecret} = bed.demo.target.credentials;
  const token = (await (await fetch(`${bed.demo.target.url}/v2/oauth2/token`, {method: 'POST', headers: {'content-type': 'application/json'}, body: JSON.stringify({grant_type: 'client_credentials', client_id: appId, client_secret: appSecret})})).json()) as {access_token: string};
  const patched = await fetch(`${bed.demo.target.url}/v2/conversations/${urgent.targetId}`, {
    method: 'PATCH',
    headers: {authorization: `Bearer ${token.access_token}`, 'content-type': 'application/json'},
    body: JSON.stringify({op: 'replace', path: '/subject', value: 'Changed on the target'}),
  });
  t.true(patched.ok, await patched.text());
  const differs = await verify(bed.dir, bed.env);
  t.is(differs.code, 3, differs.stdout);
  t.regex(differs.stdout, /: 1 difference, 0 missing on the target, 0 duplicated \(counted by marker\) \(and \d+ expected/);
  t.true(differs.stdout.includes(`tickets #${urgent.sourceId} -> #${urgent.targetId}  subject: source "`) && differs.stdout.includes('target "Changed on the target"\n'), differs.stdout);
  t.true(differs.stdout.includes('priority: source "urgent", target "normal"  expected: '), 'the expected difference is still listed, apart');
  t.regex(differs.stderr, /1 difference between source and target \(exit code 3\)/);
});
