// The Fields screen's dry run uses the run's own mapping: over the tickets a demo run
// takes, it predicts exactly the tickets the run then fails for a required field,
// and every required target field is known before the first run.
import test from 'ava';
import os from 'node:os';
import {testBed} from './helpers/migration.js';
import {openSides} from '../source/app/sides.js';
import {collect} from '../source/engine/engine.js';
import {previewTicketMapping} from '../source/app/console/mapping-preview.js';
import {requiredTargetFields} from '../source/app/console/required-fields.js';
import {executeRun} from '../source/cli/run.js';

test('the dry run over the demo\'s tickets fails the same tickets for required fields as the run', async (t) => {
  const bed = await testBed({tickets: 40});
  t.teardown(() => bed.close());
  // The demo target requires "Region" (a default is set) and the run creates the source's required "Product".
  const {sourceSession, targetSession, target} = openSides(bed.plan, {env: bed.env});
  const [sourceFields, targetFields] = await Promise.all([collect(sourceSession.read('ticket_fields', {filter: {}})), targetSession.list('ticket_fields')]);
  const required = requiredTargetFields(sourceFields, targetFields, bed.plan).map((f) => `${f.title}:${f.origin}`);
  t.true(required.includes('Region:target'), required.join(', '));
  t.true(required.includes('Product:created'), 'a required field the run creates is known before the first run');

  const tickets = (await collect(sourceSession.read('tickets', {filter: {}}))).slice(0, bed.plan.demo.tickets);
  const preview = await previewTicketMapping(tickets, sourceFields, targetFields, bed.plan, target.connector.limits, bed.plan.source.platform);
  const predicted = preview.failures.filter((f) => /required target field/.test(f.reason)).flatMap((f) => f.ticketIds).sort();
  t.true(predicted.length > 0, 'the demo account has tickets without the required Product');

  const io = {stdout: {write: () => true} as unknown as NodeJS.WritableStream, stderr: {write: () => true} as unknown as NodeJS.WritableStream, env: bed.env, cwd: os.tmpdir()};
  t.is(await executeRun({dir: bed.dir, mode: 'demo', json: true}, io), 0);
  const failedForRequired = bed.journal((journal) => journal.records({status: 'failed', type: 'tickets'}).filter((r) => /required target field/.test(r.reason ?? '')).map((r) => r.sourceId).sort());
  t.deepEqual(predicted, failedForRequired);
  t.is(preview.required['Product']?.failing, predicted.length);
});
