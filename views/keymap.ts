// Every key of every screen, the referral wizard included, as named commands in one
// table. Screens match keys through `commandOf` (so a key and its description cannot
// drift apart), the footer shows each area's hints, and `?` lists the whole table,
// the current screen's keys and the shared ones it uses first. Raw key checks live
// here and in keys.ts only (test/console-keys.test.ts greps the views for others).
import {SCREENS, SCREEN_KEYS, SCREEN_TITLES, type ScreenId} from '../source/app/console/state.js';

/** The subset of Ink's Key the console reads. */
export interface KeyInfo {
  upArrow?: boolean;
  downArrow?: boolean;
  leftArrow?: boolean;
  rightArrow?: boolean;
  pageUp?: boolean;
  pageDown?: boolean;
  home?: boolean;
  end?: boolean;
  return?: boolean;
  escape?: boolean;
  tab?: boolean;
  shift?: boolean;
  ctrl?: boolean;
  backspace?: boolean;
  delete?: boolean;
}

export type ReferralStep = 'referral-files' | 'referral-path' | 'referral-map' | 'referral-preview' | 'referral-write' | 'referral-account' | 'referral-help';
/** Keys shared by several screens: lists, text fields, choices, y/n questions, a record's details, the help. */
export type SharedArea = 'lists' | 'editing' | 'choice' | 'confirm' | 'details' | 'help' | 'differences' | 'journey';
export type KeyArea = ScreenId | ReferralStep | SharedArea | 'everywhere';

export interface KeyBinding {
  command: string;
  keys: string;
  does: string;
  /** Shown in the footer (the rest only in `?`); 'idle' only while no run is going on, 'live' only during one */
  footer?: boolean | 'idle' | 'live';
  match?(input: string, key: KeyInfo): boolean;
}

type Match = (input: string, key: KeyInfo) => boolean;
const char = (...chars: string[]): Match => (input, key) => chars.includes(input) && !key.ctrl;
const ctrl = (c: string): Match => (input, key) => Boolean(key.ctrl) && input === c;
const enter: Match = (_input, key) => Boolean(key.return);
const escape: Match = (_input, key) => Boolean(key.escape);
const either = (...matches: Match[]): Match => (input, key) => matches.some((match) => match(input, key));
const space = char(' ');
const spaceOrEnter = either(space, enter);
const screenKey: Match = (input, key) => !key.ctrl && SCREENS.some((id) => SCREEN_KEYS[id] === input);

export const KEY_AREA_TITLES: Record<KeyArea, string> = {
  ...SCREEN_TITLES,
  'referral-files': 'Referral: files',
  'referral-map': 'Referral: columns',
  'referral-preview': 'Referral: preview',
  'referral-path': 'Referral: typing a path',
  'referral-write': 'Referral: write/load',
  'referral-account': 'Referral: Advocate account',
  'referral-help': 'Referral: every step',
  lists: 'Every list',
  editing: 'Typing in a field',
  choice: 'Choosing from a list',
  confirm: 'A y/n question',
  details: 'A record\'s details',
  differences: 'Verify\'s differences',
  journey: 'A record\'s journey',
  help: 'This help',
  everywhere: 'Everywhere',
};

/** The shared areas each screen uses: `?` lists them right after the screen's own keys. */
export const SCREEN_SHARED: Record<ScreenId, SharedArea[]> = {
  start: ['lists', 'editing'],
  connect: ['lists', 'editing'],
  records: ['lists', 'editing'],
  agents: ['lists', 'choice'],
  fields: ['lists', 'choice', 'editing', 'details'],
  options: ['lists', 'editing'],
  prepare: ['lists'],
  estimate: ['lists', 'editing'],
  run: ['editing', 'confirm', 'lists'],
  results: ['lists', 'differences', 'editing', 'journey'],
  failures: ['lists', 'editing', 'confirm', 'details', 'journey'],
};

