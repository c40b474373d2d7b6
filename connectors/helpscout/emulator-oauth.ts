// The emulator's OAuth2 client credentials grant (POST /v2/oauth2/token, developer.helpscout.com/
// mailbox-api/overview/authentication/): one app, tokens that expire after a configurable lifetime
// (Help Scout's are 48 hours; tests use seconds), and no refresh token. The parameters may come as
// form, JSON or query ("you can choose to send data as JSON, form or query params"). The error bodies
// follow OAuth 2.0 (RFC 6749 §5.2): Help Scout's own are not printed in its reference (Unsure).
import {randomBytes} from 'node:crypto';
import type {EmulatorReply, EmulatorRequest} from '../shared/emulator-kit.js';

export const DEFAULT_TOKEN_SECONDS = 172_800;

export class ClientCredentials {
  readonly appId = `emu-app-${randomBytes(6).toString('hex')}`;
  readonly appSecret = randomBytes(16).toString('hex');
  private readonly tokens = new Map<string, {userId: number; expiresAt: number}>();
  /** Tokens issued so far (tests count renewals) */
  issued = 0;

  constructor(
    public lifetimeMs: number,
    private readonly userId: () => number,
    private readonly now: () => number = Date.now,
  ) {}

  userOf(token: string): number | undefined {
    const grant = this.tokens.get(token);
    return grant && grant.expiresAt > this.now() ? grant.userId : undefined;
  }

  /** Every token issued so far stops working (a test's "the token expired mid-run"). */
  expireAll() {
    for (const grant of this.tokens.values()) grant.expiresAt = 0;
  }

  handle(request: EmulatorRequest): EmulatorReply {
    const params: Record<string, string | undefined> = {
      ...Object.fromEntries(request.query),
      ...(request.json && typeof request.json === 'object' ? (request.json as Record<string, string>) : Object.fromEntries(new URLSearchParams(request.raw.toString('utf8')))),
    };
    if (params.grant_type !== 'client_credentials') return oauthError(400, 'unsupported_grant_type', 'This emulator serves the client_credentials grant only.');
    if (params.client_id !== this.appId || params.client_secret !== this.appSecret) return oauthError(401, 'invalid_client', 'Client authentication failed.');
    const token = `emu-at-${randomBytes(12).toString('hex')}`;
    this.tokens.set(token, {userId: this.userId(), expiresAt: this.now() + this.lifetimeMs});
    this.issued++;
    return {status: 200, json: {token_type: 'bearer', access_token: token, expires_in: Math.round(this.lifetimeMs / 1000)}};
  }
}

function oauthError(status: number, error: string, description: string): EmulatorReply {
  return {status, json: {error, error_description: description}};
}
