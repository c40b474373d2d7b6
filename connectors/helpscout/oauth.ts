// OAuth2 client credentials for Help Scout's Mailbox API 2.0: POST /v2/oauth2/token with
// grant_type=client_credentials, the App ID as client_id and the App Secret as client_secret
// (developer.helpscout.com/mailbox-api/overview/authentication/). The access token expires
// (expires_in; 172800 s, 48 h, in practice: see docs/platforms/helpscout.md) and there is no refresh
// token in this flow: a new one is fetched with the same app credentials, before expiry or after a
// 401. The current token lives in the 0600 credential store (never plan, journal or logs), so a
// resumed run does not fetch a new token for every process.
import {createHash} from 'node:crypto';
import type {Authorizer, ConnectorSettings, TokenStore} from '../../source/contracts/connector.js';
import {RunStopError} from '../../source/contracts/errors.js';
import {describeHelpScoutError} from './api-shapes.js';

/** POSTs the token request; replaceable in tests. */
export type TokenSender = (url: string, body: Record<string, string>) => Promise<{status: number; body: unknown}>;

export interface HelpScoutOAuthOptions {
  send?: TokenSender;
  now?: () => number;
}

interface StoredToken {
  /** Hash of the app credentials that fetched it: other credentials start afresh */
  origin: string;
  accessToken: string;
  expiresAt?: number;
  lifetimeMs?: number;
}

const SEND_ATTEMPTS = 3;
/** Renew this long before expiry: five minutes, or a quarter of a short lifetime (tests use seconds). */
const renewMarginMs = (lifetimeMs: number | undefined) => Math.min(5 * 60_000, (lifetimeMs ?? 20 * 60_000) / 4);

export const CLIENT_CREDENTIALS_HINT =
  'Check the App ID and App Secret of the Help Scout app (Your Profile > My Apps); the app\'s user must be an active, invited user. The migration resumes where it stopped.';

const fetchSender: TokenSender = async (url, body) => {
  // "you can choose to send data as JSON, form or query params" (Authentication): form is the OAuth default.
  const response = await fetch(url, {method: 'POST', headers: {'content-type': 'application/x-www-form-urlencoded', accept: 'application/json'}, body: new URLSearchParams(body).toString(), signal: AbortSignal.timeout(60_000)});
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    // A proxy's error page: kept as text for the message.
  }
  return {status: response.status, body: parsed};
};

export function tokenStoreName(settings: ConnectorSettings): string {
  const appId = settings.credentials.appId ?? '';
  return `helpscout-oauth:${new URL(settings.baseUrl).host}:${createHash('sha256').update(appId).digest('hex').slice(0, 16)}`;
}

export function helpScoutAuthorizer(settings: ConnectorSettings, store: TokenStore, options: HelpScoutOAuthOptions = {}): Authorizer | undefined {
  const {appId = '', appSecret = ''} = settings.credentials;
  if (!appId || !appSecret) return undefined;
  const send = options.send ?? fetchSender;
  const now = options.now ?? Date.now;
  const name = tokenStoreName(settings);
  const origin = createHash('sha256').update(`${appId}\u0000${appSecret}`).digest('hex');
  const saved = parseToken(store.load(name));
  let token: StoredToken | undefined = saved?.origin === origin ? saved : undefined;
  let renewing: Promise<void> | undefined;
  const mask = (text: string) => [appSecret, appId, token?.accessToken].reduce<string>((masked, secret) => (secret && secret.length >= 4 ? masked.split(secret).join('••••') : masked), text);

  async function fetchToken(): Promise<{access_token: string; expires_in?: number}> {
    const url = `${settings.baseUrl.replace(/\/$/, '')}/v2/oauth2/token`;
    let reason = '';
    for (let attempt = 1; attempt <= SEND_ATTEMPTS; attempt++) {
      try {
        const answer = await send(url, {grant_type: 'client_credentials', client_id: appId, client_secret: appSecret});
        const body = answer.body as {access_token?: string; expires_in?: number} | undefined;
        if (answer.status >= 200 && answer.status < 300 && body?.access_token) return {access_token: body.access_token, expires_in: body.expires_in};
        reason = `${answer.status} ${describeHelpScoutError(answer.status, answer.body)}`;
        // A refusal of the credentials will not change by asking again.
        if (answer.status < 500 && answer.status !== 429) break;
      } catch (error) {
        // Fetching a token changes nothing on the account: asking again is harmless.
        reason = (error as Error).message;
      }
      await new Promise((resolve) => setTimeout(resolve, 500 * attempt));
    }
    throw new RunStopError(`Help Scout: no access token for the app (${mask(reason)}).`, CLIENT_CREDENTIALS_HINT);
  }

  function renew(): Promise<void> {
    renewing ??= (async () => {
      const answer = await fetchToken();
      const lifetimeMs = typeof answer.expires_in === 'number' ? answer.expires_in * 1000 : undefined;
      token = {origin, accessToken: answer.access_token, ...(lifetimeMs !== undefined ? {expiresAt: now() + lifetimeMs, lifetimeMs} : {})};
      store.save(name, JSON.stringify(token));
    })().finally(() => {
      renewing = undefined;
    });
    return renewing;
  }

  const header = () => ({authorization: `Bearer ${token?.accessToken ?? ''}`});
  return {
    async headers() {
      if (renewing) await renewing;
      const expiring = token?.expiresAt !== undefined && token.expiresAt - now() <= renewMarginMs(token.lifetimeMs);
      if (!token || expiring) await renew();
      return header();
    },
    async refresh(rejected) {
      if (renewing) await renewing;
      // Another request renewed while this one was out: its token is already the new one.
      if (token && rejected.authorization !== header().authorization) return true;
      await renew();
      return true;
    },
  };
}

function parseToken(raw: string | undefined): StoredToken | undefined {
  if (!raw) return undefined;
  try {
    const token = JSON.parse(raw) as StoredToken;
    return typeof token.origin === 'string' && typeof token.accessToken === 'string' ? token : undefined;
  } catch {
    return undefined; // a damaged entry: fetch a new token
  }
}
