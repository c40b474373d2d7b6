// What both Freshworks writers do the same way: the "originally from … on …" line for what neither
// can date, inline images carried as attachments, multipart form fields (tags[], custom_fields[name])
// and ferry's text and HTML markers (connectors/shared/markers.ts).
import type {Attachment} from '../../source/contracts/model.js';
export {withTextMarker, textMarkerOf, stripTextMarker, withHtmlMarker, htmlMarkerOf, stripHtmlMarker} from '../shared/markers.js';

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** "Originally from Jane <jane@x> on 2024-03-01 12:00 UTC": neither desk can set dates on tickets or notes. */
export function originHeader(authorLabel: string | undefined, createdAt: string): string {
  const when = createdAt.replace('T', ' ').replace(/:\d\d(\.\d+)?Z$/, ' UTC');
  const who = authorLabel ? `from ${escapeHtml(authorLabel)} ` : '';
  return `<p><em>Originally ${who}on ${when}</em></p>\n`;
}

/** Inline images travel as attachments: their <img> tags would point at the source account. */
export function withoutInlineImages(body: string, attachments: Attachment[]): string {
  const inline = new Map(attachments.filter((attachment) => attachment.inline).map((image) => [image.url, image.fileName]));
  if (!inline.size) return body;
  return body.replace(/<img\b[^>]*\bsrc="([^"]*)"[^>]*>/gi, (tag, src: string) => {
    const name = inline.get(src.replace(/&amp;/g, '&'));
    return name === undefined ? tag : `<p>[image attached: ${escapeHtml(name)}]</p>`;
  });
}

/** The fields that are set: an absent value is not sent (both refuse null where a value is required). */
export function definedFields<V>(fields: Record<string, V | undefined>): Record<string, V> {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as Record<string, V>;
}

/** A value as a multipart form takes it: arrays as key[], objects as key[sub], nothing for null. */
export function appendFormField(form: FormData, key: string, value: unknown) {
  if (value === undefined || value === null) return;
  if (Array.isArray(value)) for (const item of value) form.append(`${key}[]`, String(item));
  else if (typeof value === 'object') for (const [sub, item] of Object.entries(value as Record<string, unknown>)) form.append(`${key}[${sub}]`, String(item));
  else form.append(key, String(value));
}
