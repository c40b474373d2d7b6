// The engine's advice speaks plan.json (the CLI's words: "options.fallbackRequester",
// "fieldMap.defaults[...]"); the console says the screen and key that act on it instead.
// One table, so a new piece of engine advice is translated in one place.
import {SCREEN_KEYS, SCREEN_TITLES} from './state.js';
import {findConnector} from '../registry.js';

const at = (screen: keyof typeof SCREEN_KEYS) => `${SCREEN_TITLES[screen]} (${SCREEN_KEYS[screen]})`;

const PLAN_WORDS: Array<[RegExp, (...groups: string[]) => string]> = [
  [/set options\.fallbackRequester to an email on the target to migrate such tickets/g, () => `set a Fallback requester (someone the target has) on ${at('options')}, then retry on ${at('failures')}`],
  [/set a default for it in the field map \(fieldMap\.defaults\["([^"\]]*)"\]\)/g, (title) => `set a default for "${title}" on ${at('fields')}: select its row, Enter`],
  [/\(options\.skipAttachments\)/g, () => `(Skip attachments, ${at('options')})`],
  [/\(options\.skipInlineImages\)/g, () => `(Skip inline images, ${at('options')})`],
  // The checks a run makes first (source/engine/preflight.ts).
  [/options\.fallbackRequester "([^"]*)" is neither a contact nor an agent on the target: create it there first/g, (email) => `the Fallback requester "${email}" (${at('options')}) is neither a contact nor an agent on the target: create it there first, or type someone the target has`],
  [/agentMap\.fallback "([^"]*)" is not an agent on the target/g, (email) => `the fallback agent "${email}" (${at('agents')}) is not an agent on the target`],
  [/agentMap\.manual\.(\S+) "([^"]*)" is not an agent on the target/g, (from, to) => `agent ${from} is matched by hand to "${to}" on ${at('agents')}, which is not an agent on the target`],
  [/groupMap\.(\S+) "([^"]*)" is not a group on the target/g, (from, to) => `group ${from} is mapped to "${to}" on ${at('fields')}, which is not a group on the target`],
  [/fieldMap\.fields\.(\S+) "([^"]*)" is not a ticket field on the target \(or write "create" or "skip"\)/g, (from, to) => `field ${from} is mapped to "${to}" on ${at('fields')}, which is not a ticket field on the target (choose another, "create it" or "skip")`],
  [/options\.ccField "([^"]*)"/g, (title) => `the CC field "${title}" (${at('options')})`],
  [/or set options\.ccTo to "note"/g, () => `or set CCs to "note" on ${at('options')}`],
  [/plan\.json: demo\.ticketIds names ticket\(s\) the source \(([^)]*)\) does not have: (.*)$/g, (label, ids) => `Demo tickets (${at('records')}): the source (${label}) has no ticket${ids.includes(',') ? 's' : ''} ${ids}; a demo would stop before writing`],
];

/** A reason or note as the console says it: plan.json names become the screen and key. */
export function inConsoleWords(text: string): string;
export function inConsoleWords(text: string | null | undefined): string | undefined;
export function inConsoleWords(text: string | null | undefined): string | undefined {
  if (!text) return text ?? undefined;
  return PLAN_WORDS.reduce((out, [pattern, say]) => out.replace(pattern, (_match, ...groups: string[]) => say(...groups)), text);
}

/**
 * A connection test's problem in the Connect screen's words: an empty secret is typed on
 * this screen (not only an environment variable), and a web page answering instead of the
 * platform's API is named as such, not dumped as HTML.
 */
export function connectionWords(text: string, draft: {platform: string}): string {
  const connector = findConnector(draft.platform);
  const missing = /^(\S+) comes from the environment variable (\w+), which is not set\./.exec(text);
  if (missing) {
    // The engine names the credential by its plan path (source.credentials.apiToken): the form's label is its last part's.
    const key = missing[1]!.split('.').at(-1);
    const label = connector?.credentials.find((spec) => spec.key === key)?.label ?? missing[1];
    return `${label} is empty: type it here (Enter on "${label}"; it is masked), or set $${missing[2]} before starting ferry.`;
  }
  const html = /<(!doctype|html|head|body)\b/i.exec(text);
  if (html) {
    const status = /\b([1-5]\d\d)\b/.exec(text.slice(0, html.index))?.[1];
    const title = /<title>([^<]*)<\/title>/i.exec(text)?.[1]?.trim();
    return `The URL answered${status ? ` ${status}` : ''} with a web page${title ? ` ("${title.slice(0, 60)}")` : ''}, not ${connector?.label ?? draft.platform}'s API: check the URL (${connector?.baseUrlHint ?? 'the account\'s address'}).`;
  }
  return text;
}