export const KEYMAP: Record<KeyArea, KeyBinding[]> = {
  start: [
    {command: 'go', keys: 'Enter', does: 'go (asks for a folder)', footer: true, match: enter},
    {command: 'demoSource', keys: 's', does: "the demo's source platform", footer: true, match: char('s')},
    {command: 'demoTarget', keys: 't', does: "the demo's target platform", footer: true, match: char('t')},
  ],
  connect: [
    {command: 'side', keys: '←→', does: 'source/target', footer: true, match: (_input, key) => Boolean(key.leftArrow || key.rightArrow)},
    {command: 'edit', keys: 'Enter/Space', does: 'edit', footer: true, match: spaceOrEnter},
    {command: 'test', keys: 't', does: 'test', footer: true, match: char('t')},
    {command: 'testBoth', keys: 'a', does: 'test both', footer: true, match: char('a')},
    {command: 'save', keys: 's', does: 'save', footer: true, match: char('s')},
    {command: 'nextRow', keys: 'Tab', does: 'next field', match: (_input, key) => Boolean(key.tab && !key.shift)},
    {command: 'prevRow', keys: 'Shift+Tab', does: 'previous field', match: (_input, key) => Boolean(key.tab && key.shift)},
  ],
  records: [
    {command: 'toggle', keys: 'Space/Enter', does: 'toggle or edit', footer: true, match: spaceOrEnter},
    {command: 'recount', keys: 'r', does: 'recount', footer: true, match: char('r')},
  ],
  agents: [
    {command: 'change', keys: 'Enter', does: 'change match', footer: true, match: enter},
    {command: 'clear', keys: 'x', does: 'clear', footer: true, match: char('x')},
    {command: 'fallback', keys: 'b', does: 'fallback agent', footer: true, match: char('b')},
    {command: 'reload', keys: 'r', does: 'reload', footer: true, match: char('r')},
  ],
  fields: [
    {command: 'change', keys: 'Enter', does: 'change', footer: true, match: enter},
    {command: 'reset', keys: 'x', does: 'reset', footer: true, match: char('x')},
    {command: 'reload', keys: 'r', does: 'reload', footer: true, match: char('r')},
    {command: 'details', keys: 'd', does: 'the selected row whole (small terminals)', match: char('d')},
  ],
  options: [{command: 'toggle', keys: 'Space/Enter', does: 'toggle or edit', footer: true, match: spaceOrEnter}],
  prepare: [
    {command: 'tick', keys: 'Space/Enter', does: 'tick', footer: true, match: spaceOrEnter},
    {command: 'audit', keys: 'a', does: 'run audit', footer: true, match: char('a')},
    {command: 'check', keys: 'c', does: 'check via API', footer: true, match: char('c')},
  ],
  estimate: [
    {command: 'again', keys: 'r', does: 'estimate again', footer: true, match: char('r')},
    {command: 'counts', keys: 'c', does: 'estimate for counts you type', footer: true, match: char('c')},
    {command: 'toRun', keys: 'Enter', does: 'to Run', footer: true, match: enter},
  ],
  run: [
    {command: 'mode', keys: 'm', does: 'mode', footer: 'idle', match: char('m')},
    {command: 'start', keys: 's / Enter', does: 'start', footer: 'idle', match: (input, key) => input === 's' || Boolean(key.return)},
    {command: 'startAt', keys: 't', does: 'start at a set time', footer: 'idle', match: char('t')},
    {command: 'pause', keys: 'p', does: 'pause/resume', footer: 'live', match: char('p')},
    {command: 'cancel', keys: 'c', does: 'cancel', footer: 'live', match: char('c')},
  ],
  results: [
    {command: 'overall', keys: 'o', does: 'last run / all runs', footer: true, match: char('o')},
    {command: 'reports', keys: 'w', does: 'write reports', footer: true, match: char('w')},
    {command: 'failures', keys: 'Enter', does: 'failures', footer: true, match: enter},
    {command: 'undo', keys: 'u', does: 'undo this run (lists and asks first)', footer: true, match: char('u')},
    {command: 'verify', keys: 'v', does: 'verify: read migrated records back from the target', footer: true, match: char('v')},
    {command: 'journey', keys: 'h', does: "a record's journey, as ferry show (type it as tickets:123)", footer: true, match: char('h')},
  ],
  failures: [
    {command: 'outcome', keys: 'o', does: 'failed / with warnings / skipped', footer: true, match: char('o')},
    {command: 'select', keys: 'Space', does: 'select', footer: true, match: space},
    {command: 'details', keys: 'Enter', does: 'details', footer: true, match: enter},
    {command: 'journey', keys: 'h', does: "the record's journey, as ferry show", footer: true, match: char('h')},
    {command: 'retry', keys: 'r', does: 'retry selected', footer: true, match: char('r')},
    {command: 'retryAll', keys: 'A', does: 'retry all', footer: true, match: char('A')},
    {command: 'skip', keys: 's', does: 'skip (asks first)', footer: true, match: char('s')},
    {command: 'type', keys: 't', does: 'type', footer: true, match: char('t')},
    {command: 'reason', keys: '/', does: 'reason', footer: true, match: char('/')},
  ],
  // The referral wizard's steps: every key each step reads, matched here so the
  // handlers and `?` cannot disagree. List keys (↑↓ PgUp PgDn g G Home End) are "Every list".
  'referral-files': [
    {command: 'edit', keys: 'Enter', does: 'edit a path or option / toggle / continue', footer: true, match: enter},
    {command: 'toggle', keys: 'Space', does: 'toggle an import type or option', match: char(' ')},
    {command: 'clear', keys: 'Del / Backspace', does: 'clear a path or option', match: (_input, key) => Boolean(key.delete || key.backspace)},
    {command: 'back', keys: 'Esc', does: 'leave the referral import', footer: true, match: (_input, key) => Boolean(key.escape)},
  ],
  'referral-path': [
    {command: 'complete', keys: 'Tab', does: 'complete the path', match: (_input, key) => Boolean(key.tab)},
    {command: 'older', keys: '↑', does: 'a path used before', match: (_input, key) => Boolean(key.upArrow)},
    {command: 'newer', keys: '↓', does: 'a later one', match: (_input, key) => Boolean(key.downArrow)},
    {command: 'accept', keys: 'Enter', does: 'keep the value', match: enter},
    {command: 'cancel', keys: 'Esc', does: 'cancel', match: (_input, key) => Boolean(key.escape)},
    {command: 'erase', keys: 'Ctrl+U', does: 'clear', match: ctrl('u')},
  ],
  'referral-map': [
    {command: 'columnPrev', keys: '←', does: 'previous column for the field', match: (_input, key) => Boolean(key.leftArrow)},
    {command: 'columnNext', keys: '→', does: 'next column for the field', match: (_input, key) => Boolean(key.rightArrow)},
    {command: 'preset', keys: 'p', does: 'next preset', match: char('p')},
    {command: 'file', keys: 'Tab', does: 'next file', match: (_input, key) => Boolean(key.tab)},
    {command: 'preview', keys: 'Enter', does: 'preview and validate', footer: true, match: enter},
    {command: 'details', keys: 'd', does: 'the notes under the list, whole (small terminals)', match: char('d')},
    {command: 'back', keys: 'Esc', does: 'back to the files', footer: true, match: (_input, key) => Boolean(key.escape)},
  ],
  'referral-preview': [
    {command: 'nextBad', keys: 'n', does: 'next red (bad) row', match: char('n')},
    {command: 'prevBad', keys: 'N', does: 'previous red (bad) row', match: char('N')},
    {command: 'columnLeft', keys: '← / h', does: 'scroll the columns left', match: (input, key) => Boolean(key.leftArrow) || char('h')(input, key)},
    {command: 'columnRight', keys: '→ / l', does: 'scroll the columns right (every converted value)', footer: true, match: (input, key) => Boolean(key.rightArrow) || char('l')(input, key)},
    {command: 'file', keys: 'Tab', does: 'next file', match: (_input, key) => Boolean(key.tab)},
    {command: 'write', keys: 'Enter', does: 'write the Advocate files', footer: true, match: enter},
    {command: 'details', keys: 'd', does: 'the issues and notes under the rows, whole (small terminals)', match: char('d')},
    {command: 'back', keys: 'Esc', does: 'back to the columns', footer: true, match: (_input, key) => Boolean(key.escape)},
  ],
  'referral-write': [
    {command: 'load', keys: 'l', does: 'load into Advocate', footer: true, match: char('l')},
    {command: 'account', keys: 'a', does: "type Advocate's tenant, URL and API key", footer: true, match: char('a')},
    {command: 'done', keys: 'Enter', does: 'finish (back to Start)', footer: true, match: enter},
    {command: 'back', keys: 'Esc', does: 'back to the preview', match: (_input, key) => Boolean(key.escape)},
  ],
  // The Advocate account form (a on the write step); typing in a field uses "Typing in a field".
  'referral-account': [
    {command: 'edit', keys: 'Enter', does: 'type the field / take the account', footer: true, match: enter},
    {command: 'remember', keys: 'Space', does: 'keep the key in the credential store (0600) or this session only', match: char(' ')},
    {command: 'close', keys: 'Esc', does: 'leave the form (nothing changes)', footer: true, match: (_input, key) => Boolean(key.escape)},
  ],
  'referral-help': [
    {command: 'help', keys: '?', does: 'every key (this list; Esc or ? closes it)', match: char('?')},
    {command: 'close', keys: 'Esc', does: 'close this list', match: (_input, key) => Boolean(key.escape)},
    {command: 'quit', keys: 'q', does: 'quit: leave the import first (Esc back to Start)', match: char('q')},
  ],
  lists: [
    {command: 'up', keys: '↑ / k', does: 'up', match: (input, key) => Boolean(key.upArrow) || char('k')(input, key)},
    {command: 'down', keys: '↓ / j', does: 'down', match: (input, key) => Boolean(key.downArrow) || char('j')(input, key)},
    {command: 'pageUp', keys: 'PgUp / Ctrl+B', does: 'a page up', match: (input, key) => Boolean(key.pageUp) || ctrl('b')(input, key)},
    {command: 'pageDown', keys: 'PgDn / Ctrl+F', does: 'a page down', match: (input, key) => Boolean(key.pageDown) || ctrl('f')(input, key)},
    {command: 'home', keys: 'Home / g', does: 'first', match: (input, key) => Boolean(key.home) || char('g')(input, key)},
    {command: 'end', keys: 'End / G', does: 'last', match: (input, key) => Boolean(key.end) || char('G')(input, key)},
  ],
  editing: [
    {command: 'done', keys: 'Enter', does: 'done', match: enter},
    {command: 'next', keys: 'Tab', does: 'done, next field', match: (_input, key) => Boolean(key.tab && !key.shift)},
    {command: 'prev', keys: 'Shift+Tab', does: 'done, previous field', match: (_input, key) => Boolean(key.tab && key.shift)},
    {command: 'cancel', keys: 'Esc', does: 'leave the field', match: escape},
    {command: 'erase', keys: 'Backspace', does: 'erase a character', match: (_input, key) => Boolean(key.backspace || key.delete)},
    {command: 'clear', keys: 'Ctrl+U', does: 'erase the field', match: ctrl('u')},
  ],
  choice: [
    {command: 'pick', keys: 'Enter', does: 'choose', footer: true, match: enter},
    {command: 'cancel', keys: 'Esc', does: 'cancel', footer: true, match: escape},
  ],
  confirm: [
    {command: 'yes', keys: 'y', does: 'yes', match: char('y', 'Y')},
    {command: 'no', keys: 'n / Esc', does: 'no', match: either(char('n', 'N'), escape)},
  ],
  details: [{command: 'close', keys: 'Esc / Enter', does: 'back to the list', match: either(escape, enter)}],
  differences: [
    {command: 'open', keys: 'Enter', does: 'open it whole', footer: true, match: enter},
    {command: 'again', keys: 'v', does: 'verify again', footer: true, match: char('v')},
    {command: 'close', keys: 'Esc', does: 'back to Results', footer: true, match: escape},
  ],
  journey: [{command: 'close', keys: 'Esc', does: 'back (the list keys scroll it)', footer: true, match: escape}],
  help: [{command: 'close', keys: 'Esc / ? / q', does: 'close the help', footer: true, match: either(escape, char('?', 'q'))}],
  everywhere: [
    {command: 'back', keys: 'Esc', does: 'back (or leave a field)', match: escape},
    {command: 'jump', keys: '1-9 0 F', does: 'jump to a screen (see the header)', match: screenKey},
    {command: 'help', keys: '?', does: 'all keys (this list)', match: char('?')},
    {command: 'quit', keys: 'q', does: 'quit (a run carries on in the background)', match: char('q')},
  ],
};

