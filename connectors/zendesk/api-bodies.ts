// Request bodies Zendesk's write endpoints take, built from neutral records (pure).
import type {Group, KbArticle, KbCategory, KbSection, Organization, Person, PersonFieldValue, Ticket, TicketField} from '../../source/contracts/model.js';
import {bodyMarker, fieldTypeToNative, markerLabel, tagOf, withMarker, type ZdTicketField} from './api-shapes.js';
import {emailsOf, phonesOf} from '../../source/contracts/model.js';

const numeric = (id: string | undefined): number | undefined => (id === undefined || id === '' ? undefined : Number(id));

export function ticketFieldBody(field: TicketField, sourceKey?: string) {
  const isOptions = field.type === 'dropdown' || field.type === 'multiselect';
  return {
    ticket_field: {
      type: fieldTypeToNative(field.type),
      title: field.title,
      required: field.required,
      active: field.active,
      ...(sourceKey ? {agent_description: withMarker('', sourceKey)} : {}),
      ...(field.type === 'regexp' && field.pattern ? {regexp_for_validation: field.pattern} : {}),
      ...(isOptions ? {custom_field_options: (field.options ?? []).map((option) => ({name: option.label, value: tagOf(option.value)}))} : {}),
    },
  };
}

export function groupBody(group: Group, sourceKey?: string) {
  return {group: {name: group.name, description: sourceKey ? withMarker(group.description, sourceKey) : (group.description ?? '')}};
}

/** `fields`: the organization's custom fields the target has, keyed by its field keys. */
export function organizationBody(org: Organization, sourceKey?: string, fields?: Record<string, PersonFieldValue>) {
  return {
    organization: {
      name: org.name,
      domain_names: org.domains,
      notes: org.notes ?? null,
      ...(fields && Object.keys(fields).length ? {organization_fields: fields} : {}),
      ...(sourceKey ? {external_id: sourceKey} : {}),
    },
  };
}

/** On create (`sourceKey` given) every further email and phone goes as an identity; `fields`: the
 * person's custom fields the target has, keyed by its user field keys. */
export function userBody(person: Person, sourceKey?: string, fields?: Record<string, PersonFieldValue>) {
  const more = [...emailsOf(person).slice(1).map((value) => ({type: 'email', value})), ...phonesOf(person).slice(1).map((value) => ({type: 'phone_number', value}))];
  return {
    user: {
      name: person.name,
      email: person.email ?? null,
      ...(person.phone ? {phone: person.phone} : {}),
      ...(sourceKey && more.length ? {identities: more} : {}),
      ...(fields && Object.keys(fields).length ? {user_fields: fields} : {}),
      role: person.role,
      organization_id: numeric(person.organizationId) ?? null,
      ...(sourceKey ? {external_id: sourceKey} : {}),
      // A migrated person is already known: never send them a verification email.
      verified: true,
      skip_verify_email: true,
    },
  };
}

/** Custom field value in Zendesk's form: drop-down values are option tags. */
export function customFieldValue(value: Ticket['customFields'][string], field: ZdTicketField | undefined): unknown {
  if (value === null || !field) return value;
  const options = field.custom_field_options ?? [];
  const toTag = (raw: string) => options.find((option) => option.value === raw || option.name === raw)?.value ?? tagOf(raw);
  if (field.type === 'tagger' && typeof value === 'string') return toTag(value);
  if (field.type === 'multiselect') return (Array.isArray(value) ? value : [String(value)]).map(toTag);
  return value;
}

export interface ImportComment {
  author_id: number;
  html_body: string;
  public: boolean;
  created_at: string;
  uploads?: string[];
}

export function ticketImportBody(ticket: Ticket, comments: ImportComment[], fields: Map<number, ZdTicketField>, sourceKey?: string) {
  const solved = ticket.status === 'solved' || ticket.status === 'closed';
  return {
    ticket: {
      ...(sourceKey ? {external_id: sourceKey} : {}),
      subject: ticket.subject,
      status: ticket.status,
      priority: ticket.priority,
      ...(ticket.kind ? {type: ticket.kind} : {}),
      requester_id: Number(ticket.requesterId),
      ...(ticket.assigneeId ? {assignee_id: Number(ticket.assigneeId)} : {}),
      ...(ticket.groupId ? {group_id: Number(ticket.groupId)} : {}),
      ...(ticket.organizationId ? {organization_id: Number(ticket.organizationId)} : {}),
      tags: ticket.tags,
      ...(ticket.ccEmails.length ? {collaborators: ticket.ccEmails} : {}),
      custom_fields: Object.entries(ticket.customFields).map(([id, value]) => ({id: Number(id), value: customFieldValue(value, fields.get(Number(id)))})),
      created_at: ticket.createdAt,
      updated_at: ticket.updatedAt,
      ...(solved ? {solved_at: ticket.updatedAt} : {}),
      comments,
    },
  };
}

export function categoryBody(category: KbCategory, locale: string, sourceKey?: string) {
  return {category: {name: category.name, description: sourceKey ? withMarker(category.description, sourceKey) : (category.description ?? ''), locale}};
}

export function sectionBody(section: KbSection, locale: string, sourceKey?: string) {
  return {section: {name: section.name, description: sourceKey ? withMarker(section.description, sourceKey) : (section.description ?? ''), locale}};
}

/** `labels`: whether the plan has article labels (the body marker is written either way). */
export function articleBody(article: KbArticle, locale: string, permissionGroupId: number, sourceKey?: string, labels = true) {
  return {
    article: {
      title: article.title,
      body: sourceKey ? article.body + bodyMarker(sourceKey) : article.body,
      locale,
      draft: article.draft,
      ...(article.authorId ? {author_id: Number(article.authorId)} : {}),
      ...(labels ? {label_names: sourceKey ? [...article.tags, markerLabel(sourceKey)] : article.tags} : {}),
      permission_group_id: permissionGroupId,
      // null: visible to everyone, as the source article was published
      user_segment_id: null,
    },
    // Never email followers of the section about migrated articles.
    notify_subscribers: false,
  };
}

