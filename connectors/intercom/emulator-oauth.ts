// The Intercom emulator's OAuth: one app (client id and secret), authorization codes that work once and
// for 5 minutes ("the code will expire after about 5 minutes"), exchanged at POST /auth/eagle/token for
// an access token that does not expire and comes with no refresh token, answered as
// {"token", "access_token", "token_type": "Bearer"} (docs/platforms/intercom.md, Authentication). A
// refused exchange answers Intercom's Error List; its real body is not documented (the doc's Unsure).
import {randomBytes} from 'node:crypto';
import type {EmulatorReply, EmulatorRequest} from '../shared/emulator-kit.js';
import {errorList} from './emulator-context.js';

export const CODE_LIFETIME_MS = 5 * 60_000;

export class IntercomOAuth {
  readonly clientId = randomBytes(8).toString('hex');
  readonly clientSecret = randomBytes(16).toString('hex');
  private readonly codes = new Map<string, number>();
  private readonly tokens = new Set<string>();
  /** Codes exchanged so far (tests count them) */
  exchanges = 0;

  constructor(private readonly now: () => number) {}

  /** A code as the redirect after "Authorize" hands it over. */
  issueCode(): string {
    const code = randomBytes(12).toString('hex');
    this.codes.set(code, this.now() + CODE_LIFETIME_MS);
    return code;
  }

  isToken(token: string): boolean {
    return this.tokens.has(token);
  }

  /** The workspace revokes the app's access (or uninstalls it): its tokens stop working. */
  revokeAll() {
    this.tokens.clear();
  }

  /** POST /auth/eagle/token with code, client_id, client_secret (form or JSON). */
  handle(request: EmulatorRequest): EmulatorReply {
    const form = formOf(request);
    if (form.client_id !== this.clientId || form.client_secret !== this.clientSecret) return errorList(401, 'unauthorized', 'Unauthorized client');
    const expires = form.code ? this.codes.get(form.code) : undefined;
    if (expires === undefined || expires <= this.now()) return errorList(401, 'unauthorized', 'Unauthorized Code');
    // A code works once.
    this.codes.delete(form.code!);
    const token = `dG9rOm9hdXRo${randomBytes(18).toString('hex')}`;
    this.tokens.add(token);
    this.exchanges++;
    return {status: 200, json: {token, access_token: token, token_type: 'Bearer'}};
  }
}

function formOf(request: EmulatorRequest): Record<string, string | undefined> {
  if (request.json && typeof request.json === 'object') return request.json as Record<string, string>;
  return Object.fromEntries(new URLSearchParams(request.raw.toString('utf8')));
}
