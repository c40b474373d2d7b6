// ferry's markers on a Freshservice account (how a write whose answer was lost is found again),
// the "originally from … on …" line for what Freshservice cannot date, and its error messages.
// The text and HTML markers, the origin line and the error reading are the Freshworks kit's
// (connectors/freshworks/); the ticket marker tag is Freshservice's own (Freshdesk marks tickets
// with a custom field instead).
export {withTextMarker, textMarkerOf, stripTextMarker, withHtmlMarker, htmlMarkerOf, stripHtmlMarker, escapeHtml, originHeader} from '../freshworks/writer.js';
export {describeFreshworksError as describeFreshserviceError} from '../freshworks/errors.js';

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
