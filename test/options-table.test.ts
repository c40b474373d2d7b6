// Issue 20 Rule 1: every option the plan accepts changes what lands on the target. One row per
// option (the table below): the option set, a full migration on the emulators (Zendesk to
// Freshdesk; closedTicketUpdates needs a Zendesk target), and the effect it must have compared
// with the same migration at the defaults. An option the plan accepts with no row here fails
// the first test, so an option nothing reads cannot go unnoticed.
import test from 'ava';
import '../source/app/registry.js';
import {KNOWN_KEYS, type Plan} from '../source/plan/plan.js';
import {runMigration} from '../source/app/migration.js';
import {runUndo} from '../source/app/undo.js';
import {findConnector} from '../source/app/registry.js';
import {testBed, type Bed} from './helpers/migration.js';
import {smallDemoAccount} from '../demo-data/generate.js';
import type {JournalRecord} from '../source/engine/journal.js';
import {OPTION_ROWS} from '../views/screens/Options.js';

const account = smallDemoAccount(40);

interface Landed {
  tickets: any[];
  contacts: any[];
  organizations: any[];
  fields: any[];
  journal: JournalRecord[];
}

const comments = (landed: Landed) => landed.tickets.flatMap((ticket) => ticket.comments as Array<{body: string; public: boolean; attachments: unknown[]}>);
const attachments = (landed: Landed) => comments(landed).flatMap((comment) => comment.attachments).length;
const reasons = (landed: Landed, pattern: RegExp) => landed.journal.filter((row) => pattern.test(row.reason ?? '')).length;

interface Row {
  /** What the option does, as the Options screen and README say it */
  effect: string;
  set: Partial<Plan['options']>;
  check(t: any, landed: Landed, base: Landed): void;
  /** A row that needs its own migration (not a full run from Zendesk to Freshdesk) */
  run?: (t: any, set: Partial<Plan['options']>) => Promise<Landed>;
}

const northwind = account.source.organizations.find((org) => org.name === 'Northwind Logistics')!;

