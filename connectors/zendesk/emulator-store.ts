// The emulator's memory: everything in Zendesk's native shapes, seeded from an
// AccountSnapshot (neutral) and written to by the API. Numeric snapshot ids are
// kept where free; other records get ids above the largest one in use.
import {createHash} from 'node:crypto';
import {attachmentBytes, type AccountSnapshot} from '../../demo-data/account.js';
import {AuditLog} from './emulator-audits.js';
import type {Attachment, Person} from '../../source/contracts/model.js';
import {emailsOf, phonesOf} from '../../source/contracts/model.js';
import {
  fieldTypeToNative,
  SYSTEM_FIELD_TYPES,
  tagOf,
  type ZdArticle,
  type ZdAttachment,
  type ZdCategory,
  type ZdComment,
  type ZdGroup,
  type ZdGroupMembership,
  type ZdOrganization,
  type ZdSection,
  type ZdTicket,
  type ZdTicketField,
  type ZdUser,
  type ZdIdentity,
  type ZdPersonField,
} from './api-shapes.js';

export interface StoredAttachment extends Omit<ZdAttachment, 'content_url'> {
  token: string;
  /** Uploaded bytes, or the seed the bytes are made from (lazily) */
  data?: Buffer;
  seeded?: {seed: number; size: number};
  sha256?: string;
}

export interface StoredUser extends ZdUser {
  /** Soft-deleted: shown by id, left out of lists (as Zendesk does) */
  deleted?: boolean;
  /** Identities beyond the primary email and phone (served by List Identities and include=identities) */
  moreIdentities?: Array<{type: 'email' | 'phone_number'; value: string}>;
}

/** A user's identities as Zendesk lists them: the primary email, the phone, then the others. */
export function identitiesOf(user: StoredUser): ZdIdentity[] {
  const all = [...(user.email ? [{type: 'email', value: user.email}] : []), ...(user.phone ? [{type: 'phone_number', value: user.phone}] : []), ...(user.moreIdentities ?? [])];
  return all.map((identity, index) => ({id: user.id * 1000 + index, user_id: user.id, type: identity.type, value: identity.value, primary: index === 0 || (identity.type === 'phone_number' && identity.value === user.phone)}));
}

/** Zendesk serves every format of a comment's text; the documented examples print only some. */
export interface StoredComment extends Omit<ZdComment, 'attachments' | 'html_body' | 'plain_body'> {
  html_body: string;
  plain_body: string;
  attachment_ids: number[];
}

export interface Credential {
  userId: number;
  email: string;
  apiToken: string;
  oauthToken: string;
}

type Collection = 'fields' | 'groups' | 'orgs' | 'users' | 'memberships' | 'tickets' | 'comments' | 'attachments' | 'hc' | 'permission';

export class ZendeskStore {
  baseUrl = '';
  readonly ticketFields = new Map<number, ZdTicketField>();
  readonly groups = new Map<number, ZdGroup>();
  readonly organizations = new Map<number, ZdOrganization>();
  readonly users = new Map<number, StoredUser>();
  /** List User Fields / List Organization Fields */
  userFields: ZdPersonField[] = [];
  organizationFields: ZdPersonField[] = [];
  readonly memberships = new Map<number, ZdGroupMembership>();
  readonly tickets = new Map<number, ZdTicket>();
  /** Deleted tickets (Zendesk's trash): out of /tickets, restorable, deleted for good from here */
  readonly trash = new Map<number, ZdTicket>();
  readonly comments = new Map<number, StoredComment[]>();
  readonly attachments = new Map<number, StoredAttachment>();
  /** Upload token -> attachment ids not yet on a comment */
  readonly uploads = new Map<string, number[]>();
  /** Upload token -> when it stops working (epoch ms) */
  readonly uploadExpiry = new Map<string, number>();
  readonly audits = new AuditLog();
  /** Whether the plan has Help Center article labels */
  labelsAvailable = true;
  readonly categories = new Map<number, ZdCategory>();
  readonly sections = new Map<number, ZdSection>();
  readonly articles = new Map<number, ZdArticle>();
  readonly permissionGroups = new Map<number, {id: number; name: string; built_in: boolean}>();
  readonly credentials: Credential[] = [];
  readonly locale = 'en-us';
  private readonly next: Record<Collection, number> = {fields: 1, groups: 1, orgs: 1, users: 1, memberships: 1, tickets: 1, comments: 1, attachments: 1, hc: 1, permission: 1};
  private tokenCounter = 0;
  private optionCounter = 1_000_000;
  /** Comment ids in use (comments are stored per ticket) */
  readonly commentIds = new Map<number, true>();

  nextId(collection: Collection): number {
    return this.next[collection]++;
  }

