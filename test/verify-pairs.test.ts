// `ferry verify` is a check an operator can trust: a complete migration with no faults verifies with
// exit 0 on the pairs where it raised false alarms (a Freshdesk source's inline images read as 0 B;
// Help Scout's and Freshservice's notes after a second full run rewrote the journal), while a lost
// attachment still shows.
import test from 'ava';
import {mkdtempSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {Writable} from 'node:stream';
import {testBed} from './helpers/migration.js';
import {runMigration} from '../source/app/migration.js';
import {verifyCommand} from '../source/cli/verify.js';
import {unmatchedAttachments} from '../source/prepare/verify.js';
import type {Attachment} from '../source/contracts/model.js';
import {freshserviceConnector} from '../connectors/freshservice/index.js';
import {createHttpClient} from '../source/platform/http-client.js';
import {testWriteContext} from './helpers/write-context.js';

const file = (fileName: string, size: number): Attachment => ({id: fileName + size, fileName, contentType: 'image/png', size, url: 'x', inline: size === 0});

test('attachments match one to one: by size, or by name where the source could not tell the size; a missing twin shows', (t) => {
  t.deepEqual(unmatchedAttachments([file('inline-image', 0), file('a.png', 5)], [file('a.png', 5), file('inline-image', 812)]), []);
  t.deepEqual(unmatchedAttachments([file('shot.png', 11), file('shot.png', 11)], [file('shot.png', 11)]).length, 1, 'two same-sized files need two on the target');
  t.deepEqual(unmatchedAttachments([file('inline-image', 0)], [file('other.png', 812)]).map((x) => x.fileName), ['inline-image']);
});

async function verify(dir: string, env: NodeJS.ProcessEnv) {
  let text = '';
  const stream = new Writable({write: (chunk, _encoding, done) => ((text += String(chunk)), done())});
  const code = await verifyCommand(['--dir', dir], {stdout: stream, stderr: stream, env, cwd: os.tmpdir()});
  return {code, text};
}

for (const [source, target] of [['freshdesk', 'helpscout'], ['freshdesk', 'zendesk'], ['zendesk', 'freshservice'], ['zendesk', 'helpscout']] as const) {
  test.serial(`${source} -> ${target}: two full runs with no faults verify with exit 0`, async (t) => {
    t.timeout(240_000);
    const bed = await testBed({sourcePlatform: source, targetPlatform: target, tickets: 15});
    t.teardown(() => bed.close());
    bed.env.FERRY_HOME = mkdtempSync(path.join(os.tmpdir(), 'ferry-verify-pairs-'));
    for (const run of [1, 2]) {
      const result = await runMigration({dir: bed.dir, mode: 'full', env: bed.env});
      t.is(result.status, 'finished', `run ${run}: ${result.message}`);
    }
    const verified = await verify(bed.dir, bed.env);
    t.is(verified.code, 0, verified.text.slice(0, 3000));
  });
}

test.serial('a ticket written twice on the target is counted by its marker: verify exits 3 and says so', async (t) => {
  t.timeout(240_000);
  const bed = await testBed({sourcePlatform: 'zendesk', targetPlatform: 'freshservice', tickets: 12});
  t.teardown(() => bed.close());
  bed.env.FERRY_HOME = mkdtempSync(path.join(os.tmpdir(), 'ferry-verify-pairs-'));
  t.is((await runMigration({dir: bed.dir, mode: 'full', env: bed.env})).status, 'finished');
  t.is((await verify(bed.dir, bed.env)).code, 0);
  // A second copy of one migrated ticket, marker and all, as a blind resend would leave it.
  const row = bed.journal((journal) => journal.records({type: 'tickets', status: 'migrated'}))[0]!;
  const running = bed.demo.target;
  const settings = {baseUrl: running.url, authKind: 'apikey', credentials: {apiKey: running.credentials.apiKey!}};
  const http = createHttpClient({side: 'target', platform: 'Freshservice', baseUrl: running.url, budget: {requestsPerMinute: Infinity}, headers: freshserviceConnector.rateLimitHeaders, authHeaders: freshserviceConnector.authHeaders(settings), describeError: freshserviceConnector.describeError, maxAttempts: 2});
  const target = freshserviceConnector.openTarget(settings, http);
  const copy = (await target.get('tickets', row.targetId!))!;
  await target.create('tickets', {...copy, comments: copy.comments.slice(0, 1)}, testWriteContext(`zendesk:tickets:${row.sourceId}`));
  // The filter sees a new ticket once it is indexed (the emulator's filterLagMs): wait for it, bounded.
  let verified = await verify(bed.dir, bed.env);
  for (const started = Date.now(); verified.code !== 3 && Date.now() - started < 60_000; verified = await verify(bed.dir, bed.env)) await new Promise((resolve) => setTimeout(resolve, 500));
  t.is(verified.code, 3, verified.text);
  t.regex(verified.text, /1 duplicated \(counted by marker\)/);
  t.regex(verified.text, new RegExp(`tickets #${row.sourceId} -> #${row.targetId}  duplicate`));
});
