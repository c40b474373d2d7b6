// The native shapes Freshdesk and Freshservice document alike, and their one translation to and
// from the neutral model: groups, solution categories, folders and articles (same field names on
// both; ferry's marker in their description), and the Person both build from an agent. What each
// desk names differently (contacts and requesters, companies and departments, an agent's name and
// roles) stays in its api-shapes.ts.
import type {Group, KbArticle, KbCategory, KbSection, Person} from '../../source/contracts/model.js';
import {stripHtmlMarker, stripTextMarker, withHtmlMarker, withTextMarker} from '../shared/markers.js';

/** A group or a solution category: {id, name, description, created_at, updated_at} on both. */
export interface FwNamed {
  id: number;
  name: string;
  description: string | null;
  created_at: string;
  updated_at: string;
}

export interface FwFolder extends FwNamed {
  category_id: number;
  /** Freshdesk's "Flexible Hierarchy" accounts only */
  parent_folder_id?: number | null;
}

export interface FwArticle {
  id: number;
  folder_id: number;
  title: string;
  description: string;
  /** 1 draft, 2 published */
  status: number;
  /** Freshservice prints agent_id (View/List) and user_id (Create) */
  agent_id?: number | null;
  user_id?: number | null;
  tags?: string[];
  created_at: string;
  updated_at: string;
}

export function stripUndefined<T extends object>(value: T): T {
  for (const key of Object.keys(value) as Array<keyof T>) if (value[key] === undefined) delete value[key];
  return value;
}

export function groupFromNative(group: FwNamed): Group {
  return stripUndefined({id: String(group.id), name: group.name, description: stripTextMarker(group.description ?? '') || undefined, createdAt: group.created_at, updatedAt: group.updated_at});
}

export function groupToNative(group: Group, sourceKey: string): Record<string, unknown> {
  return {name: group.name, description: withTextMarker(group.description ?? '', sourceKey)};
}

export function categoryFromNative(category: FwNamed): KbCategory {
  return stripUndefined({id: String(category.id), name: category.name, description: stripTextMarker(category.description ?? '') || undefined, createdAt: category.created_at, updatedAt: category.updated_at});
}

export function folderFromNative(folder: FwFolder): KbSection {
  return stripUndefined({
    id: String(folder.id),
    categoryId: String(folder.category_id),
    parentId: folder.parent_folder_id ? String(folder.parent_folder_id) : undefined,
    name: folder.name,
    description: stripTextMarker(folder.description ?? '') || undefined,
    createdAt: folder.created_at,
    updatedAt: folder.updated_at,
  });
}

export function articleFromNative(article: FwArticle): KbArticle {
  const author = article.agent_id ?? article.user_id;
  return stripUndefined({
    id: String(article.id),
    sectionId: String(article.folder_id),
    title: article.title,
    body: stripHtmlMarker(article.description),
    authorId: author ? String(author) : undefined,
    draft: article.status !== 2,
    tags: article.tags ?? [],
    createdAt: article.created_at,
    updatedAt: article.updated_at,
  });
}

/** Create Article's body; `declared`: the fields one desk adds (Freshservice: article_type, folder_id). */
export function articleToNative(article: KbArticle, sourceKey: string, declared: Record<string, unknown> = {}): Record<string, unknown> {
  return {title: article.title, description: withHtmlMarker(article.body, sourceKey), status: article.draft ? 1 : 2, ...declared, tags: article.tags};
}

/** An agent as a Person, from the fields each desk reads out of its own agent shape. */
export function agentPerson(agent: {id: number; name: string; email: string; phone: string | null | undefined; admin: boolean; active: boolean; groupIds: number[]; createdAt: string; updatedAt: string}): Person {
  return stripUndefined({
    id: String(agent.id),
    name: agent.name,
    email: agent.email,
    phone: agent.phone ?? undefined,
    role: agent.admin ? ('admin' as const) : ('agent' as const),
    active: agent.active,
    groupIds: agent.groupIds.map(String),
    createdAt: agent.createdAt,
    updatedAt: agent.updatedAt,
  });
}
