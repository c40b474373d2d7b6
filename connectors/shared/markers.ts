// ferry's source markers in a record's text ("[ferry-source: <key>]") or HTML ("<!-- ferry-source: <key> -->"),
// for platforms that keep no other place for them (Freshdesk, Freshservice): how a write whose answer
// was lost is found again, and what is stripped when the record is read back.
const TEXT_MARKER = /\s*\[ferry-source: ([^\]]+)\]\s*$/;
const HTML_MARKER = /\s*<!-- ferry-source: (.+?) -->\s*/;

export function withTextMarker(text: string, sourceKey: string): string {
  return `${stripTextMarker(text)}${text.trim() ? '\n\n' : ''}[ferry-source: ${sourceKey}]`;
}
export function textMarkerOf(text: string | null | undefined): string | undefined {
  return text ? TEXT_MARKER.exec(text)?.[1] : undefined;
}
export function stripTextMarker(text: string): string {
  return text.replace(TEXT_MARKER, '');
}
export function withHtmlMarker(html: string, marker: string): string {
  return `${stripHtmlMarker(html)}\n<!-- ferry-source: ${marker} -->`;
}
export function htmlMarkerOf(html: string | null | undefined): string | undefined {
  return html ? HTML_MARKER.exec(html)?.[1] : undefined;
}
export function stripHtmlMarker(html: string): string {
  return html.replace(HTML_MARKER, '');
}