/** The command an area's table gives this key, if any. */
export function commandOf(area: KeyArea, input: string, key: KeyInfo): string | undefined {
  return KEYMAP[area].find((binding) => binding.match?.(input, key))?.command;
}

/** The footer's hints for an area, while a run is going on (`live`) or not. */
export function keyHints(area: KeyArea, live = false): Array<{keys: string; does: string}> {
  return KEYMAP[area].filter(({footer}) => footer === true || footer === (live ? 'live' : 'idle')).map(({keys, does}) => ({keys, does}));
}

/** Every key, the current area's first, then the shared keys it uses: the lines `?` shows. */
export function helpRows(current: KeyArea): Array<{area: string; keys: string; does: string}> {
  const first: KeyArea[] = [current, ...((SCREEN_SHARED as Partial<Record<KeyArea, SharedArea[]>>)[current] ?? []), 'everywhere'];
  const order: KeyArea[] = [...new Set([...first, ...(Object.keys(KEYMAP) as KeyArea[])])];
  return order.flatMap((area) => KEYMAP[area].map((binding) => ({area: KEY_AREA_TITLES[area], keys: binding.keys, does: binding.does})));
}

/** An area's keys on one line ("↑↓ field · ←→ column · …"), for a wizard step's footer; `only`: just these commands. */
export function keyLine(area: KeyArea, only?: string[]): string {
  return KEYMAP[area]
    .filter((binding) => !only || only.includes(binding.command))
    .map((binding) => `${binding.keys} ${binding.does}`)
    .join(' · ');
}

