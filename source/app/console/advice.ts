// The engine's advice speaks plan.json (the CLI's words: "options.fallbackRequester",
// "fieldMap.defaults[...]"); the console says the screen and key that act on it instead.
// One table, so a new piece of engine advice is translated in one place.
import {SCREEN_KEYS, SCREEN_TITLES} from './state.js';

const at = (screen: keyof typeof SCREEN_KEYS) => `${SCREEN_TITLES[screen]} (${SCREEN_KEYS[screen]})`;

const PLAN_WORDS: Array<[RegExp, (...groups: string[]) => string]> = [
  [/set options\.fallbackRequester to an email on the target to migrate such tickets/g, () => `set a Fallback requester (someone the target has) on ${at('options')}, then retry on ${at('failures')}`],
  [/set a default for it in the field map \(fieldMap\.defaults\["([^"\]]*)"\]\)/g, (title) => `set a default for "${title}" on ${at('fields')}: select its row, Enter`],
  [/\(options\.skipAttachments\)/g, () => `(Skip attachments, ${at('options')})`],
  [/\(options\.skipInlineImages\)/g, () => `(Skip inline images, ${at('options')})`],
];

/** A reason or note as the console says it: plan.json names become the screen and key. */
export function inConsoleWords(text: string): string;
export function inConsoleWords(text: string | null | undefined): string | undefined;
export function inConsoleWords(text: string | null | undefined): string | undefined {
  if (!text) return text ?? undefined;
  return PLAN_WORDS.reduce((out, [pattern, say]) => out.replace(pattern, (_match, ...groups: string[]) => say(...groups)), text);
}
