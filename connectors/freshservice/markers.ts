// ferry's markers on a Freshservice account (how a write whose answer was lost is found again),
// the "originally from … on …" line for what Freshservice cannot date, and its error messages.
import type {FsErrorBody} from './api-types.js';
import {withTextMarker, textMarkerOf, stripTextMarker, withHtmlMarker, htmlMarkerOf, stripHtmlMarker} from '../shared/markers.js';
export {withTextMarker, textMarkerOf, stripTextMarker, withHtmlMarker, htmlMarkerOf, stripHtmlMarker};

/** "Originally from Jane <jane@x> on 2024-03-01 12:00 UTC": Freshservice cannot set dates on tickets or notes. */
export function originHeader(authorLabel: string | undefined, createdAt: string): string {
  const when = createdAt.replace('T', ' ').replace(/:\d\d(\.\d+)?Z$/, ' UTC');
  return `<p><em>Originally ${authorLabel ? `from ${escapeHtml(authorLabel)} ` : ''}on ${when}</em></p>\n`;
}

// ---- markers (text and HTML ones in connectors/shared/markers.ts) -------------------------

/** The ticket marker tag: Filter Tickets can find tickets by `tag` but not by a custom text field
 * (its custom-field types are number, checkbox, dropdown and date). Letters, digits, '-' and '.'
 * only, so the tag survives Freshservice's tag handling and the filter query's quoting. */
export function markerTag(sourceKey: string): string {
  return `ferry-${sourceKey.replace(/[^A-Za-z0-9.]+/g, '-')}`;
}
/** Only ferry's own marker tags (ferry-<platform>-tickets-<id>), never "ferry-migrated" or a source's own ferry-… tags. */
export function isMarkerTag(tag: string): boolean {
  return /^ferry-[a-z-]+-tickets-[A-Za-z0-9.-]+$/.test(tag);
}

// ---- errors -------------------------------------------------------------------------------

/** "Validation failed: email: It should be a valid email address" or the {code, message} text. */
export function describeFreshserviceError(status: number, body: unknown): string {
  if (body && typeof body === 'object') {
    const error = body as FsErrorBody;
    const details = (error.errors ?? []).map((item) => [item.field, item.message ?? item.code].filter(Boolean).join(': ')).filter(Boolean);
    if (error.description || details.length) return [error.description ?? 'Error', details.join('; ')].filter(Boolean).join(': ');
    if (error.message) return error.code ? `${error.message} (${error.code})` : error.message;
  }
  if (typeof body === 'string' && body.trim()) return body.trim().slice(0, 300);
  return `HTTP ${status}`;
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