export type ListCommand = 'up' | 'down' | 'pageUp' | 'pageDown' | 'home' | 'end';

/** The list command of a key (every list: ↑↓ j k, PgUp PgDn, Home End g G). */
export function listCommand(input: string, key: KeyInfo): ListCommand | undefined {
  return commandOf('lists', input, key) as ListCommand | undefined;
}

/** The screen a jump key (1-9 0 F) goes to. */
export function screenOfKey(input: string, key: KeyInfo): ScreenId | undefined {
  return commandOf('everywhere', input, key) === 'jump' ? SCREENS.find((id) => SCREEN_KEYS[id] === input) : undefined;
}

/** Whether a key is typed text for a field (not Enter, Esc, Tab, an arrow or a Ctrl key). */
export function isTypedText(input: string, key: KeyInfo): boolean {
  return Boolean(input) && !(key.return || key.escape || key.tab || key.upArrow || key.downArrow || key.leftArrow || key.rightArrow || key.ctrl);
}

/**
 * Text and Enter that arrived in one read (a paste ending in a line break, keys coalesced over a
 * slow SSH link): the text, then Enter, as two keys. Undefined when the input is one key.
 */
export function typedThenEnter(input: string, key: KeyInfo): {text: string; enter: KeyInfo} | undefined {
  if (input.length < 2 || !isTypedText(input, key)) return undefined;
  const lineBreak = input.search(/[\r\n]/);
  if (lineBreak < 0) return undefined;
  return {text: input.slice(0, lineBreak), enter: {...key, return: true}};
}