const TABLE: Record<string, Row> = {
  tagMigrated: {
    effect: 'this tag on every migrated ticket',
    set: {tagMigrated: 'moved-by-ferry'},
    check(t, landed, base) {
      t.true(base.tickets.every((ticket) => ticket.tags.includes('ferry-migrated')));
      t.true(landed.tickets.length > 0 && landed.tickets.every((ticket) => ticket.tags.includes('moved-by-ferry') && !ticket.tags.includes('ferry-migrated')));
    },
  },
  sourceIdInSubject: {
    effect: 'the source ticket id in each subject',
    set: {sourceIdInSubject: true},
    check(t, landed, base) {
      t.false(base.tickets.some((ticket) => ticket.subject.startsWith('[zendesk #')));
      t.true(landed.tickets.every((ticket) => /^\[zendesk #\d+\] /.test(ticket.subject)));
    },
  },
  ccTo: {
    effect: '"drop": CC addresses are not written (the default "note" writes them in a private note)',
    set: {ccTo: 'drop'},
    check(t, landed, base) {
      t.true(comments(base).some((comment) => comment.body.includes('CC on the original ticket')));
      t.false(comments(landed).some((comment) => comment.body.includes('CC on the original ticket')));
    },
  },
  ccField: {
    effect: 'with ccTo "field", the CC addresses in this target field',
    set: {ccTo: 'field', ccField: 'App version'},
    check(t, landed, base) {
      const field = landed.fields.find((f) => f.title === 'App version')!;
      const holding = (l: Landed) => l.tickets.filter((ticket) => String(ticket.customFields[field.id] ?? '').includes('@')).length;
      t.is(holding(base), 0);
      t.is(holding(landed), account.source.tickets.filter((ticket) => ticket.ccEmails.length && landed.journal.some((row) => row.type === 'tickets' && row.sourceId === ticket.id && row.status === 'migrated')).length);
      t.true(holding(landed) > 0);
    },
  },
  eventsAsNotes: {
    effect: 'each ticket event as a private note',
    set: {eventsAsNotes: true},
    check(t, landed, base) {
      t.false(comments(base).some((comment) => comment.body.includes('Event: ')));
      t.true(comments(landed).some((comment) => !comment.public && comment.body.includes('Event: ')));
    },
  },
  skipAttachments: {
    effect: 'attachments are left out (inline images still move)',
    set: {skipAttachments: true},
    check(t, landed, base) {
      t.true(attachments(landed) < attachments(base));
      t.true(reasons(landed, /left out \(options\.skipAttachments\)/) > 0);
      t.is(reasons(landed, /options\.skipInlineImages/), 0);
    },
  },
  skipInlineImages: {
    effect: 'inline images are left out (attachments still move)',
    set: {skipInlineImages: true},
    check(t, landed, base) {
      t.true(attachments(landed) < attachments(base));
      t.true(attachments(landed) > 0);
      t.true(reasons(landed, /inline image .* left out \(options\.skipInlineImages\)/) > 0);
    },
  },
  migrateInactiveUsers: {
    effect: 'inactive contacts no ticket references move too',
    set: {migrateInactiveUsers: true},
    run: (t, set) => fullRun(t, set, withUnreferencedInactiveContact()),
    check(t, landed, base) {
      t.true(reasons(base, /^inactive user; enable options\.migrateInactiveUsers/) > 0);
      t.is(reasons(landed, /^inactive user; enable options\.migrateInactiveUsers/), 0);
      t.true(landed.contacts.length > base.contacts.length);
    },
  },
  matchExisting: {
    effect: 'false: contacts and organizations the target already has are not linked: ferry creates them, and Freshdesk refuses a second one with the same email or name',
    set: {matchExisting: false},
    check(t, landed, base) {
      const already = account.target.contacts.length + account.target.organizations.length;
      t.is(reasons(base, /^linked to existing target (contact|organization)/), already);
      t.is(reasons(landed, /^linked to existing target (contact|organization)/), 0);
      t.is(landed.journal.filter((row) => row.status === 'failed' && /^(contact|company) .*409 Validation failed: (email|name): It should be a unique value/.test(row.reason ?? '')).length, already);
    },
  },
  updateExisting: {
    effect: 'linked contacts and organizations take the source values',
    set: {updateExisting: true},
    check(t, landed, base) {
      const org = (l: Landed) => l.organizations.find((o) => o.name === northwind.name);
      t.is(org(base).notes, undefined);
      t.is(org(landed).notes, northwind.notes);
      t.not(org(landed).updatedAt, org(base).updatedAt);
    },
  },
  fallbackRequester: {
    effect: 'tickets whose requester cannot move get this requester',
    set: {fallbackRequester: account.target.agents[0]!.email},
    check(t, landed, base) {
      t.true(reasons(base, /set options\.fallbackRequester/) > 0);
      t.is(reasons(landed, /set options\.fallbackRequester/), 0);
      t.true(reasons(landed, /fallback requester used/) > 0);
    },
  },
  closedTicketUpdates: {
    effect: '"skip": a delta change to a ticket the target closed is not written (the default "followup" writes a follow-up ticket)',
    set: {closedTicketUpdates: 'skip'},
    run: closedTicketRun,
    check(t, landed, base) {
      t.is(base.tickets.length, landed.tickets.length + 1, 'the default wrote one follow-up ticket, "skip" none');
      t.true(reasons(landed, /options\.closedTicketUpdates is "skip"/) > 0);
    },
  },
  undoPermanently: {
    effect: 'ferry undo deletes for good where the target can (on Freshdesk a contact is hard deleted; by default soft deleted, its email still taken)',
    set: {undoPermanently: true},
    run: undoThenDemoAgain,
    check(t, landed, base) {
      const failedContacts = (l: Landed) => l.journal.filter((row) => row.type === 'contacts' && row.status === 'failed').length;
      t.true(failedContacts(base) > failedContacts(landed), `after a default undo the second demo's contacts are refused (${failedContacts(base)} failed), after a permanent one they are not (${failedContacts(landed)})`);
      t.true(landed.contacts.length > 0);
    },
  },
};

/** A demo, `ferry undo --mode demo`, then the same demo again: what the second one could write. */
async function undoThenDemoAgain(t: any, set: Partial<Plan['options']>): Promise<Landed> {
  const bed = await testBed({account});
  t.teardown(() => bed.close());
  bed.savePlan((plan) => Object.assign(plan.options, set));
  t.is((await runMigration({dir: bed.dir, mode: 'demo', env: bed.env})).status, 'finished');
  t.is((await runUndo({dir: bed.dir, selector: {mode: 'demo'}, env: bed.env})).status, 'finished');
  t.is((await runMigration({dir: bed.dir, mode: 'demo', env: bed.env})).status, 'finished');
  return landedOn(bed);
}

test('every option the plan accepts, and every option the Options screen offers, has a row in the table', (t) => {
  t.deepEqual(Object.keys(TABLE).sort(), [...KNOWN_KEYS.options!].sort());
  for (const row of OPTION_ROWS) t.truthy(TABLE[row.key], row.key);
});

async function landedOn(bed: Bed): Promise<Landed> {
  return {
    tickets: await bed.targetRecords('tickets'),
    contacts: await bed.targetRecords('contacts'),
    organizations: await bed.targetRecords('organizations'),
    fields: await bed.targetRecords('ticket_fields'),
    journal: bed.journal((j) => j.records({})),
  };
}

/** The small demo account with one contact no ticket references made inactive. */
function withUnreferencedInactiveContact() {
  const copy = structuredClone(account);
  const referenced = new Set(copy.source.tickets.flatMap((ticket) => [ticket.requesterId, ...ticket.comments.map((comment) => comment.authorId)]));
  copy.source.contacts.find((contact) => contact.active && !referenced.has(contact.id))!.active = false;
  return copy;
}

async function fullRun(t: any, set: Partial<Plan['options']>, demoAccount = account): Promise<Landed> {
  const bed = await testBed({account: demoAccount});
  t.teardown(() => bed.close());
  bed.savePlan((plan) => Object.assign(plan.options, set));
  const result = await runMigration({dir: bed.dir, mode: 'full', env: bed.env});
  t.is(result.status, 'finished', result.message);
  return landedOn(bed);
}

/** Zendesk to Zendesk: a full run, the target closes a solved ticket, the source adds a reply, a delta. */
async function closedTicketRun(t: any, set: Partial<Plan['options']>): Promise<Landed> {
  const bed = await testBed({targetPlatform: 'zendesk'});
  t.teardown(() => bed.close());
  bed.savePlan((plan) => Object.assign(plan.options, set));
  t.is((await runMigration({dir: bed.dir, mode: 'full', env: bed.env})).status, 'finished');
  const solved = bed.journal((j) => j.records({type: 'tickets', status: 'migrated'})).find((row) => account.source.tickets.find((ticket) => ticket.id === row.sourceId)?.status === 'solved')!;
  t.truthy(solved, 'a solved ticket migrated');
  await fetch(`${bed.demo.target.url}/__emulator/close-solved`, {method: 'POST'});
  const source = bed.demo.source;
  const headers = findConnector('zendesk')!.authHeaders({baseUrl: source.url, authKind: source.authKind, credentials: source.credentials});
  await new Promise((resolve) => setTimeout(resolve, 1100)); // the reply's second is after the full run's bookmark
  const reply = await fetch(`${source.url}/api/v2/tickets/${solved.sourceId}.json`, {method: 'PUT', headers: {...headers, 'content-type': 'application/json'}, body: JSON.stringify({ticket: {comment: {body: 'One more thing.', public: true}}})});
  t.is(reply.status, 200, await reply.clone().text());
  const delta = await runMigration({dir: bed.dir, mode: 'delta', env: bed.env});
  t.is(delta.status, 'finished', delta.message);
  return landedOn(bed);
}

let base: Promise<Landed> | undefined;
for (const [option, row] of Object.entries(TABLE))
  test.serial(`options.${option}: ${row.effect}`, async (t) => {
    const run = row.run ?? fullRun;
    const defaults = row.run ? await run(t, {}) : await (base ??= fullRun(t, {}));
    row.check(t, await run(t, row.set), defaults);
  });
