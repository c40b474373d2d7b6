// A small demo account for the Zendesk tests, and helpers to talk to an emulator
// through the real HttpClient.
import {testWriteContext, type TestWriteContext} from './helpers/write-context.js';
import type {StepStore} from '../source/engine/once.js';
import {emptySnapshot, type AccountSnapshot, type DemoAccount} from '../demo-data/account.js';
import type {ApiBudget, ConnectorSettings, RunningEmulator, WriteContext} from '../source/contracts/connector.js';
import {createHttpClient} from '../source/platform/http-client.js';
import type {HttpClient} from '../source/contracts/http.js';
import type {Clock} from '../source/platform/rate-gate.js';
import type {Attachment, Id, Ticket} from '../source/contracts/model.js';
import {zendeskConnector} from '../connectors/zendesk/index.js';

const day = (n: number) => new Date(Date.UTC(2024, 0, 1 + n, 9, 0, 0)).toISOString().replace('.000Z', 'Z');

export function smallAccount(): DemoAccount {
  const source: AccountSnapshot = emptySnapshot();
  source.ticketFields = [
    {id: '9001', title: 'Product', key: 'product', type: 'dropdown', required: false, options: [{label: 'Widget Pro', value: 'widget_pro'}, {label: 'Gadget', value: 'gadget'}], active: true, createdAt: day(0), updatedAt: day(0)},
    {id: '9002', title: 'Order number', key: 'order_number', type: 'integer', required: true, active: true, createdAt: day(0), updatedAt: day(1)},
    {id: '9003', title: 'VIP', key: 'vip', type: 'checkbox', required: false, active: true, createdAt: day(0), updatedAt: day(0)},
  ];
  source.groups = [
    {id: '501', name: 'Support', description: 'First line', createdAt: day(0), updatedAt: day(0)},
    {id: '502', name: 'Billing', createdAt: day(0), updatedAt: day(2)},
  ];
  source.organizations = [
    {id: '601', name: 'Acme', domains: ['acme.test'], notes: 'Key account', createdAt: day(0), updatedAt: day(0)},
    {id: '602', name: 'Globex', domains: [], createdAt: day(1), updatedAt: day(1)},
  ];
  source.agents = [
    {id: '101', name: 'Ada Admin', email: 'ada@helpdesk.test', role: 'admin', active: true, groupIds: ['501'], createdAt: day(0), updatedAt: day(0)},
    {id: '102', name: 'Bob Agent', email: 'bob@helpdesk.test', role: 'agent', active: true, groupIds: ['501', '502'], createdAt: day(0), updatedAt: day(0)},
    {id: '103', name: 'Cy Agent', email: 'cy@helpdesk.test', role: 'agent', active: true, groupIds: [], createdAt: day(1), updatedAt: day(1)},
  ];
  source.contacts = Array.from({length: 5}, (_, index) => ({
    id: String(201 + index),
    name: `Customer ${index + 1}`,
    email: `customer${index + 1}@acme.test`,
    ...(index < 2 ? {organizationId: '601'} : {}),
    ...(index === 0 ? {phone: '+1 555 0100'} : {}),
    role: 'end-user' as const,
    active: true,
    createdAt: day(index),
    updatedAt: day(index + 1),
  }));
  source.deletedContactIds = ['299'];
  source.tickets = Array.from({length: 7}, (_, index): Ticket => {
    const id = String(1001 + index);
    const attachmentId = String(7001 + index);
    const inlineId = String(7101 + index);
    return {
      id,
      subject: `Problem number ${index + 1}`,
      status: (['new', 'open', 'pending', 'hold', 'solved', 'closed', 'open'] as const)[index]!,
      priority: (['low', 'normal', 'high', 'urgent'] as const)[index % 4]!,
      ...(index % 2 ? {kind: 'incident' as const} : {}),
      requesterId: index === 6 ? '299' : String(201 + (index % 5)),
      ...(index % 3 ? {assigneeId: '102', groupId: '501'} : {}),
      ...(index % 5 < 2 && index !== 6 ? {organizationId: '601'} : {}),
      tags: ['demo', `t${index}`],
      ccEmails: index === 2 ? ['customer5@acme.test'] : [],
      customFields: index % 2 ? {'9001': 'gadget', '9002': 1000 + index, '9003': true} : {'9002': 1000 + index},
      createdAt: day(10 + index),
      updatedAt: day(20 + index),
      comments: [
        {id: String(3001 + index * 10), authorId: index === 6 ? '299' : String(201 + (index % 5)), body: `<p>Help with ${index + 1}</p>`, public: true, createdAt: day(10 + index), attachments: index % 2 ? [] : [attachment(attachmentId, 'log.txt', 'text/plain', 2000 + index, false)]},
        {id: String(3002 + index * 10), authorId: '102', body: `<p>Internal note ${index + 1}</p>`, public: false, createdAt: day(11 + index), attachments: []},
        {
          id: String(3003 + index * 10),
          authorId: '101',
          body: index === 0 ? `<p>See <img src="https://source.invalid/inline/${inlineId}"></p>` : `<p>Reply ${index + 1}</p>`,
          public: true,
          createdAt: day(12 + index),
          attachments: index === 0 ? [attachment(inlineId, 'screen.png', 'image/png', 5000, true)] : [],
        },
      ],
    };
  });
  for (const ticket of source.tickets)
    for (const comment of ticket.comments) for (const att of comment.attachments) source.attachmentContents[att.id] = {seed: Number(att.id), size: att.size};
  // The inline image's URL in the body is the attachment URL the source serves.
  source.kbCategories = [
    {id: '801', name: 'Getting started', description: 'Basics', createdAt: day(0), updatedAt: day(0)},
    {id: '802', name: 'Billing', createdAt: day(0), updatedAt: day(0)},
  ];
  source.kbSections = [
    {id: '811', categoryId: '801', name: 'Setup', createdAt: day(0), updatedAt: day(0)},
    {id: '812', categoryId: '801', name: 'Accounts', description: 'Your account', createdAt: day(0), updatedAt: day(0)},
    {id: '813', categoryId: '802', name: 'Invoices', createdAt: day(0), updatedAt: day(0)},
  ];
  source.kbArticles = Array.from({length: 4}, (_, index) => ({
    id: String(821 + index),
    sectionId: String(811 + (index % 3)),
    title: `Article ${index + 1}`,
    body: `<p>How to ${index + 1}</p>`,
    authorId: '101',
    draft: index === 3,
    tags: index ? ['howto'] : [],
    createdAt: day(index),
    updatedAt: day(index + 1),
  }));
  return {source, target: emptySnapshot()};
}

