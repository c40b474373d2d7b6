// A small account for the Freshdesk connector tests (no dependency on demo-data/account.json).
import {emptySnapshot, type AccountSnapshot, type DemoAccount} from '../demo-data/account.js';
import type {Ticket} from '../source/contracts/model.js';

const day = 24 * 3600 * 1000;
const ago = (days: number) => new Date(Date.now() - days * day).toISOString().replace(/\.\d+Z$/, 'Z');

export function smallSnapshot(ticketCount = 7): AccountSnapshot {
  const snapshot = emptySnapshot();
  const t0 = ago(400);
  snapshot.ticketFields = [
    {id: '11', title: 'Product', key: 'product', type: 'dropdown', required: false, options: [{label: 'Widget', value: 'widget'}, {label: 'Gadget', value: 'gadget'}], active: true, createdAt: t0, updatedAt: t0},
    {id: '12', title: 'Order ref', key: 'order_ref', type: 'text', required: false, active: true, createdAt: t0, updatedAt: t0},
  ];
  snapshot.groups = [
    {id: '21', name: 'Support', description: 'First line', createdAt: t0, updatedAt: t0},
    {id: '22', name: 'Billing', createdAt: t0, updatedAt: t0},
  ];
  snapshot.organizations = [
    {id: '31', name: 'Acme', domains: ['acme.test'], notes: 'Key account', createdAt: t0, updatedAt: t0},
    {id: '32', name: 'Globex', domains: [], createdAt: t0, updatedAt: t0},
  ];
  snapshot.agents = [
    {id: '41', name: 'Ada Admin', email: 'ada@help.test', role: 'admin', active: true, groupIds: ['21'], createdAt: t0, updatedAt: t0},
    {id: '42', name: 'Bob Agent', email: 'bob@help.test', role: 'agent', active: true, groupIds: ['22'], createdAt: t0, updatedAt: t0},
  ];
  snapshot.contacts = Array.from({length: 5}, (_, index) => ({
    id: String(51 + index),
    name: `Customer ${index + 1}`,
    email: `customer${index + 1}@acme.test`,
    organizationId: index < 3 ? '31' : undefined,
    role: 'end-user' as const,
    active: true,
    createdAt: ago(300 - index),
    updatedAt: ago(200 - index),
  }));
  snapshot.tickets = Array.from({length: ticketCount}, (_, index): Ticket => {
    const id = 100 + index;
    const created = ago(index === 0 ? 90 : 20 - (index % 15));
    const requester = String(51 + (index % 5));
    const withFiles = index === 1;
    return {
      id: String(id),
      subject: `Ticket ${index + 1}`,
      status: (['open', 'pending', 'solved', 'closed'] as const)[index % 4]!,
      priority: (['low', 'normal', 'high', 'urgent'] as const)[index % 4]!,
      kind: 'question',
      requesterId: requester,
      assigneeId: '42',
      groupId: '22',
      organizationId: index % 5 < 3 ? '31' : undefined,
      tags: ['demo'],
      ccEmails: [],
      customFields: {'11': 'gadget', '12': `ORD-${id}`},
      createdAt: created,
      // Distinct update times, some within the last week (delta tests), never before creation.
      updatedAt: new Date(Math.max(Date.parse(created), Date.now() - (index % 10) * day - index * 1000)).toISOString().replace(/\.\d+Z$/, 'Z'),
      comments: [
        {
          id: `${id}1`,
          authorId: requester,
          body: `<p>Problem ${index + 1}</p>`,
          public: true,
          createdAt: created,
          attachments: withFiles
            ? [
                {id: `${id}91`, fileName: 'log.txt', contentType: 'text/plain', size: 5000, url: '', inline: false},
                {id: `${id}92`, fileName: 'screen.png', contentType: 'image/png', size: 3000, url: '', inline: true},
              ]
            : [],
        },
        {id: `${id}2`, authorId: '42', body: '<p>Looking into it</p>', public: true, createdAt: created, attachments: []},
        {id: `${id}3`, authorId: '41', body: '<p>Internal: escalate</p>', public: false, createdAt: created, attachments: withFiles ? [{id: `${id}93`, fileName: 'trace.bin', contentType: 'application/octet-stream', size: 70000, url: '', inline: false}] : []},
      ],
    };
  });
  snapshot.attachmentContents = Object.fromEntries(
    snapshot.tickets.flatMap((ticket) => ticket.comments.flatMap((comment) => comment.attachments.map((attachment) => [attachment.id, {seed: Number(attachment.id), size: attachment.size}]))),
  );
  snapshot.kbCategories = [{id: '61', name: 'Getting started', description: 'Basics', createdAt: t0, updatedAt: t0}];
  snapshot.kbSections = [
    {id: '71', categoryId: '61', name: 'Setup', createdAt: t0, updatedAt: t0},
    {id: '72', categoryId: '61', name: 'Billing FAQ', createdAt: t0, updatedAt: t0},
  ];
  snapshot.kbArticles = [
    {id: '81', sectionId: '71', title: 'Install', body: '<p>Run it</p>', draft: false, tags: ['setup'], createdAt: t0, updatedAt: t0},
    {id: '82', sectionId: '71', title: 'Configure', body: '<p>Edit it</p>', draft: true, tags: [], createdAt: t0, updatedAt: t0},
    {id: '83', sectionId: '72', title: 'Invoices', body: '<p>Pay it</p>', draft: false, tags: [], createdAt: t0, updatedAt: t0},
  ];
  return snapshot;
}

/** The target side: the same agents exist there (agents must be invited before a migration). */
export function smallAccount(ticketCount?: number): DemoAccount {
  const source = smallSnapshot(ticketCount);
  const target = emptySnapshot();
  target.agents = source.agents.map((agent) => ({...agent, id: String(Number(agent.id) + 1000)}));
  return {source, target};
}
