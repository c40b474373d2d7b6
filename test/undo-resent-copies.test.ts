// Undo removes every copy of a record ferry created, not only the one its journal names: a create
// whose first send was still on its way when ferry looked for it (an answer slowed past the timeout
// on a loaded machine, a big upload) is found by nobody, sent again, and then applied as well. Seen
// in undo.test.ts (Freshservice, load ~20): a ticket and the requester ferry created for it stayed,
// the requester kept because the copy still named it. Here a proxy makes that happen exactly once:
// the first ticket create for a requester ferry made is cut off unapplied and reaches the target
// only once ferry's re-send of it has been applied. No timers decide anything.
import test from 'ava';
import http from 'node:http';
import type {AddressInfo} from 'node:net';
import {testBed} from './helpers/migration.js';
import {snapshotTarget, differences} from './helpers/target-snapshot.js';
import {getJson} from './helpers/get-json.js';
import {runMigration} from '../source/app/migration.js';
import {runUndo} from '../source/app/undo.js';

interface Held {
  url: string;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  marker: string;
}

/** Holds back the first POST /api/v2/tickets `holds` accepts (its connection cut, nothing forwarded) until the
 * re-send with the same marker is applied, or with `manual` until the test calls release() (after the run). */
async function lateFirstSend(upstream: string, holds: (body: string) => boolean, manual = false) {
  const target = new URL(upstream);
  const state: {held?: Held; late?: number; resent?: Held} = {};
  const forward = (method: string, url: string, headers: http.IncomingHttpHeaders, body: Buffer) =>
    new Promise<{status: number; headers: http.IncomingHttpHeaders; body: Buffer}>((resolve, reject) => {
      const out = http.request({host: target.hostname, port: target.port, method, path: url, headers: {...headers, host: target.host}}, (answer) => {
        const chunks: Buffer[] = [];
        answer.on('data', (chunk: Buffer) => chunks.push(chunk));
        answer.on('end', () => resolve({status: answer.statusCode ?? 502, headers: answer.headers, body: Buffer.concat(chunks)}));
      });
      out.on('error', reject);
      out.end(body);
    });
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', async () => {
      const body = Buffer.concat(chunks);
      const text = body.toString('utf8');
      const creates = request.method === 'POST' && (request.url ?? '').split('?')[0] === '/api/v2/tickets';
      const marker = /ferry-source: (\S+) -->/.exec(text)?.[1] ?? '';
      if (creates && state.late === undefined && !state.held && holds(text)) {
        state.held = {url: request.url!, headers: request.headers, body, marker};
        request.socket.destroy();
        return;
      }
      const answer = await forward(request.method!, request.url!, request.headers, body);
      if (creates && state.held && marker === state.held.marker && answer.status === 201) {
        const held = state.held;
        state.held = undefined;
        if (manual) state.resent = held;
        else state.late = (await forward('POST', held.url, held.headers, held.body)).status;
      }
      const headers = {...answer.headers};
      delete headers['transfer-encoding'];
      delete headers.connection;
      response.writeHead(answer.status, {...headers, 'content-length': String(answer.body.length)}).end(answer.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    state,
    /** Applies the held first send now (manual). */
    release: async () => {
      const held = state.resent!;
      state.resent = undefined;
      state.late = (await forward('POST', held.url, held.headers, held.body)).status;
    },
    close: () => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
}

const markersOn = async (url: string) => (await getJson<Array<{id: number; description: string}>>(`${url}/__emulator/raw/tickets`)).map((ticket) => ({id: String(ticket.id), marker: /ferry-source: (\S+) -->/.exec(ticket.description)?.[1]})).filter((ticket) => ticket.marker);

test('freshservice: a ticket create applied after ferry looked for it and sent it again: the run removes the copy, and the target holds each ticket once', async (t) => {
  t.timeout(180_000);
  const bed = await testBed({tickets: 20, targetPlatform: 'freshservice', sourcePlatform: 'zendesk'});
  const proxy = await lateFirstSend(bed.demo.target.url, () => true);
  t.teardown(async () => {
    await proxy.close();
    await bed.close();
  });
  bed.savePlan((plan) => (plan.target.url = proxy.url));
  const demo = await runMigration({dir: bed.dir, mode: 'demo', env: bed.env});
  t.is(demo.status, 'finished', demo.message);
  t.is(proxy.state.late, 201, 'the first send was applied after the re-send');
  const held = await markersOn(bed.demo.target.url);
  const markers = held.map((ticket) => ticket.marker);
  t.is(markers.length, new Set(markers).size, `each ticket once: ${JSON.stringify(held)}`);
  // The one kept is the one the journal names (its notes were written to it).
  const tickets = bed.journal((journal) => journal.records({type: 'tickets'}).filter((row) => row.status === 'migrated'));
  t.deepEqual(held.map((ticket) => ticket.id).sort(), tickets.map((row) => row.targetId!).sort());
  t.regex(`${demo.message ?? ''} ${tickets.map((row) => row.reason).join(' ')}`, /removed a copy \(#\d+\) left by a create sent twice/);
});

test('freshservice: a ticket create applied after ferry looked for it and sent it again leaves two tickets; undo removes both, and the requester ferry created for them', async (t) => {
  t.timeout(180_000);
  const bed = await testBed({tickets: 20, targetPlatform: 'freshservice', sourcePlatform: 'zendesk'});
  const before = await snapshotTarget(bed.demo.target.url, 'freshservice');
  const had = new Set((before['raw/requesters'] as Array<{id: number}>).map((requester) => String(requester.id)));
  // A ticket whose requester ferry created (not one it linked to), as in the failure.
  const proxy = await lateFirstSend(bed.demo.target.url, (body) => {
    const requester = /"requester_id":(\d+)/.exec(body)?.[1] ?? /name="requester_id"\r\n\r\n(\d+)/.exec(body)?.[1];
    return Boolean(requester && !had.has(requester));
  }, true);
  t.teardown(async () => {
    await proxy.close();
    await bed.close();
  });
  bed.savePlan((plan) => {
    plan.target.url = proxy.url;
    plan.options.undoPermanently = true;
  });
  const demo = await runMigration({dir: bed.dir, mode: 'demo', env: bed.env});
  t.is(demo.status, 'finished', demo.message);
  // The first send lands after the run, past its own check for copies.
  await proxy.release();
  t.is(proxy.state.late, 201, 'the first send was applied after the re-send');
  const held = await getJson<Array<{id: number; description: string}>>(`${bed.demo.target.url}/__emulator/raw/tickets`);
  const markers = held.map((ticket) => /ferry-source: (\S+) -->/.exec(ticket.description)?.[1]).filter(Boolean);
  t.true(markers.length > new Set(markers).size, 'the target holds the ticket twice');
  // The undo comes minutes later on a real account: Filter Tickets has indexed every ticket by then
  // (the emulator's filter otherwise hides tickets made in the last 2 s, and this demo takes less).
  await fetch(`${bed.demo.target.url}/__emulator/features`, {method: 'POST', headers: {'content-type': 'application/json'}, body: JSON.stringify({filterLagMs: 0})});
  const result = await runUndo({dir: bed.dir, selector: {mode: 'demo'}, env: bed.env});
  t.is(result.status, 'finished', result.message);
  t.deepEqual(result.items.filter((item) => item.outcome === 'kept' || item.outcome === 'failed'), []);
  t.true(result.items.some((item) => item.type === 'tickets' && /also removed a copy a re-sent create left/.test(item.reason ?? '')));
  t.deepEqual(differences(before, await snapshotTarget(bed.demo.target.url, 'freshservice')), []);
  t.is(bed.journal((journal) => journal.createdRecords().length), 0);
});