  /** Keeps a numeric snapshot id when it is free, else allocates one. */
  private idFor(collection: Collection, wanted: string, used: Map<number, unknown>): number {
    const numeric = /^\d+$/.test(wanted) ? Number(wanted) : NaN;
    if (Number.isSafeInteger(numeric) && numeric > 0 && !used.has(numeric)) {
      this.next[collection] = Math.max(this.next[collection], numeric + 1);
      return numeric;
    }
    return this.nextId(collection);
  }

  /** Raises the counters above every numeric id of the snapshot first, so kept ids never collide with allocated ones. */
  private reserve(collection: Collection, ids: string[]) {
    for (const id of ids) if (/^\d+$/.test(id)) this.next[collection] = Math.max(this.next[collection], Number(id) + 1);
  }

  newToken(): string {
    this.tokenCounter++;
    return createHash('sha1').update(`upload-${this.tokenCounter}-${Math.random()}`).digest('hex').slice(0, 25);
  }

  contentUrl(attachment: StoredAttachment): string {
    return `${this.baseUrl}/attachments/token/${attachment.token}/?name=${encodeURIComponent(attachment.file_name)}`;
  }

  attachmentJson(attachment: StoredAttachment): ZdAttachment {
    return {id: attachment.id, file_name: attachment.file_name, content_url: this.contentUrl(attachment), mapped_content_url: this.contentUrl(attachment), content_type: attachment.content_type, size: attachment.size, inline: attachment.inline, deleted: false};
  }

  bytesOf(attachment: StoredAttachment): Buffer {
    if (attachment.data) return attachment.data;
    const seeded = attachment.seeded ?? {seed: attachment.id, size: attachment.size};
    return attachmentBytes(seeded.seed, seeded.size);
  }

  sha256Of(attachment: StoredAttachment): string {
    attachment.sha256 ??= createHash('sha256').update(this.bytesOf(attachment)).digest('hex');
    return attachment.sha256;
  }

  /** The account served at another address: the content URLs written into bodies follow it. */
  rebase(from: string, to: string) {
    const move = (text: string) => text.split(`${from}/attachments/`).join(`${to}/attachments/`);
    for (const comments of this.comments.values())
      for (const comment of comments) Object.assign(comment, {body: move(comment.body), html_body: move(comment.html_body), plain_body: move(comment.plain_body)});
    for (const ticket of this.tickets.values()) ticket.description = move(ticket.description);
    for (const article of this.articles.values()) article.body = move(article.body);
  }

  commentJson(comment: StoredComment): ZdComment {
    const {attachment_ids, ...rest} = comment;
    return {...rest, attachments: attachment_ids.map((id) => this.attachments.get(id)).filter((att): att is StoredAttachment => !!att).map((att) => this.attachmentJson(att))};
  }

  userByEmail(email: string): StoredUser | undefined {
    const wanted = email.toLowerCase();
    for (const user of this.users.values()) if (!user.deleted && user.email?.toLowerCase() === wanted) return user;
    return undefined;
  }

  /** Zendesk keeps CCs as users: an unknown address becomes an end-user. */
  userForCc(email: string, at: string): StoredUser {
    const existing = this.userByEmail(email);
    if (existing) return existing;
    const user: StoredUser = {id: this.nextId('users'), name: email.split('@')[0] ?? email, email, phone: null, role: 'end-user', active: true, verified: true, external_id: null, organization_id: null, created_at: at, updated_at: at};
    this.users.set(user.id, user);
    return user;
  }

  groupIdsOf(userId: number): number[] {
    return [...this.memberships.values()].filter((membership) => membership.user_id === userId).map((membership) => membership.group_id);
  }

  addCredential(userId: number, label: string) {
    const user = this.users.get(userId)!;
    this.credentials.push({userId, email: user.email ?? '', apiToken: `emu-${label}-api-token`, oauthToken: `emu-${label}-oauth-token`});
  }

