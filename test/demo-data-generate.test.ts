import test, {type ExecutionContext} from 'ava';
import {execFile} from 'node:child_process';
import {existsSync, mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {promisify} from 'node:util';
import type {DemoAccount} from '../demo-data/account.js';
import {generateDemoAccount, serializeDemoAccount, smallDemoAccount} from '../demo-data/generate.js';
import type {Attachment} from '../source/contracts/model.js';

const run = promisify(execFile);
const MB = 1024 * 1024;
const full = generateDemoAccount();
const small = smallDemoAccount();
const scales: Array<[string, DemoAccount]> = [['full', full], ['small', small]];
const PLAIN_EMAIL = /^[^@\s]+@[^@\s]+\.[a-z]+$/;

const attachmentsOf = (account: DemoAccount): Attachment[] =>
  account.source.tickets.flatMap((ticket) => ticket.comments.flatMap((comment) => comment.attachments));
const commentsOf = (account: DemoAccount) => account.source.tickets.flatMap((ticket) => ticket.comments);

test('generating twice in-process gives identical JSON', (t) => {
  t.is(serializeDemoAccount(generateDemoAccount()), serializeDemoAccount(full));
  t.is(serializeDemoAccount(smallDemoAccount()), serializeDemoAccount(small));
});

test('running the script twice writes byte-identical files equal to account.json', async (t) => {
  const script = fileURLToPath(new URL('../demo-data/generate.ts', import.meta.url));
  const directory = mkdtempSync(join(tmpdir(), 'demo-data-'));
  try {
    const outputs = [join(directory, 'a.json'), join(directory, 'b.json')];
    for (const output of outputs) await run(process.execPath, ['--import=tsx', script, output]);
    const [first, second] = outputs.map((output) => readFileSync(output));
    t.true(first!.equals(second!));
    t.is(first!.toString('utf8'), serializeDemoAccount(full));
    t.true(first!.length < 4 * MB, `account.json is ${first!.length} bytes`);
    // The checked-in file must be the generator's current output.
    const committed = fileURLToPath(new URL('../demo-data/account.json', import.meta.url));
    t.true(existsSync(committed), 'run `npx tsx demo-data/generate.ts`');
    t.true(readFileSync(committed).equals(first!), 'account.json is stale: rerun the generator');
  } finally {
    rmSync(directory, {recursive: true, force: true});
  }
});

test('full scale counts', (t) => {
  const {source} = full;
  t.is(source.ticketFields.length, 8);
  t.is(new Set(source.ticketFields.map((field) => field.type)).size, 8);
  t.deepEqual(source.groups.map((group) => group.name).sort(), ['Billing', 'Escalations', 'Sales', 'Technical Support']);
  t.is(source.organizations.length, 30);
  t.is(source.agents.length, 8);
  t.is(source.contacts.length, 300);
  t.is(source.tickets.length, 1000);
  t.is(source.kbCategories.length, 3);
  t.is(source.kbSections.length, 6);
  t.is(source.kbArticles.length, 40);
  const distinct = (values: Array<string | undefined>) => [...new Set(values)].sort();
  t.deepEqual(distinct(source.tickets.map((ticket) => ticket.status)), ['closed', 'hold', 'new', 'open', 'pending', 'solved']);
  t.deepEqual(distinct(source.tickets.map((ticket) => ticket.priority)), ['high', 'low', 'normal', 'urgent']);
  t.deepEqual(distinct(source.tickets.map((ticket) => ticket.kind)), ['incident', 'problem', 'question', 'task']);
  const emptyProduct = source.tickets.filter((ticket) => ticket.customFields['4001'] == null).length;
  t.true(emptyProduct >= 8 && emptyProduct <= 12, `${emptyProduct} tickets without Product`);
});

test('full scale proportions are near the brief', (t) => {
  const comments = commentsOf(full);
  const laterComments = comments.length - full.source.tickets.length;
  const share = (count: number, of: number) => count / of;
  const withFiles = share(comments.filter((comment) => comment.attachments.some((a) => !a.inline)).length, comments.length);
  const withInline = share(comments.filter((comment) => comment.attachments.some((a) => a.inline)).length, comments.length);
  const privateNotes = share(comments.filter((comment) => !comment.public).length, laterComments);
  t.true(withFiles > 0.1 && withFiles < 0.2, `attachments on ${withFiles}`);
  t.true(withInline > 0.015 && withInline < 0.05, `inline images on ${withInline}`);
  t.true(privateNotes > 0.14 && privateNotes < 0.26, `private notes ${privateNotes}`);
  const organized = full.source.contacts.filter((contact) => contact.organizationId).length;
  t.true(organized / full.source.contacts.length > 0.7);
  t.true(full.source.tickets.some((ticket) => ticket.ccEmails.length > 0));
  t.true(full.source.tickets.some((ticket) => !ticket.assigneeId));
});

test('small scale counts', (t) => {
  const {source} = small;
  t.is(source.tickets.length, 40);
  t.is(source.contacts.length, 30);
  t.is(source.organizations.length, 5);
  t.is(source.agents.length, 8);
  t.is(source.ticketFields.length, 8);
  t.is(source.groups.length, 4);
  t.is(source.kbArticles.length, 10);
  t.is(smallDemoAccount(15).source.tickets.length, 15);
  t.throws(() => smallDemoAccount(5), {instanceOf: RangeError});
});

for (const [label, account] of scales) {
  test(`${label}: problem cases are present`, (t) => {
    const {source} = account;
    const product = source.ticketFields.filter((field) => field.required);
    t.is(product.length, 1);
    t.is(product[0]!.title, 'Product');
    t.is(product[0]!.type, 'dropdown');
    t.true(product[0]!.options!.length > 1);
    t.true(source.tickets.some((ticket) => ticket.customFields[product[0]!.id] == null));

    const byEmail = new Map<string, string[]>();
    for (const contact of source.contacts) {
      if (contact.email) byEmail.set(contact.email, [...(byEmail.get(contact.email) ?? []), contact.name]);
    }
    const duplicates = [...byEmail.values()].filter((names) => names.length > 1);
    t.is(duplicates.length, 3);
    for (const names of duplicates) t.is(new Set(names).size, names.length, 'duplicates have different names');

    const invalid = source.contacts.filter((contact) => contact.email && !PLAIN_EMAIL.test(contact.email));
    t.deepEqual(invalid.map((contact) => contact.email), ['maria.gonzalez@@example']);
    t.is(source.contacts.filter((contact) => !contact.active).length, 2);
    const phoneOnly = source.contacts.filter((contact) => !contact.email);
    t.is(phoneOnly.length, 1);
    t.truthy(phoneOnly[0]!.phone);

    const attachments = attachmentsOf(account);
    const oversized = attachments.filter((attachment) => attachment.size > 20 * MB);
    t.is(oversized.length, 1);
    t.is(oversized[0]!.size, label === 'full' ? 30 * MB : 21 * MB);
    for (const attachment of attachments) {
      if (attachment !== oversized[0]) t.true(attachment.size >= 2048 && attachment.size <= 900 * 1024);
      t.is(attachment.url, `/attachments/${attachment.id}`);
    }
    const inline = commentsOf(account).filter((comment) => comment.attachments.some((a) => a.inline));
    t.true(inline.length > 0);
    for (const comment of inline) {
      for (const image of comment.attachments.filter((a) => a.inline)) {
        t.is(image.contentType, 'image/png');
        t.true(comment.body.includes(`<img src="${image.url}"`));
      }
    }
    t.true(commentsOf(account).some((comment) => !comment.public));

    t.is(source.deletedContactIds.length, 1);
    const deletedId = source.deletedContactIds[0]!;
    t.false(source.contacts.some((contact) => contact.id === deletedId));
    t.is(source.tickets.filter((ticket) => ticket.requesterId === deletedId).length, 1);

    // Every problem contact requests at least one ticket, so migrations meet them.
    const requesters = new Set(source.tickets.map((ticket) => ticket.requesterId));
    const problemContacts = source.contacts.filter((contact) => !contact.active || !contact.email
      || !PLAIN_EMAIL.test(contact.email) || (byEmail.get(contact.email)?.length ?? 0) > 1);
    t.is(problemContacts.length, 10);
    for (const contact of problemContacts) t.true(requesters.has(contact.id), contact.name);
  });

  test(`${label}: target snapshot`, (t) => {
    const {source, target} = account;
    t.is(target.agents.length, 7);
    for (const agent of target.agents) {
      const match = source.agents.find((candidate) => candidate.email === agent.email);
      t.truthy(match);
      t.is(match!.name, agent.name);
      t.not(match!.id, agent.id);
    }
    const unmatched = source.agents.filter((agent) => !target.agents.some((candidate) => candidate.email === agent.email));
    t.is(unmatched.length, 1);
    t.deepEqual(target.groups.map((group) => group.name), ['Billing']);
    t.not(target.groups[0]!.id, source.groups.find((group) => group.name === 'Billing')!.id);
    t.is(target.organizations.length, 2);
    for (const organization of target.organizations) t.true(source.organizations.some((o) => o.name === organization.name));
    t.is(target.contacts.length, 5);
    for (const contact of target.contacts) {
      t.is(source.contacts.filter((candidate) => candidate.email === contact.email).length, 1);
      t.false(source.contacts.some((candidate) => candidate.id === contact.id));
    }
    t.deepEqual(target.ticketFields.map((field) => [field.title, field.type, field.required]), [['Region', 'dropdown', true]]);
    t.deepEqual(target.ticketFields[0]!.options!.map((option) => option.label), ['EMEA', 'AMER', 'APAC']);
    t.false(source.ticketFields.some((field) => field.title === 'Region'));
    t.is(target.tickets.length + target.kbArticles.length + target.kbSections.length + target.kbCategories.length, 0);
    const targetGroupIds = new Set(target.groups.map((group) => group.id));
    const targetOrgIds = new Set(target.organizations.map((organization) => organization.id));
    for (const agent of target.agents) for (const groupId of agent.groupIds ?? []) t.true(targetGroupIds.has(groupId));
    for (const contact of target.contacts) if (contact.organizationId) t.true(targetOrgIds.has(contact.organizationId));
  });

  test(`${label}: every reference resolves`, (t) => {
    const {source} = account;
    const ids = (records: Array<{id: string}>) => new Set(records.map((record) => record.id));
    const contactIds = ids(source.contacts);
    const agentIds = ids(source.agents);
    const groupIds = ids(source.groups);
    const organizationIds = ids(source.organizations);
    const sectionIds = ids(source.kbSections);
    const fieldsById = new Map(source.ticketFields.map((field) => [field.id, field]));
    const deleted = new Set(source.deletedContactIds);
    for (const agent of source.agents) for (const groupId of agent.groupIds ?? []) t.true(groupIds.has(groupId));
    for (const contact of source.contacts) if (contact.organizationId) t.true(organizationIds.has(contact.organizationId));
    const emails = new Set(source.contacts.map((contact) => contact.email));
    for (const ticket of source.tickets) {
      t.true(contactIds.has(ticket.requesterId) || deleted.has(ticket.requesterId), ticket.id);
      if (ticket.assigneeId) t.true(agentIds.has(ticket.assigneeId));
      if (ticket.groupId) t.true(groupIds.has(ticket.groupId));
      const requester = source.contacts.find((contact) => contact.id === ticket.requesterId);
      if (requester) t.is(ticket.organizationId, requester.organizationId);
      if (ticket.organizationId) t.true(organizationIds.has(ticket.organizationId));
      for (const email of ticket.ccEmails) t.true(emails.has(email));
      for (const [fieldId, value] of Object.entries(ticket.customFields)) {
        const field = fieldsById.get(fieldId);
        t.truthy(field, `field ${fieldId}`);
        if (value === null || !field) continue;
        if (field.type === 'dropdown') t.true(field.options!.some((option) => option.value === value));
        if (field.type === 'multiselect') t.true((value as string[]).every((v) => field.options!.some((o) => o.value === v)));
        if (field.type === 'regexp') t.regex(String(value), new RegExp(field.pattern!));
        if (field.type === 'integer') t.true(Number.isInteger(value));
        if (field.type === 'date') t.regex(String(value), /^\d{4}-\d{2}-\d{2}$/);
      }
      for (const comment of ticket.comments) {
        t.true(comment.authorId === ticket.requesterId || agentIds.has(comment.authorId), comment.id);
        if (!comment.public) t.true(agentIds.has(comment.authorId));
      }
    }
    for (const section of source.kbSections) t.true(ids(source.kbCategories).has(section.categoryId));
    for (const article of source.kbArticles) {
      t.true(sectionIds.has(article.sectionId));
      if (article.authorId) t.true(agentIds.has(article.authorId));
    }
    for (const section of source.kbSections) t.true(source.kbArticles.some((article) => article.sectionId === section.id));
    t.true(source.kbArticles.some((article) => article.draft));
  });

  test(`${label}: attachmentContents covers exactly the attachments`, (t) => {
    const attachments = attachmentsOf(account);
    const contents = account.source.attachmentContents;
    t.is(Object.keys(contents).length, attachments.length);
    for (const attachment of attachments) {
      t.is(contents[attachment.id]?.size, attachment.size, attachment.id);
      t.true(Number.isInteger(contents[attachment.id]!.seed));
    }
  });

  test(`${label}: comments oldest first, timestamps in range and ordered by id`, (t) => {
    const {tickets} = account.source;
    const earliest = '2023-01-01T00:00:00Z';
    const latest = '2025-10-31T23:59:59Z';
    const isoSeconds = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
    for (const [index, ticket] of tickets.entries()) {
      t.true(ticket.comments.length >= 1 && ticket.comments.length <= 10);
      const [first] = ticket.comments;
      t.is(first!.authorId, ticket.requesterId);
      t.true(first!.public);
      t.is(first!.createdAt, ticket.createdAt);
      t.true(first!.body.startsWith('<p>'));
      for (let position = 1; position < ticket.comments.length; position++) {
        t.true(ticket.comments[position - 1]!.createdAt < ticket.comments[position]!.createdAt);
      }
      t.true(ticket.comments.at(-1)!.createdAt < ticket.updatedAt);
      for (const stamp of [ticket.createdAt, ticket.updatedAt]) {
        t.regex(stamp, isoSeconds);
        t.true(stamp >= earliest && stamp <= latest);
      }
      const previous = tickets[index - 1];
      if (previous) {
        t.true(Number(previous.id) < Number(ticket.id));
        t.true(previous.createdAt < ticket.createdAt && previous.updatedAt < ticket.updatedAt);
      }
      t.is(ticket.events, undefined);
    }
    const snapshots = [account.source, account.target];
    const stamps = snapshots.flatMap((snapshot) => [snapshot.ticketFields, snapshot.groups, snapshot.organizations,
      snapshot.agents, snapshot.contacts, snapshot.kbCategories, snapshot.kbSections, snapshot.kbArticles].flat()
      .flatMap((record) => [record.createdAt, record.updatedAt]));
    for (const stamp of stamps) t.true(isoSeconds.test(stamp) && stamp >= earliest && stamp <= latest, stamp);
  });

  test(`${label}: ids are unique numeric strings`, (t) => {
    for (const snapshot of [account.source, account.target]) {
      const all = [
        ...snapshot.ticketFields, ...snapshot.groups, ...snapshot.organizations, ...snapshot.agents, ...snapshot.contacts,
        ...snapshot.tickets, ...snapshot.kbCategories, ...snapshot.kbSections, ...snapshot.kbArticles,
        ...snapshot.tickets.flatMap((ticket) => ticket.comments),
        ...snapshot.tickets.flatMap((ticket) => ticket.comments.flatMap((comment) => comment.attachments)),
      ].map((record) => record.id);
      for (const id of [...all, ...snapshot.deletedContactIds]) t.regex(id, /^[1-9]\d*$/);
      t.is(new Set([...all, ...snapshot.deletedContactIds]).size, all.length + snapshot.deletedContactIds.length);
    }
  });
}