function attachment(id: string, fileName: string, contentType: string, size: number, inline: boolean): Attachment {
  return {id, fileName, contentType, size, url: `https://source.invalid/inline/${id}`, inline};
}

export const FAST_BUDGET: ApiBudget = {requestsPerMinute: 1_000_000, endpoints: {}};

export function settingsFor(emulator: RunningEmulator, credentials?: Record<string, string>, authKind = 'token'): ConnectorSettings {
  return {baseUrl: emulator.url, authKind, credentials: credentials ?? emulator.credentials};
}

export function clientFor(settings: ConnectorSettings, options: {budget?: ApiBudget; clock?: Clock; side?: string} = {}): HttpClient {
  return createHttpClient({
    side: options.side ?? 'source',
    platform: 'Zendesk',
    baseUrl: settings.baseUrl,
    budget: options.budget ?? FAST_BUDGET,
    headers: zendeskConnector.rateLimitHeaders,
    authHeaders: zendeskConnector.authHeaders(settings),
    describeError: zendeskConnector.describeError,
    clock: options.clock,
    maxAttempts: 2,
  });
}

/** A WriteContext like the engine's (see helpers/write-context.ts); `steps` may be shared to resume. */
export function writeContext(sourceKey: string, bytes: (attachment: Attachment) => Promise<Buffer>, steps?: StepStore): TestWriteContext {
  return testWriteContext(sourceKey, bytes, steps);
}

export async function records<T>(emulator: RunningEmulator, type: string): Promise<T[]> {
  const response = await fetch(`${emulator.url}/__emulator/records/${type}`);
  return (await response.json()) as T[];
}
