// Finding again what ferry wrote on either Freshworks desk, by its marker: groups, departments or
// companies, solution categories and folders carry the text marker in their description, articles
// the HTML marker in their body. Neither desk lists articles account-wide, so they are searched
// folder by folder; each desk supplies its own list calls (paths and wrapper keys differ).
import type {Id} from '../../source/contracts/model.js';
import {htmlMarkerOf, textMarkerOf} from '../shared/markers.js';

export function idOf(record: {id: number} | undefined): Id | undefined {
  return record ? String(record.id) : undefined;
}

/** The record whose description holds the text marker of `sourceKey`. */
export function withTextMarkerOf(items: Array<{id: number; description?: string | null}>, sourceKey: string): Id | undefined {
  return idOf(items.find((item) => textMarkerOf(item.description) === sourceKey));
}

/** The first article, folder by folder, whose body holds the HTML marker of `sourceKey`. */
export async function articleWithMarker(folders: Array<{id: number}>, articlesOf: (folderId: number) => Promise<Array<{id: number; description: string}>>, sourceKey: string): Promise<Id | undefined> {
  for (const folder of folders) {
    const found = (await articlesOf(folder.id)).find((article) => htmlMarkerOf(article.description) === sourceKey);
    if (found) return String(found.id);
  }
  return undefined;
}