  seed(snapshot: AccountSnapshot, now: string) {
    this.reserve('fields', snapshot.ticketFields.map((field) => field.id));
    this.reserve('groups', snapshot.groups.map((group) => group.id));
    this.reserve('orgs', snapshot.organizations.map((org) => org.id));
    this.reserve('users', [...snapshot.agents, ...snapshot.contacts].map((person) => person.id).concat(snapshot.deletedContactIds));
    this.reserve('tickets', snapshot.tickets.map((ticket) => ticket.id));
    this.reserve('comments', snapshot.tickets.flatMap((ticket) => ticket.comments.map((comment) => comment.id)));
    this.reserve('attachments', snapshot.tickets.flatMap((ticket) => ticket.comments.flatMap((comment) => comment.attachments.map((att) => att.id))));
    this.reserve('hc', [...snapshot.kbCategories, ...snapshot.kbSections, ...snapshot.kbArticles].map((item) => item.id));

    const fieldIds = new Map<string, number>();
    for (const field of snapshot.ticketFields) {
      const id = this.idFor('fields', field.id, this.ticketFields);
      fieldIds.set(field.id, id);
      this.ticketFields.set(id, {
        id,
        type: fieldTypeToNative(field.type),
        title: field.title,
        description: '',
        agent_description: null,
        active: field.active,
        required: field.required,
        removable: true,
        regexp_for_validation: field.pattern ?? null,
        ...(field.options ? {custom_field_options: field.options.map((option) => ({id: ++this.optionCounter, name: option.label, value: tagOf(option.value)}))} : {}),
        created_at: field.createdAt,
        updated_at: field.updatedAt,
      });
    }
    // Every account lists its system fields too; the connector leaves them out.
    for (const type of SYSTEM_FIELD_TYPES.slice(0, 7)) {
      const id = this.nextId('fields');
      this.ticketFields.set(id, {id, type, title: type[0]!.toUpperCase() + type.slice(1), active: true, required: type === 'subject' || type === 'description', removable: false, created_at: now, updated_at: now});
    }

    const groupIds = new Map<string, number>();
    for (const group of snapshot.groups) {
      const id = this.idFor('groups', group.id, this.groups);
      groupIds.set(group.id, id);
      this.groups.set(id, {id, name: group.name, description: group.description ?? '', default: false, deleted: false, created_at: group.createdAt, updated_at: group.updatedAt});
    }
    const personFields = (fields: Array<{key: string; title: string}> | undefined): ZdPersonField[] => (fields ?? []).map((field, index) => ({id: 9000 + index, key: field.key, title: field.title, type: 'text', active: true}));
    this.userFields = personFields(snapshot.contactFields);
    this.organizationFields = personFields(snapshot.organizationFields);
    const orgIds = new Map<string, number>();
    for (const org of snapshot.organizations) {
      const id = this.idFor('orgs', org.id, this.organizations);
      orgIds.set(org.id, id);
      this.organizations.set(id, {id, name: org.name, external_id: null, domain_names: [...org.domains], notes: org.notes ?? null, details: null, organization_fields: {...org.customFields}, created_at: org.createdAt, updated_at: org.updatedAt});
    }
    const userIds = new Map<string, number>();
    const addPerson = (person: Person, deleted = false) => {
      const id = this.idFor('users', person.id, this.users);
      if (!userIds.has(person.id)) userIds.set(person.id, id);
      this.users.set(id, {
        id,
        name: person.name,
        email: person.email ?? null,
        phone: phonesOf(person)[0] ?? null,
        moreIdentities: [...emailsOf(person).slice(1).map((value) => ({type: 'email' as const, value})), ...phonesOf(person).slice(1).map((value) => ({type: 'phone_number' as const, value}))],
        user_fields: {...person.customFields},
        role: person.role,
        active: person.active && !deleted,
        verified: true,
        external_id: null,
        organization_id: person.organizationId ? (orgIds.get(person.organizationId) ?? null) : null,
        created_at: person.createdAt,
        updated_at: person.updatedAt,
        ...(deleted ? {deleted: true} : {}),
      });
      for (const groupId of person.groupIds ?? []) {
        const group = groupIds.get(groupId);
        if (group === undefined) continue;
        const membershipId = this.nextId('memberships');
        this.memberships.set(membershipId, {id: membershipId, user_id: id, group_id: group, default: false, created_at: person.createdAt, updated_at: person.updatedAt});
      }
    };
    snapshot.agents.forEach((agent) => addPerson(agent));
    snapshot.contacts.forEach((contact) => addPerson(contact));
    for (const deletedId of snapshot.deletedContactIds) {
      if (!userIds.has(deletedId)) addPerson({id: deletedId, name: 'Deleted user', role: 'end-user', active: false, createdAt: now, updatedAt: now}, true);
    }
    const userOf = (neutralId: string | undefined): number | null => (neutralId === undefined ? null : (userIds.get(neutralId) ?? null));

    for (const ticket of snapshot.tickets) {
      const id = this.idFor('tickets', ticket.id, this.tickets);
      const requester = userOf(ticket.requesterId) ?? this.userForCc(`unknown-requester-${ticket.id}@example.invalid`, ticket.createdAt).id;
      const comments: StoredComment[] = ticket.comments.map((comment) => {
        const attachmentIds = comment.attachments.map((att) => this.seedAttachment(att, snapshot.attachmentContents[att.id]));
        // Inline images point at their attachment's content_url, as Zendesk serves them.
        let html = comment.body;
        comment.attachments.forEach((att, index) => {
          if (att.url) html = html.split(att.url).join(this.contentUrl(this.attachments.get(attachmentIds[index]!)!));
        });
        const commentId = this.idFor('comments', comment.id, this.commentIds);
        this.commentIds.set(commentId, true);
        return {id: commentId, type: 'Comment', author_id: userOf(comment.authorId) ?? requester, body: stripHtml(html), html_body: html, plain_body: stripHtml(html), public: comment.public, attachment_ids: attachmentIds, created_at: comment.createdAt};
      });
      this.comments.set(id, comments);
      this.tickets.set(id, {
        id,
        external_id: null,
        subject: ticket.subject,
        description: comments[0]?.plain_body ?? '',
        status: ticket.status,
        priority: ticket.priority,
        type: ticket.kind ?? null,
        requester_id: requester,
        submitter_id: comments[0]?.author_id ?? requester,
        assignee_id: userOf(ticket.assigneeId),
        group_id: ticket.groupId ? (groupIds.get(ticket.groupId) ?? null) : null,
        organization_id: ticket.organizationId ? (orgIds.get(ticket.organizationId) ?? null) : null,
        collaborator_ids: ticket.ccEmails.map((email) => this.userForCc(email, ticket.createdAt).id),
        tags: [...ticket.tags],
        custom_fields: [...this.ticketFields.values()].filter((field) => !SYSTEM_FIELD_TYPES.includes(field.type)).map((field) => {
          const neutralId = [...fieldIds.entries()].find(([, nativeId]) => nativeId === field.id)?.[0];
          const value = neutralId === undefined ? undefined : ticket.customFields[neutralId];
          return {id: field.id, value: seedFieldValue(value, field)};
        }),
        created_at: ticket.createdAt,
        updated_at: ticket.updatedAt,
      });
    }

    const permissionId = this.nextId('permission');
    this.permissionGroups.set(permissionId, {id: permissionId, name: 'Admins', built_in: true});
    const categoryIds = new Map<string, number>();
    for (const category of snapshot.kbCategories) {
      const id = this.idFor('hc', category.id, this.categories);
      categoryIds.set(category.id, id);
      this.categories.set(id, {id, name: category.name, description: category.description ?? '', locale: this.locale, source_locale: this.locale, position: 0, created_at: category.createdAt, updated_at: category.updatedAt});
    }
    const sectionIds = new Map<string, number>();
    for (const section of snapshot.kbSections) {
      const id = this.idFor('hc', section.id, this.sections);
      sectionIds.set(section.id, id);
      this.sections.set(id, {id, category_id: categoryIds.get(section.categoryId) ?? 0, name: section.name, description: section.description ?? '', locale: this.locale, source_locale: this.locale, position: 0, created_at: section.createdAt, updated_at: section.updatedAt});
    }
    for (const article of snapshot.kbArticles) {
      const id = this.idFor('hc', article.id, this.articles);
      this.articles.set(id, {id, section_id: sectionIds.get(article.sectionId) ?? 0, title: article.title, body: article.body, author_id: userOf(article.authorId), draft: article.draft, label_names: [...article.tags], locale: this.locale, source_locale: this.locale, permission_group_id: permissionId, user_segment_id: null, created_at: article.createdAt, updated_at: article.updatedAt});
    }
  }

