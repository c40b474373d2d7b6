// The audit before writing, and verify after: both read real accounts over loopback.
import test from 'ava';
import {auditAccounts} from '../source/prepare/audit.js';
import {verifyMigration} from '../source/prepare/verify.js';
import {openSides} from '../source/app/sides.js';
import {runMigration} from '../source/app/migration.js';
import {Journal} from '../source/engine/journal.js';
import {testBed} from './helpers/migration.js';
import {smallDemoAccount} from '../demo-data/generate.js';

const account = smallDemoAccount(40);

test('the audit names duplicates, invalid emails, broken references and empty required fields', async (t) => {
  const bed = await testBed();
  t.teardown(() => bed.close());
  const sides = openSides(bed.plan, {env: bed.env});
  const findings = await auditAccounts(bed.plan, sides.sourceSession, sides.targetSession);
  const of = (kind: string) => findings.filter((f) => f.kind === kind);
  t.is(of('duplicate').filter((f) => f.records[0]!.startsWith('contacts:')).length, 3);
  t.true(of('invalid_email').some((f) => /maria\.gonzalez@@example/.test(f.message)));
  const deleted = account.source.deletedContactIds[0]!;
  t.true(of('broken_reference').some((f) => f.message.includes(`requester #${deleted} no longer exists`)));
  const emptyProduct = account.source.tickets.filter((ticket) => ticket.customFields[account.source.ticketFields.find((f) => f.title === 'Product')!.id] == null);
  t.is(of('empty_required').filter((f) => /"Product" is empty/.test(f.message)).length, emptyProduct.length);
  // The demo plan sets a default for the target's required Region, so it is not a finding.
  t.false(findings.some((f) => /Region/.test(f.message)));
  // Without the default it is.
  const bare = structuredClone(bed.plan);
  bare.fieldMap.defaults = {};
  const again = await auditAccounts(bare, sides.sourceSession, sides.targetSession);
  t.true(again.some((f) => f.kind === 'empty_required' && /requires "Region"/.test(f.message)));
});

test('verify finds no difference after a migration, and finds one made on the target afterwards', async (t) => {
  const bed = await testBed();
  t.teardown(() => bed.close());
  const result = await runMigration({dir: bed.dir, mode: 'demo', env: bed.env});
  t.is(result.status, 'finished');
  const sides = openSides(bed.plan, {env: bed.env});
  const journal = Journal.inFolder(bed.dir);
  t.teardown(() => journal.close());
  const clean = await verifyMigration(journal, sides.sourceSession, sides.targetSession, Infinity, {tagMigrated: bed.plan.options.tagMigrated});
  t.true(clean.checked >= 20);
  t.deepEqual(clean.differences, []);

  // Change one migrated ticket's subject on the target behind ferry's back.
  const row = journal.records({type: 'tickets', status: 'migrated'})[0]!;
  const key = bed.env[Object.keys(bed.demo.env).find((k) => k.startsWith('FERRY_DEMO_TARGET'))!]!;
  const response = await fetch(`${bed.demo.target.url}/api/v2/tickets/${row.targetId}`, {
    method: 'PUT',
    headers: {authorization: `Basic ${Buffer.from(`${key}:X`).toString('base64')}`, 'content-type': 'application/json'},
    body: JSON.stringify({subject: 'Changed on the target'}),
  });
  t.true(response.ok, await response.text());
  const changed = await verifyMigration(journal, sides.sourceSession, sides.targetSession, Infinity);
  t.deepEqual(changed.differences.map((d) => [d.sourceId, d.field, d.target]), [[row.sourceId, 'subject', 'Changed on the target']]);
});

test('verify reads HTML as people do: entities decoded once, so a literal "&lt;" in the text stays text', async (t) => {
  const {plainText} = await import('../source/prepare/verify.js');
  t.is(plainText('<p>Use &amp;lt;b&amp;gt; for bold &amp; more</p>'), 'Use &lt;b&gt; for bold & more');
  t.is(plainText('<p>a&nbsp;&lt;b&gt; &quot;c&quot; &#39;d&#39;</p><!-- ferry-source: x -->'), 'a <b> "c" \'d\'');
});
