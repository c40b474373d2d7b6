// The engine's view of the target's ticket fields while it creates them several at once. After
// each create it lists the target's fields again; under load those lists can answer out of order,
// and an older answer (asked before the last field existed) must not replace a newer one. This was
// rt-migrate's lost "App version" value (issue 18): the last field created was missing from the
// engine's view, so every ticket's value for it was left out ("not on the target yet").
// Deterministic: a fake source and target (no HTTP), the answers' order forced by the fake.
import test from 'ava';
import {mkdtempSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {Engine} from '../source/engine/engine.js';
import {Journal} from '../source/engine/journal.js';
import {defaultPlan} from '../source/plan/plan.js';
import type {Page, SourceSession, TargetSession} from '../source/contracts/connector.js';
import type {RecordOf, RecordType, Ticket, TicketField} from '../source/contracts/model.js';

const endpoint = (platform: string) => ({platform, url: 'http://127.0.0.1:1', tier: 'x', authKind: 'token', credentials: {}});
const at = '2024-01-01T00:00:00Z';
const field = (id: string, title: string): TicketField => ({id, title, key: title, type: 'text', required: false, active: true, createdAt: at, updatedAt: at});

/** Resolves once `condition` holds (a hang bound, not a timing condition). */
const until = async (condition: () => boolean) => {
  for (let i = 0; i < 3000 && !condition(); i++) await new Promise((r) => setTimeout(r, 10));
  if (!condition()) throw new Error('timed out waiting');
};

test('a field list that answers after a newer one does not hide the field created last: every ticket keeps its value', async (t) => {
  const sourceFields = [field('s-product', 'Product'), field('s-version', 'App version')];
  const ticket: Ticket = {
    id: '1', subject: 'Crash on start', status: 'open', priority: 'normal', requesterId: 'r1', tags: [], ccEmails: [],
    customFields: {'s-product': 'Harbor Web', 's-version': '4.5.0'}, createdAt: at, updatedAt: at, comments: [],
  };
  const targetFields: TicketField[] = [];
  const lists: Array<{titles: string[]; answered: boolean}> = [];
  const written: Ticket[] = [];
  const source: SourceSession = {
    check: async () => ({description: 'fake source', problems: []}),
    count: async () => undefined,
    async *read<T extends RecordType>(type: T): AsyncIterable<Page<RecordOf[T]>> {
      if (type === 'ticket_fields') yield {records: sourceFields as Array<RecordOf[T]>};
      else if (type === 'tickets') yield {records: [ticket] as Array<RecordOf[T]>};
      else yield {records: []};
    },
    get: async () => undefined,
    download: async () => Buffer.alloc(0),
  };
  const target: TargetSession = {
    check: async () => ({description: 'fake target', problems: []}),
    async list(type) {
      if (type !== 'ticket_fields') return [];
      // What the target holds when the list is asked; the answer comes back later.
      const entry = {titles: targetFields.map((f) => f.title), answered: false};
      lists.push(entry);
      const answer = targetFields.slice();
      // The list asked right after "Product" was created answers only after the list asked after
      // "App version": the order a busy machine can give.
      if (entry.titles.length === 1) await until(() => lists.some((other) => other.titles.length === 2 && other.answered));
      entry.answered = true;
      return answer as never;
    },
    findExisting: async (type, by) => (type === 'contacts' && by.email === 'fallback@example.test' ? 'fallback-1' : undefined),
    findByMarker: async () => undefined,
    async create(type, record) {
      if (type === 'ticket_fields') {
        const source = record as TicketField;
        // "App version" is created once the list after "Product" was asked (so that list lacks it).
        if (source.title === 'App version') await until(() => lists.some((entry) => entry.titles.length === 1));
        const created = field(`t-${source.id}`, source.title);
        targetFields.push(created);
        return created.id;
      }
      if (type === 'tickets') written.push(record as Ticket);
      return `t-${record.id}`;
    },
    update: async () => undefined,
    get: async () => undefined,
  };
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ferry-engine-fields-'));
  const journal = Journal.inFolder(dir);
  const plan = defaultPlan(endpoint('zendesk'), endpoint('freshdesk'));
  plan.recordTypes = ['ticket_fields', 'tickets'];
  plan.options.fallbackRequester = 'fallback@example.test';
  const limits = {maxAttachmentBytes: 1e9, preservesCommentAuthors: false, preservesCommentDates: false, preservesTicketDates: false};
  const result = await new Engine(plan, journal, {sourcePlatform: 'zendesk', targetPlatform: 'freshdesk', source, target, limits}, {mode: 'full', concurrency: 2}).execute();
  t.is(result.status, 'finished', result.message);
  // The out-of-order answers happened (else this test proves nothing).
  t.true(lists.some((entry) => entry.titles.length === 1) && lists.some((entry) => entry.titles.length === 2), JSON.stringify(lists));
  t.is(written.length, 1);
  t.deepEqual(written[0]?.customFields, {'t-s-product': 'Harbor Web', 't-s-version': '4.5.0'});
  const row = journal.record('tickets', '1');
  t.is(row?.status, 'migrated');
  t.false(row?.needsRefill, `nothing left for a later run: ${row?.reason}`);
  journal.close();
});
