// Ticket history (audits) from a Zendesk source for options.eventsAsNotes: read only when the
// plan asks, turned into the neutral ticket.events, and written as private notes on the target.
import test from 'ava';
import {startZendeskEmulator} from '../connectors/zendesk/emulator.js';
import {openZendeskSource} from '../connectors/zendesk/source-session.js';
import type {HttpRequest} from '../source/contracts/http.js';
import type {Ticket} from '../source/contracts/model.js';
import {runMigration} from '../source/app/migration.js';
import {clientFor, settingsFor, smallAccount} from './zendesk-fixtures.js';
import {testBed} from './helpers/migration.js';

async function readTickets(eventsAsNotes: boolean) {
  const emulator = await startZendeskEmulator({seed: 'source', account: smallAccount(), rateLimit: {off: true}});
  try {
    const settings = {...settingsFor(emulator), options: {eventsAsNotes}};
    const inner = clientFor(settings);
    const sent: HttpRequest[] = [];
    const http = {request: (request: HttpRequest) => (sent.push(request), inner.request(request))} as typeof inner;
    const tickets: Ticket[] = [];
    for await (const page of openZendeskSource(settings, http).read('tickets', {filter: {}})) tickets.push(...(page.records as Ticket[]));
    const one = await openZendeskSource(settings, http).get('tickets', tickets[1]!.id);
    return {tickets, one, audits: sent.filter((request) => /\/audits/.test(request.url))};
  } finally {
    await emulator.close();
  }
}

test('with eventsAsNotes the ticket audits become events, one line per change', async (t) => {
  const {tickets, one, audits} = await readTickets(true);
  t.true(audits.length >= tickets.length);
  const open = tickets.find((ticket) => ticket.status === 'open')!;
  t.deepEqual(open.events!.map((event) => event.description), ['Status changed from new to open']);
  t.truthy(open.events![0]!.createdAt);
  t.is(tickets.find((ticket) => ticket.status === 'new')!.events!.length, 0);
  t.truthy(one?.events, 'a ticket read by id has its events too');
});

test('without eventsAsNotes no audit is read', async (t) => {
  const {tickets, audits} = await readTickets(false);
  t.deepEqual(audits, []);
  t.true(tickets.every((ticket) => ticket.events === undefined));
});

test('a migration with eventsAsNotes writes the Zendesk history as private notes on the target', async (t) => {
  const bed = await testBed({tickets: 40});
  t.teardown(() => bed.close());
  bed.savePlan((plan) => {
    plan.options.eventsAsNotes = true;
  });
  const result = await runMigration({dir: bed.dir, mode: 'full', env: bed.env});
  t.is(result.status, 'finished', result.message);
  const targetTickets = await bed.targetRecords<Ticket>('tickets');
  const notes = targetTickets.flatMap((ticket) => ticket.comments).filter((comment) => comment.body.includes('Event: Status changed'));
  t.true(notes.length > 0);
  t.true(notes.every((note) => !note.public));
});
