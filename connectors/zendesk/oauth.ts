// OAuth with refresh tokens for Zendesk. Access tokens of new OAuth clients expire (30 minutes
// by default) and are renewed with the refresh-token grant, which also hands out a new refresh
// token and deletes the old pair (support.zendesk.com/hc/en-us/articles/9182123625370;
// developer.zendesk.com/api-reference/ticketing/oauth/grant_type_tokens/). A migration that runs
// for days renews many times, so the newest pair is kept in the 0600 credential store (never in
// the plan, the journal or a log) and the next run continues the chain from there.
import {createHash} from 'node:crypto';
import type {Authorizer, ConnectorSettings, TokenStore} from '../../source/contracts/connector.js';
import {RunStopError} from '../../source/contracts/errors.js';
import {describeZendeskError} from './api-shapes.js';

/** POSTs a form to the token endpoint; replaceable in tests. */
export type TokenSender = (url: string, body: Record<string, string>) => Promise<{status: number; body: unknown}>;

export interface ZendeskOAuthOptions {
  send?: TokenSender;
  now?: () => number;
}

/** What the store keeps for one OAuth client on one account. */
interface TokenChain {
  /** Hash of the refresh token the plan's credentials gave: a new one from the user starts a new chain */
  origin: string;
  refreshToken: string;
  accessToken?: string;
  /** Epoch ms; absent when unknown (an access token given by the user) */
  expiresAt?: number;
  lifetimeMs?: number;
}

interface TokenAnswer {
  access_token?: string;
  refresh_token?: string;
  expires_in?: number;
}

/** Renew this long before expiry: five minutes, or a quarter of a short lifetime. */
const renewMarginMs = (lifetimeMs: number | undefined) => Math.min(5 * 60_000, (lifetimeMs ?? 20 * 60_000) / 4);
const SEND_ATTEMPTS = 3;

export const OAUTH_REFRESH_HINT =
  "Authorize ferry's OAuth client again (Admin Center > Apps and integrations > APIs > OAuth clients) and save the new refresh token where the plan says (credential store or environment); the migration resumes where it stopped.";

const fetchSender: TokenSender = async (url, body) => {
  const response = await fetch(url, {method: 'POST', headers: {'content-type': 'application/json', accept: 'application/json'}, body: JSON.stringify(body), signal: AbortSignal.timeout(60_000)});
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    // Not JSON (a proxy's error page): kept as text for the message.
  }
  return {status: response.status, body: parsed};
};

export function tokenStoreName(settings: ConnectorSettings): string {
  return `zendesk-oauth:${new URL(settings.baseUrl).host}:${settings.credentials.clientId ?? ''}`;
}

export function zendeskAuthorizer(settings: ConnectorSettings, store: TokenStore, options: ZendeskOAuthOptions = {}): Authorizer | undefined {
  if (settings.authKind !== 'oauth') return undefined;
  const {clientId = '', clientSecret = '', refreshToken = '', accessToken} = settings.credentials;
  if (!refreshToken) return undefined;
  const send = options.send ?? fetchSender;
  const now = options.now ?? Date.now;
  const name = tokenStoreName(settings);
  const origin = createHash('sha256').update(refreshToken).digest('hex');
  const saved = parseChain(store.load(name));
  let chain: TokenChain = saved?.origin === origin ? saved : {origin, refreshToken, ...(accessToken ? {accessToken} : {})};
  let renewing: Promise<void> | undefined;

  async function exchange(): Promise<TokenAnswer> {
    const url = `${settings.baseUrl.replace(/\/$/, '')}/oauth/tokens`;
    const body = {grant_type: 'refresh_token', refresh_token: chain.refreshToken, client_id: clientId, client_secret: clientSecret};
    let reason = '';
    for (let attempt = 1; attempt <= SEND_ATTEMPTS; attempt++) {
      let answer: {status: number; body: unknown};
      try {
        answer = await send(url, body);
      } catch (error) {
        // A lost answer may have used up the refresh token; sending it again cannot do worse
        // than Zendesk refusing it, which is said below.
        reason = (error as Error).message;
        await new Promise((resolve) => setTimeout(resolve, 500 * attempt));
        continue;
      }
      const answered = answer.body as TokenAnswer | undefined;
      if (answer.status >= 200 && answer.status < 300 && answered?.access_token) return answered;
      reason = `${answer.status} ${describeZendeskError(answer.status, answer.body)}`;
      if (answer.status < 500 && answer.status !== 429) break;
      await new Promise((resolve) => setTimeout(resolve, 500 * attempt));
    }
    throw new RunStopError(`Zendesk: the OAuth access token could not be renewed (${mask(reason)}).`, OAUTH_REFRESH_HINT);
  }

  function renew(): Promise<void> {
    renewing ??= (async () => {
      const answer = await exchange();
      const lifetimeMs = typeof answer.expires_in === 'number' ? answer.expires_in * 1000 : undefined;
      chain = {
        origin,
        accessToken: answer.access_token!,
        // The grant deletes the refresh token it used: the new one is the only one that works.
        refreshToken: answer.refresh_token ?? chain.refreshToken,
        ...(lifetimeMs !== undefined ? {expiresAt: now() + lifetimeMs, lifetimeMs} : {}),
      };
      store.save(name, JSON.stringify(chain));
    })().finally(() => {
      renewing = undefined;
    });
    return renewing;
  }

  const header = () => ({authorization: `Bearer ${chain.accessToken}`});
  const mask = (text: string) => {
    let masked = text;
    for (const secret of [chain.refreshToken, chain.accessToken, clientSecret]) if (secret && secret.length >= 4) masked = masked.split(secret).join('••••');
    return masked;
  };

  return {
    async headers() {
      if (renewing) await renewing;
      const expiring = chain.expiresAt !== undefined && chain.expiresAt - now() <= renewMarginMs(chain.lifetimeMs);
      if (!chain.accessToken || expiring) await renew();
      return header();
    },
    async refresh(rejected) {
      if (renewing) await renewing;
      // Another request renewed while this one was out: its token is already the new one.
      if (chain.accessToken && rejected.authorization !== header().authorization) return true;
      await renew();
      return true;
    },
  };
}

function parseChain(raw: string | undefined): TokenChain | undefined {
  if (!raw) return undefined;
  try {
    const chain = JSON.parse(raw) as TokenChain;
    return typeof chain.origin === 'string' && typeof chain.refreshToken === 'string' ? chain : undefined;
  } catch {
    return undefined; // a damaged entry: start again from the plan's refresh token
  }
}
