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
