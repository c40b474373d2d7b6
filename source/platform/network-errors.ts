// What a failed connection means, in words an operator can act on. Node reports a
// wrong scheme as "EPROTO … ssl3_get_record:wrong version number" and a closed port
// as a bare code; these name the server, say what is wrong and what to change.
// TLS verification is never offered as something to turn off.

export interface NetworkErrorDescription {
  /** What happened, naming the server by its origin (no path, query or user info) */
  message: string;
  /** What to do about it */
  hint: string;
  /**
   * The server cannot be reached as configured and the request was never sent
   * (nothing listens, no such host, DNS down, TLS handshake or certificate refused):
   * retrying within seconds will not help, so a connection test can say so at once.
   */
  permanent: boolean;
}

const CERTIFICATE_UNTRUSTED = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'INVALID_CA',
]);
const CERTIFICATE_DATES = new Set(['CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID']);
const CERTIFICATE_NAME = new Set(['ERR_TLS_CERT_ALTNAME_INVALID', 'HOSTNAME_MISMATCH']);
const CERTIFICATE_OTHER = new Set(['CERT_REVOKED', 'CERT_SIGNATURE_FAILURE', 'CERT_CHAIN_TOO_LONG', 'UNABLE_TO_DECRYPT_CERT_SIGNATURE', 'UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY', 'ERR_TLS_CERT_ALTNAME_FORMAT']);
// OpenSSL's words for a TLS client talking to a plain-HTTP port (the answer's first bytes are "HTTP/1.1").
const PLAIN_HTTP_ANSWER = /wrong version number|packet length too long|record layer failure/i;
const RESETS = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET']);
// plan.ts accepts plain http only for these hosts, so only they can be told to use http://.
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** Describes an error thrown while sending a request to `url` (the request's URL; `side` is "source" or "target"). */
export function describeNetworkError(error: unknown, context: {url: string; side: string}): NetworkErrorDescription {
  const {code, text} = codeAndText(error);
  const {side} = context;
  const url = parseUrl(context.url);
  if (!url) return {message: `request to ${context.url} failed (${code || 'error'}: ${text})`, hint: `Check the ${side} URL and that the server is reachable.`, permanent: false};
  const origin = url.origin;
  const https = url.protocol === 'https:';
  const hostPort = `${url.hostname}:${url.port || (https ? 443 : 80)}`;
  const swapped = `${https ? 'http' : 'https'}://${url.host}`;

  if (https && (code === 'ERR_SSL_WRONG_VERSION_NUMBER' || ((code === 'EPROTO' || code.startsWith('ERR_SSL_')) && PLAIN_HTTP_ANSWER.test(text)))) {
    if (LOOPBACK.has(url.hostname))
      return {message: `the server at ${origin} speaks plain HTTP, not HTTPS: use ${swapped}`, hint: `Change the ${side} URL to ${swapped} (Connect screen or plan.json).`, permanent: true};
    return {
      message: `the server at ${origin} speaks plain HTTP, not HTTPS: use its HTTPS address (ferry sends credentials over plain HTTP only to this machine)`,
      hint: `Change the ${side} URL to the server's HTTPS address (often https://${url.hostname}, without a port).`,
      permanent: true,
    };
  }
  if (code === 'ECONNREFUSED')
    return {message: `nothing listens at ${hostPort} (connection refused, ECONNREFUSED)`, hint: `Check the ${side} URL ${origin} (host and port) and that the server is running.`, permanent: true};
  if (code === 'ENOTFOUND')
    return {message: `no such host: ${url.hostname} (ENOTFOUND)`, hint: `Check the spelling of the ${side} URL ${origin}, and this machine's DNS settings.`, permanent: true};
  if (code === 'EAI_AGAIN')
    return {message: `the name ${url.hostname} could not be looked up: DNS did not answer (EAI_AGAIN)`, hint: `Check this machine's network connection and DNS, then try again.`, permanent: true};
  if (CERTIFICATE_UNTRUSTED.has(code) || CERTIFICATE_DATES.has(code) || CERTIFICATE_NAME.has(code) || CERTIFICATE_OTHER.has(code)) {
    const message = `the TLS certificate of ${origin} cannot be verified: ${text} (${code}); ferry keeps TLS verification on`;
    const fix = CERTIFICATE_UNTRUSTED.has(code)
      ? `If the server's certificate comes from your organisation's own authority, give ferry that authority's certificate: NODE_EXTRA_CA_CERTS=/path/to/ca.pem ferry …; otherwise install a certificate from a public authority (with its intermediate certificates) on the server.`
      : CERTIFICATE_DATES.has(code)
        ? `Renew the server's certificate, or correct this machine's clock if it is wrong.`
        : CERTIFICATE_NAME.has(code)
          ? `Use the host name the certificate was issued for in the ${side} URL, or fix the certificate on the server.`
          : `Fix the server's certificate.`;
    return {message, hint: fix, permanent: true};
  }
  if (https && (code === 'EPROTO' || code.startsWith('ERR_SSL_')))
    return {
      message: `the TLS handshake with ${origin} failed: ${openSslReason(text)} (${code})`,
      hint: `Check that the ${side} URL ${origin} is the server's HTTPS address, and that the server accepts TLS 1.2 or later.`,
      permanent: true,
    };
  if (!https && code.startsWith('HPE_'))
    // The answer was not HTTP at all: most often a TLS server answering in TLS.
    return {message: `the server at ${origin} did not answer in HTTP (${code}): if it speaks HTTPS, use ${swapped}`, hint: `Check the ${side} URL ${origin}: its scheme and port.`, permanent: true};
  if (RESETS.has(code)) {
    // A TLS port closes the connection on a plain-HTTP request; a reset can also be a network blip, so this only suggests.
    const suggestion = https ? '' : `; if it speaks HTTPS, use ${swapped}`;
    return {message: `the server at ${origin} closed the connection without an answer (${code})${suggestion}`, hint: `Check the ${side} URL ${origin} and that the server is reachable.`, permanent: false};
  }
  if (code === 'ETIMEDOUT' || (error as Error | undefined)?.name === 'TimeoutError')
    return {message: `the server at ${origin} did not answer in time (${code || 'timeout'})`, hint: `Check the ${side} URL ${origin} and that the server is reachable.`, permanent: false};
  return {message: `request to ${origin} failed (${code || (error as Error | undefined)?.name || 'error'}: ${text})`, hint: `Check the ${side} URL ${origin} and that the server is reachable.`, permanent: false};
}

/** got and undici wrap the socket's error; its code may be on the error or on its cause. */
function codeAndText(error: unknown): {code: string; text: string} {
  const outer = (error ?? {}) as {code?: unknown; message?: unknown; cause?: {code?: unknown}};
  const code = typeof outer.code === 'string' ? outer.code : typeof outer.cause?.code === 'string' ? outer.cause.code : '';
  const text = typeof outer.message === 'string' ? outer.message.trim() : String(error);
  return {code, text};
}

/** "write EPROTO 80…:error:0A000410:SSL routines:ssl3_read_bytes:sslv3 alert handshake failure:../deps/…" → "sslv3 alert handshake failure" */
function openSslReason(text: string): string {
  return /SSL routines:[^:]*:([^:\n]+)/.exec(text)?.[1]?.trim() ?? text;
}

function parseUrl(text: string): URL | undefined {
  try {
    return new URL(text);
  } catch {
    return undefined;
  }
}

/**
 * A TLS server's answer to a plain-HTTP request (nginx: 400 "The plain HTTP request was sent
 * to HTTPS port"; Apache: "speaking plain HTTP to an SSL-enabled server port"), said as the fix.
 */
export function describePlainHttpToHttpsPort(status: number, body: unknown, baseUrl: string): string | undefined {
  if (status !== 400) return undefined;
  const text = typeof body === 'string' ? body : Buffer.isBuffer(body) ? body.toString('utf8') : '';
  if (!/plain HTTP request was sent to HTTPS port|speaking plain HTTP to an SSL-enabled server port/i.test(text)) return undefined;
  const url = parseUrl(baseUrl);
  if (!url || url.protocol !== 'http:') return undefined;
  return `the server at ${url.origin} speaks HTTPS, not plain HTTP: use https://${url.host}`;
}
