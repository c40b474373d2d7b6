// Keeping attachment bytes exact through RT's charset handling.
//
// RT converts every "textual" MIME part (text/plain, text/html, message/rfc822:
// RT::I18N::IsTextualContentType) to UTF-8 when it stores it. A part without a
// charset gets its charset GUESSED from the bytes (RT::I18N::_GuessCharset), so a
// text file that is not UTF-8 comes back altered (seen: a 5,069-byte log guessed as
// UTF-16BE came back as 7,520 bytes). REST 2.0's GET /attachment/:id then returns
// the part decoded with its charset and re-encoded as UTF-8.
//
// What ferry does, verified against RT 5.0.3:
//   writing  a textual part is sent with an explicit charset: "utf-8" when its bytes
//            are valid UTF-8 (stored unchanged), else "iso-8859-1", where every byte
//            is a character, so nothing is guessed and the conversion is reversible.
//            RT then stores it either unchanged (seen on POST /ticket) or converted to
//            UTF-8 with "X-RT-Original-Encoding: iso-8859-1" (seen on correspond/comment);
//   reading  a textual part is encoded back from the UTF-8 that REST 2.0 returns into
//            its original charset (X-RT-Original-Encoding, else its charset), as RT's
//            own RT::Attachment::OriginalContent does. Latin-1 and UTF-16 are exact;
//            other charsets are returned as RT's UTF-8 text.

const TEXTUAL = /^(?:text\/(?:plain|html)|message\/rfc822)\b/i;

export function isRtTextual(contentType: string): boolean {
  return TEXTUAL.test(contentType.trim());
}

function isValidUtf8(bytes: Buffer): boolean {
  try {
    new TextDecoder('utf-8', {fatal: true}).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** The FileType to send for an attachment so RT stores its bytes unchanged. */
export function rtFileType(contentType: string | undefined, bytes: Buffer): string {
  const type = (contentType || 'application/octet-stream').split(';')[0]!.trim() || 'application/octet-stream';
  if (!isRtTextual(type)) return contentType || 'application/octet-stream';
  return `${type}; charset=${isValidUtf8(bytes) ? 'utf-8' : 'iso-8859-1'}`;
}

/** The charset a textual part was written in: RT's record of the original, else its charset. */
function charsetOf(headers: string | undefined): string | undefined {
  const original = /^X-RT-Original-Encoding:\s*(\S+)/im.exec(headers ?? '')?.[1];
  if (original) return original.toLowerCase();
  const contentType = /^Content-Type:\s*(.*)$/im.exec(headers ?? '')?.[1] ?? '';
  return /charset="?([^";\s]+)"?/i.exec(contentType)?.[1]?.toLowerCase();
}

/** The ContentLength values RT may report for an attachment written with rtFileType. */
export function rtStoredSizes(contentType: string | undefined, bytes: Buffer): number[] {
  if (!isRtTextual(contentType ?? '') || isValidUtf8(bytes)) return [bytes.length];
  return [bytes.length, Buffer.byteLength(bytes.toString('latin1'), 'utf8')];
}

/** The bytes of an attachment from REST 2.0's base64 Content and the part's MIME headers. */
export function rtAttachmentBytes(contentBase64: string | undefined, headers: string | undefined, contentType: string): Buffer {
  const served = Buffer.from(contentBase64 ?? '', 'base64');
  if (!isRtTextual(contentType)) return served;
  const charset = charsetOf(headers);
  if (!charset || /^(?:utf-?8|us-ascii|ascii)$/.test(charset)) return served;
  const text = served.toString('utf8');
  if (/^(?:iso-8859-1|latin-?1|l1|iso_8859-1)$/.test(charset)) return Buffer.from(text, 'latin1');
  if (/^utf-?16(?:le)?$/.test(charset)) return Buffer.from(text, 'utf16le');
  if (/^utf-?16be$/.test(charset)) return Buffer.from(text, 'utf16le').swap16();
  return served;
}
