// Undo on either Freshworks desk: a delete is DELETE {path}/{id} on both; what differs is declared
// by each connector (its paths, what a permanent contact delete sends, what each delete leaves:
// trash, deactivation or gone) and its web app's pages for ferry show.
import type {RemoveOptions, RemoveOutcome} from '../../source/contracts/connector.js';
import type {HttpClient} from '../../source/contracts/http.js';
import type {Id, RecordType} from '../../source/contracts/model.js';
import {HttpRecordError} from '../../source/contracts/errors.js';
import type {FreshworksPlatform} from './reader.js';

export interface FreshworksDeletes {
  platform: FreshworksPlatform;
  /** The API path of each type that can be deleted */
  paths: Partial<Record<RecordType, string>>;
  /** What a plain delete leaves, where it is not gone for good ('deleted') */
  outcomes: Partial<Record<RecordType, RemoveOutcome>>;
  /** A contact deleted for good (options.permanent): each desk has its own calls */
  permanentContact(http: HttpClient, path: string, what: string): Promise<RemoveOutcome>;
}

export async function removeFreshworks(spec: FreshworksDeletes, http: HttpClient, type: RecordType, id: Id, options: RemoveOptions): Promise<RemoveOutcome> {
  const base = spec.paths[type];
  if (!base) throw new HttpRecordError(`${spec.platform} cannot delete ${type} through its API`, 405, undefined);
  const what = `delete ${type.replace('_', ' ').replace(/s$/, '')} ${id}`;
  if (type === 'contacts' && options.permanent) return spec.permanentContact(http, `${base}/${id}`, what);
  await http.request({method: 'DELETE', url: `${base}/${id}`, what});
  return spec.outcomes[type] ?? 'deleted';
}

/** A send whose 404 means an earlier attempt already did it: true when it was sent now. */
export async function tolerate404(send: () => Promise<unknown>): Promise<boolean> {
  try {
    await send();
    return true;
  } catch (error) {
    if (error instanceof HttpRecordError && error.status === 404) return false;
    throw error;
  }
}

/** The record's page in the web app, for ferry show: `pages` by type, under the account's address. */
export function freshworksWebUrl(pages: Partial<Record<RecordType, string>>) {
  return (baseUrl: string, type: RecordType, id: Id): string | undefined => {
    const path = pages[type];
    return path ? `${baseUrl.replace(/\/$/, '')}/${path}/${id}` : undefined;
  };
}
