// OAuth for Intercom (authKind "oauth"): an app's client id and secret and an authorization code,
// exchanged once at POST /auth/eagle/token for an access token (developers.intercom.com, "Setting up
// OAuth" and "Using OAuth": "the code will expire after about 5 minutes"). Intercom hands out no
// refresh token and its OAuth tokens do not expire (Authorization FAQ: "currently we do not expire
// your OAuth token"), so there is nothing to renew: the token is kept in the 0600 credential store
// (never the plan, the journal or a log) and later runs use it; a token Intercom refuses (revoked, app
// uninstalled) stops the run, saying to authorize again. Facts and sources: docs/platforms/intercom.md.
import {createHash} from 'node:crypto';
import type {Authorizer, ConnectorSettings, TokenStore} from '../../source/contracts/connector.js';
import {RunStopError} from '../../source/contracts/errors.js';
import {describeIntercomError, INTERCOM_VERSION} from './api-shapes.js';

/** POSTs a form to the token endpoint; replaceable in tests. */
export type TokenSender = (url: string, form: Record<string, string>) => Promise<{status: number; body: unknown}>;

export const OAUTH_AGAIN_HINT =
  "Authorize ferry's Intercom app again (open https://app.intercom.com/oauth?client_id=<the app's client id>, or its install link), then save the new authorization code where the plan says (credential store or environment) within 5 minutes and run again: the migration resumes where it stopped.";

const SEND_ATTEMPTS = 3;

const fetchSender: TokenSender = async (url, form) => {
  const response = await fetch(url, {method: 'POST', headers: {'content-type': 'application/x-www-form-urlencoded', accept: 'application/json'}, body: new URLSearchParams(form).toString(), signal: AbortSignal.timeout(60_000)});
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    // Not JSON (a proxy's page): kept as text for the message.
  }
  return {status: response.status, body: parsed};
};

/** The credential-store entry of one app on one region's host. */
export function tokenStoreName(settings: ConnectorSettings): string {
  return `intercom-oauth:${new URL(settings.baseUrl).host}:${settings.credentials.clientId ?? ''}`;
}

/** The token endpoint on the plan's host (api.intercom.io, or the EU or Australian one: see the doc's Unsure). */
export const tokenUrl = (baseUrl: string) => `${new URL(baseUrl).origin}/auth/eagle/token`;

interface Stored {
  /** Hash of the authorization code the token came from: a new code from the user means a new authorization */
  origin: string;
  accessToken: string;
}

export function intercomAuthorizer(settings: ConnectorSettings, store: TokenStore, options: {send?: TokenSender} = {}): Authorizer | undefined {
  if (settings.authKind !== 'oauth') return undefined;
  const {clientId = '', clientSecret = '', authorizationCode = ''} = settings.credentials;
  const send = options.send ?? fetchSender;
  const name = tokenStoreName(settings);
  const origin = createHash('sha256').update(authorizationCode).digest('hex');
  const saved = parse(store.load(name));
  let token = saved?.origin === origin ? saved.accessToken : undefined;
  let exchanging: Promise<void> | undefined;

  const mask = (text: string) => {
    let out = text;
    for (const secret of [authorizationCode, clientSecret, token]) if (secret && secret.length >= 4) out = out.split(secret).join('••••');
    return out;
  };

  async function exchange(): Promise<void> {
    let reason = '';
    for (let attempt = 1; attempt <= SEND_ATTEMPTS; attempt++) {
      let answer: {status: number; body: unknown};
      try {
        answer = await send(tokenUrl(settings.baseUrl), {code: authorizationCode, client_id: clientId, client_secret: clientSecret});
      } catch (error) {
        // A lost answer may have used the code up; sending it again can only be refused, which is said below.
        reason = (error as Error).message;
        continue;
      }
      const body = answer.body as {access_token?: string; token?: string} | undefined;
      const got = body?.access_token ?? body?.token;
      if (answer.status >= 200 && answer.status < 300 && got) {
        token = got;
        store.save(name, JSON.stringify({origin, accessToken: got} satisfies Stored));
        return;
      }
      reason = `${answer.status} ${describeIntercomError(answer.status, answer.body)}`;
      if (answer.status < 500 && answer.status !== 429) break;
    }
    throw new RunStopError(`Intercom: the OAuth authorization code could not be exchanged for an access token (${mask(reason)}); a code works once and for about 5 minutes.`, OAUTH_AGAIN_HINT);
  }

  const headers = () => ({authorization: `Bearer ${token}`, 'intercom-version': INTERCOM_VERSION, accept: 'application/json'});

  return {
    async headers() {
      if (!token) await (exchanging ??= exchange().finally(() => (exchanging = undefined)));
      return headers();
    },
    async refresh(rejected) {
      // Intercom issues no refresh token: a refused token was revoked or its app uninstalled.
      if (token && rejected.authorization !== `Bearer ${token}`) return true;
      throw new RunStopError('Intercom: 401 the OAuth access token was refused (revoked, or the app was uninstalled from the workspace); Intercom gives no refresh token to renew it with.', OAUTH_AGAIN_HINT);
    },
  };
}

function parse(raw: string | undefined): Stored | undefined {
  if (!raw) return undefined;
  try {
    const stored = JSON.parse(raw) as Stored;
    return typeof stored.origin === 'string' && typeof stored.accessToken === 'string' ? stored : undefined;
  } catch {
    return undefined; // a damaged entry: exchange the plan's code again
  }
}
