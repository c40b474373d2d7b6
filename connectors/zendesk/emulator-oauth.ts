// The emulator's OAuth: one confidential client, access tokens that expire, and the
// refresh-token grant at POST /oauth/tokens, which hands out a new access token and a new
// refresh token and deletes the pair it replaced, as Zendesk documents
// (support.zendesk.com/hc/en-us/articles/9182123625370; developer.zendesk.com/api-reference/
// ticketing/oauth/grant_type_tokens/). Default lifetimes: access 30 minutes, refresh 30 days
// (support.zendesk.com/hc/en-us/articles/10212201463962). The error bodies follow OAuth 2.0
// (RFC 6749 §5.2): Zendesk's own are not printed in its reference (docs/platforms/zendesk.md, Unsure).
import {randomBytes} from 'node:crypto';
import type {EmulatorReply, EmulatorRequest} from '../shared/emulator-kit.js';

export interface OAuthLifetimes {
  /** Access token lifetime (default 30 minutes) */
  accessTokenMs?: number;
  /** Refresh token lifetime (default 30 days) */
  refreshTokenMs?: number;
}

interface Grant {
  userId: number;
  expiresAt: number;
}

export class OAuthGrants {
  readonly clientId = 'ferry_emulator';
  readonly clientSecret = randomBytes(16).toString('hex');
  private readonly access = new Map<string, Grant>();
  private readonly refresh = new Map<string, Grant & {access: string}>();
  /** Refresh grants answered so far (tests count renewals) */
  renewals = 0;

  constructor(
    private readonly lifetimes: Required<OAuthLifetimes>,
    private readonly now: () => number,
  ) {}

  /** A first pair for a user, as an authorization-code exchange would give it. */
  issue(userId: number): {accessToken: string; refreshToken: string} {
    const accessToken = `emu-at-${randomBytes(12).toString('hex')}`;
    const refreshToken = `emu-rt-${randomBytes(12).toString('hex')}`;
    this.access.set(accessToken, {userId, expiresAt: this.now() + this.lifetimes.accessTokenMs});
    this.refresh.set(refreshToken, {userId, expiresAt: this.now() + this.lifetimes.refreshTokenMs, access: accessToken});
    return {accessToken, refreshToken};
  }

  /** The user of a live access token; undefined when unknown or expired. */
  userOf(accessToken: string): number | undefined {
    const grant = this.access.get(accessToken);
    return grant && grant.expiresAt > this.now() ? grant.userId : undefined;
  }

  /** POST /oauth/tokens with grant_type=refresh_token (JSON or form body). */
  handle(request: EmulatorRequest): EmulatorReply {
    const body = formOf(request);
    if (body.grant_type !== 'refresh_token') return oauthError(400, 'unsupported_grant_type', 'This emulator serves the refresh_token grant only.');
    if (body.client_id !== this.clientId || body.client_secret !== this.clientSecret) return oauthError(401, 'invalid_client', 'Client authentication failed.');
    const grant = body.refresh_token ? this.refresh.get(body.refresh_token) : undefined;
    if (!grant || grant.expiresAt <= this.now()) return oauthError(400, 'invalid_grant', 'The refresh token is invalid, expired or revoked.');
    // The used pair is deleted: a second use of the same refresh token is refused.
    this.refresh.delete(body.refresh_token!);
    this.access.delete(grant.access);
    const issued = this.issue(grant.userId);
    this.renewals++;
    return {
      status: 200,
      json: {
        access_token: issued.accessToken,
        token_type: 'bearer',
        scope: 'read write',
        expires_in: Math.round(this.lifetimes.accessTokenMs / 1000),
        refresh_token: issued.refreshToken,
        refresh_token_expires_in: Math.round(this.lifetimes.refreshTokenMs / 1000),
      },
    };
  }
}

function formOf(request: EmulatorRequest): Record<string, string | undefined> {
  if (request.json && typeof request.json === 'object') return request.json as Record<string, string>;
  return Object.fromEntries(new URLSearchParams(request.raw.toString('utf8')));
}

function oauthError(status: number, error: string, description: string): EmulatorReply {
  return {status, json: {error, error_description: description}};
}
