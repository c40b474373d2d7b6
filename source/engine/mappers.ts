// Per-record mapping from the source account to the target account, in the
// neutral model: every id becomes a target id, values go through the plan's maps,
// and the automated options are applied. A mapper either returns the record to
// write (with notes for the journal) or says why the record cannot move.
import type {Attachment, Comment, KbArticle, KbSection, Person, Ticket, TicketField, Organization} from '../contracts/model.js';
import type {TargetLimits} from '../contracts/connector.js';
import type {Plan} from '../plan/plan.js';
import {mapFieldValue, mapKind, mapPriority, mapStatus} from './mapping.js';
import {RecordError} from '../contracts/errors.js';

export interface PersonRef {
  targetId?: string;
  label: string;
  /** Why there is no target id */
  reason?: string;
}

export interface MapContext {
  plan: Plan;
  limits: TargetLimits;
  sourcePlatform: string;
  /** Target id of a referenced record, migrating it first when needed; undefined with a reason when it cannot be */
  ensure(type: 'groups' | 'organizations' | 'contacts' | 'kb_categories' | 'kb_sections', id: string): Promise<{targetId?: string; reason?: string}>;
  person(id: string): Promise<PersonRef>;
  /** The target agent for a source agent id (by the agent map), if any */
  agent(id: string): Promise<PersonRef>;
  fallbackRequester(): Promise<string | undefined>;
  sourceFields: TicketField[];
  targetFields(): TicketField[];
  /** The target field of a source field; `deliberate` when the plan leaves the field out on purpose */
  fieldTarget(sourceFieldId: string): {targetId?: string; reason?: string; deliberate?: boolean};
}

export interface Mapped<T> {
  record: T;
  notes: string[];
  /** Something was left out that a later run can still write (a field not on the target yet) */
  refill?: boolean;
}

export async function mapOrganization(org: Organization): Promise<Mapped<Organization>> {
  return {record: {...org}, notes: []};
}

export async function mapContact(person: Person, ctx: MapContext): Promise<Mapped<Person>> {
  const notes: string[] = [];
  let organizationId: string | undefined;
  if (person.organizationId) {
    const org = await ctx.ensure('organizations', person.organizationId);
    organizationId = org.targetId;
    if (!org.targetId) notes.push(`organization #${person.organizationId} not linked (${org.reason ?? 'not migrated'})`);
  }
  return {record: {...person, role: 'end-user', organizationId}, notes};
}

export async function mapSection(section: KbSection, ctx: MapContext): Promise<Mapped<KbSection>> {
  const category = await ctx.ensure('kb_categories', section.categoryId);
  if (!category.targetId) throw new RecordError(`its category #${section.categoryId} could not be migrated (${category.reason ?? 'unknown'})`);
  const parent = section.parentId ? await ctx.ensure('kb_sections', section.parentId) : undefined;
  if (parent && !parent.targetId) throw new RecordError(`its parent section #${section.parentId} could not be migrated (${parent.reason ?? 'unknown'})`);
  return {record: {...section, categoryId: category.targetId, parentId: parent?.targetId}, notes: []};
}

export async function mapArticle(article: KbArticle, ctx: MapContext): Promise<Mapped<KbArticle>> {
  const section = await ctx.ensure('kb_sections', article.sectionId);
  if (!section.targetId) throw new RecordError(`its section #${article.sectionId} could not be migrated (${section.reason ?? 'unknown'})`);
  const notes: string[] = [];
  let authorId: string | undefined;
  if (article.authorId) {
    const author = await ctx.agent(article.authorId);
    authorId = author.targetId;
    if (!authorId) notes.push(`author ${author.label} has no agent on the target; the target's default author is used`);
  }
  return {record: {...article, sectionId: section.targetId, authorId}, notes};
}