  private seedAttachment(att: Attachment, contents: {seed: number; size: number} | undefined): number {
    const id = this.idFor('attachments', att.id, this.attachments);
    const seeded = contents ?? {seed: id, size: att.size};
    this.attachments.set(id, {id, file_name: att.fileName, content_type: att.contentType, size: seeded.size, inline: att.inline, token: this.newToken(), seeded});
    return id;
  }

  /** The account's admin and, when the seed has one, a non-admin agent: their API credentials. */
  ensureCredentials(now: string) {
    const agents = [...this.users.values()].filter((user) => !user.deleted && user.role !== 'end-user' && user.active && user.email);
    let admin = agents.find((user) => user.role === 'admin');
    if (!admin) {
      admin = {id: this.nextId('users'), name: 'Account Owner', email: 'owner@emulator.zendesk.test', phone: null, role: 'admin', active: true, verified: true, external_id: null, organization_id: null, created_at: now, updated_at: now};
      this.users.set(admin.id, admin);
    }
    this.addCredential(admin.id, 'admin');
    const agent = agents.find((user) => user.role === 'agent');
    if (agent) this.addCredential(agent.id, 'agent');
  }
}

function seedFieldValue(value: unknown, field: ZdTicketField): unknown {
  if (value === undefined || value === null) return null;
  if (field.type === 'tagger' && typeof value === 'string') return tagOf(value);
  if (field.type === 'multiselect') return (Array.isArray(value) ? value : [value]).map((item) => tagOf(String(item)));
  return value;
}

export function stripHtml(html: string): string {
  return html.replace(/<[^>]*>/g, '').replace(/&nbsp;/g, ' ').trim();
}
