// Freshworks' error bodies, the same on Freshdesk and Freshservice: {description, errors[{field,
// message, code}]} for validation (400, 409) and {code, message} for the rest (401, 403, 404, 429)
// (Freshdesk API v2 "Error Codes"; Freshservice API v2 "Error Codes"). One reading, so a message
// that names a refused field reads the same on both.
import type {HttpResponse} from '../../source/contracts/http.js';
import type {Id} from '../../source/contracts/model.js';
import {HttpRecordError} from '../../source/contracts/errors.js';
import type {FreshworksPlatform} from './reader.js';

export interface FreshworksErrorBody {
  description?: string;
  errors?: Array<{field?: string; message?: string; code?: string}>;
  code?: string;
  message?: string;
}

/** "Validation failed: email: It should be a valid email address" or the {code, message} text. */
export function describeFreshworksError(status: number, body: unknown): string {
  if (body && typeof body === 'object') {
    const error = body as FreshworksErrorBody;
    const details = (error.errors ?? []).map((item) => [item.field, item.message ?? item.code].filter(Boolean).join(': ')).filter(Boolean);
    if (error.description || details.length) return [error.description ?? 'Error', details.join('; ')].filter(Boolean).join(': ');
    if (error.message) return error.code ? `${error.message} (${error.code})` : error.message;
  }
  if (typeof body === 'string' && body.trim()) return body.trim().slice(0, 300);
  return `HTTP ${status}`;
}

/** Whether a validation answer names this field (a duplicate email, a refused custom field). */
export function hasFieldError(body: unknown, field: string): boolean {
  return ((body as FreshworksErrorBody | undefined)?.errors ?? []).some((error) => error.field === field);
}

/** The id a create answered, or the answer as a record error. `key`: Freshservice's wrapper ({"ticket": {...}}). */
export function createdId(platform: FreshworksPlatform, response: HttpResponse, what: string, key?: string): Id {
  if (response.status >= 300) throw new HttpRecordError(`${what}: ${platform} answered ${response.status} ${describeFreshworksError(response.status, response.body)}`, response.status, response.body);
  const body = response.body as {id?: number} | Record<string, {id?: number}> | undefined;
  const record = key === undefined ? (body as {id?: number} | undefined) : (body as Record<string, {id?: number}> | undefined)?.[key];
  return String(record?.id ?? '');
}