export async function mapTicket(ticket: Ticket, ctx: MapContext): Promise<Mapped<Ticket>> {
  const {plan} = ctx;
  const notes: string[] = [];

  let requester = await ctx.person(ticket.requesterId);
  if (!requester.targetId) {
    const fallback = await ctx.fallbackRequester();
    if (!fallback)
      throw new RecordError(`requester #${ticket.requesterId} ${requester.reason ?? 'could not be migrated'}; set options.fallbackRequester to an email on the target to migrate such tickets`);
    notes.push(`requester #${ticket.requesterId} ${requester.reason ?? 'could not be migrated'}: fallback requester used`);
    requester = {targetId: fallback, label: plan.options.fallbackRequester ?? 'fallback'};
  }

  let assigneeId: string | undefined;
  if (ticket.assigneeId) {
    const assignee = await ctx.agent(ticket.assigneeId);
    assigneeId = assignee.targetId;
    if (!assigneeId) notes.push(`assignee ${assignee.label} has no agent on the target and no fallback agent is set: left unassigned`);
  }

  let groupId: string | undefined;
  if (ticket.groupId) {
    const group = await ctx.ensure('groups', ticket.groupId);
    groupId = group.targetId;
    if (!groupId) notes.push(`group #${ticket.groupId} not set (${group.reason ?? 'not migrated'})`);
  }

  let organizationId: string | undefined;
  if (ticket.organizationId) {
    const org = await ctx.ensure('organizations', ticket.organizationId);
    organizationId = org.targetId;
    if (!organizationId) notes.push(`organization #${ticket.organizationId} not linked (${org.reason ?? 'not migrated'})`);
  }

  const fieldsLeftOut = {count: 0};
  const customFields = mapCustomFields(ticket, ctx, notes, fieldsLeftOut);

  const tags = [...ticket.tags];
  if (plan.options.tagMigrated && !tags.includes(plan.options.tagMigrated)) tags.push(plan.options.tagMigrated);
  const subject = plan.options.sourceIdInSubject ? `[${ctx.sourcePlatform} #${ticket.id}] ${ticket.subject}` : ticket.subject;

  const comments: Comment[] = [];
  let attachmentBytes = 0;
  for (const comment of ticket.comments) {
    const author = await ctx.person(comment.authorId);
    const attachments: Attachment[] = [];
    for (const attachment of comment.attachments) {
      const keep = keepAttachment(attachment, ctx, attachmentBytes);
      if (keep === true) {
        attachments.push(attachment);
        attachmentBytes += attachment.size;
      } else notes.push(keep);
    }
    comments.push({
      ...comment,
      authorId: author.targetId ?? requester.targetId!,
      authorLabel: author.label,
      attachments,
    });
    if (!author.targetId) notes.push(`comment ${comment.id}: author ${author.label} is not on the target; written as the requester with the original author in the text`);
  }

  if (ticket.ccEmails.length && plan.options.ccTo !== 'drop') {
    if (plan.options.ccTo === 'field') {
      const target = ctx.targetFields().find((f) => f.id === plan.options.ccField || f.title === plan.options.ccField || f.key === plan.options.ccField);
      if (target) customFields[target.id] = ticket.ccEmails.join(', ');
      else notes.push(`CC field "${plan.options.ccField}" is not on the target; CCs left out`);
    } else {
      // The first note after the ticket's description, written as the migration, not as a person.
      const note = syntheticNote(`cc-${ticket.id}`, requester.targetId!, ticket.createdAt, `Migration note (ferry): CC on the original ticket: ${ticket.ccEmails.join(', ')}`);
      comments.splice(Math.min(1, comments.length), 0, {...note, byMigration: true, authorLabel: 'ferry (the migration)'});
    }
  }
  if (plan.options.eventsAsNotes)
    for (const event of ticket.events ?? []) comments.push(syntheticNote(`event-${event.id}`, requester.targetId!, event.createdAt, `Event: ${event.description}`));

  return {
    record: {
      ...ticket,
      subject,
      status: mapStatus(ticket.status, plan.fieldMap),
      priority: mapPriority(ticket.priority, plan.fieldMap),
      kind: mapKind(ticket.kind, plan.fieldMap),
      requesterId: requester.targetId!,
      assigneeId,
      groupId,
      organizationId,
      tags,
      customFields,
      comments,
    },
    notes,
    refill: fieldsLeftOut.count > 0,
  };
}

function syntheticNote(id: string, authorId: string, createdAt: string, text: string): Comment {
  return {id, authorId, body: `<p>${escapeHtml(text)}</p>`, public: false, createdAt, attachments: []};
}

function keepAttachment(attachment: Attachment, ctx: MapContext, bytesSoFar: number): true | string {
  const {options} = ctx.plan;
  if (options.skipAttachments && !attachment.inline) return `attachment ${attachment.fileName} left out (options.skipAttachments)`;
  if (options.skipInlineImages && attachment.inline) return `inline image ${attachment.fileName} left out (options.skipInlineImages)`;
  if (attachment.size > ctx.limits.maxAttachmentBytes)
    return `attachment ${attachment.fileName} (${mb(attachment.size)}) is larger than the target accepts (${mb(ctx.limits.maxAttachmentBytes)}): left out`;
  const perTicket = ctx.limits.maxAttachmentsPerTicketBytes;
  if (perTicket !== undefined && bytesSoFar + attachment.size > perTicket)
    return `attachment ${attachment.fileName} (${mb(attachment.size)}) would take the ticket's attachments over the target's ${mb(perTicket)} limit: left out`;
  return true;
}

function mapCustomFields(ticket: Ticket, ctx: MapContext, notes: string[], leftOut: {count: number}): Ticket['customFields'] {
  const {fieldMap} = ctx.plan;
  const out: Ticket['customFields'] = {};
  const targetFields = ctx.targetFields();
  for (const [sourceFieldId, value] of Object.entries(ticket.customFields)) {
    if (value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0)) continue;
    const source = ctx.sourceFields.find((f) => f.id === sourceFieldId);
    const field = ctx.fieldTarget(sourceFieldId);
    const target = targetFields.find((f) => f.id === field.targetId);
    if (!source) continue; // not a field of the source account's list (a system field)
    if (!target) {
      // Never a silent drop: the record says so, and a later run writes the value.
      if (field.deliberate) continue;
      notes.push(`custom field "${source.title}" is not on the target yet (${field.reason ?? 'not migrated'}): its value was left out; a later run fills it in`);
      leftOut.count++;
      continue;
    }
    const mapped = mapFieldValue(value, source, target, fieldMap.values[sourceFieldId] ?? fieldMap.values[source.title]);
    if (mapped.note) notes.push(mapped.note);
    if (mapped.value !== undefined && mapped.value !== null) out[target.id] = mapped.value;
  }
  for (const field of targetFields) {
    if (!field.required || !field.active) continue;
    const present = out[field.id];
    if (present !== undefined && present !== null && present !== '' && !(Array.isArray(present) && present.length === 0)) continue;
    const fallback = fieldMap.defaults[field.id] ?? fieldMap.defaults[field.title] ?? fieldMap.defaults[field.key];
    if (fallback === undefined)
      throw new RecordError(`required target field "${field.title}" has no value; set a default for it in the field map (fieldMap.defaults["${field.title}"])`);
    out[field.id] = field.type === 'multiselect' ? [fallback] : fallback;
    notes.push(`required field "${field.title}" set to its default "${fallback}"`);
  }
  return out;
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => ({'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;'})[c]!);
}
