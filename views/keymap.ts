// Every key of every screen, the referral wizard included, as named commands in one
// table. Screens match keys through `matches` (so a key and its description cannot
// drift apart), the footer shows each area's hints, and `?` lists the whole table.
import {SCREEN_TITLES, type ScreenId} from '../source/app/console/state.js';
import type {KeyInfo} from './keys.js';

export type ReferralStep = 'referral-files' | 'referral-path' | 'referral-map' | 'referral-preview' | 'referral-write' | 'referral-help';
export type KeyArea = ScreenId | ReferralStep | 'lists' | 'everywhere';

export interface KeyBinding {
  command: string;
  keys: string;
  does: string;
  /** Shown in the footer (the rest only in `?`) */
  footer?: boolean;
  match?(input: string, key: KeyInfo): boolean;
}

const char = (c: string) => (input: string, key: KeyInfo) => input === c && !key.ctrl;
const enter = (_input: string, key: KeyInfo) => Boolean(key.return);

export const KEY_AREA_TITLES: Record<KeyArea, string> = {
  ...SCREEN_TITLES,
  'referral-files': 'Referral: files',
  'referral-map': 'Referral: columns',
  'referral-preview': 'Referral: preview',
  'referral-path': 'Referral: typing a path',
  'referral-write': 'Referral: write/load',
  'referral-help': 'Referral: every step',
  lists: 'Every list',
  everywhere: 'Everywhere',
};

export const KEYMAP: Record<KeyArea, KeyBinding[]> = {
  start: [
    {command: 'choose', keys: '↑↓ / j k', does: 'choose', footer: true},
    {command: 'go', keys: 'Enter', does: 'go (asks for a folder)', footer: true, match: enter},
  ],
  connect: [
    {command: 'side', keys: '←→', does: 'source/target', footer: true},
    {command: 'edit', keys: 'Enter', does: 'edit', footer: true},
    {command: 'test', keys: 't', does: 'test', footer: true},
    {command: 'testBoth', keys: 'a', does: 'test both', footer: true},
    {command: 'save', keys: 's', does: 'save', footer: true},
  ],
  records: [
    {command: 'toggle', keys: 'Space/Enter', does: 'toggle or edit', footer: true},
    {command: 'recount', keys: 'r', does: 'recount', footer: true},
  ],
  agents: [
    {command: 'change', keys: 'Enter', does: 'change match', footer: true},
    {command: 'clear', keys: 'x', does: 'clear', footer: true},
    {command: 'fallback', keys: 'b', does: 'fallback agent', footer: true},
    {command: 'reload', keys: 'r', does: 'reload', footer: true},
  ],
  fields: [
    {command: 'change', keys: 'Enter', does: 'change', footer: true},
    {command: 'reset', keys: 'x', does: 'reset', footer: true},
    {command: 'reload', keys: 'r', does: 'reload', footer: true},
  ],
  options: [{command: 'toggle', keys: 'Space/Enter', does: 'toggle or edit', footer: true}],
  prepare: [
    {command: 'tick', keys: 'Space', does: 'tick', footer: true},
    {command: 'audit', keys: 'a', does: 'run audit', footer: true},
    {command: 'check', keys: 'c', does: 'check via API', footer: true},
  ],
  estimate: [
    {command: 'again', keys: 'r', does: 'estimate again', footer: true},
    {command: 'toRun', keys: 'Enter', does: 'to Run', footer: true},
  ],
  run: [
    {command: 'mode', keys: 'm', does: 'mode', footer: true, match: char('m')},
    {command: 'start', keys: 's / Enter', does: 'start', footer: true, match: (input, key) => input === 's' || Boolean(key.return)},
    {command: 'startAt', keys: 't', does: 'start at a set time', footer: true, match: char('t')},
    {command: 'pause', keys: 'p', does: 'pause/resume', footer: true, match: char('p')},
    {command: 'cancel', keys: 'c', does: 'cancel', footer: true, match: char('c')},
  ],
  results: [
    {command: 'overall', keys: 'o', does: 'last run / all runs', footer: true, match: char('o')},
    {command: 'reports', keys: 'w', does: 'write reports', footer: true, match: char('w')},
    {command: 'failures', keys: 'Enter', does: 'failures', footer: true, match: enter},
  ],
  failures: [
    {command: 'outcome', keys: 'o', does: 'failed / with warnings', footer: true, match: char('o')},
    {command: 'select', keys: 'Space', does: 'select', footer: true, match: char(' ')},
    {command: 'details', keys: 'Enter', does: 'details', footer: true, match: enter},
    {command: 'retry', keys: 'r', does: 'retry selected', footer: true, match: char('r')},
    {command: 'retryAll', keys: 'A', does: 'retry all', footer: true, match: char('A')},
    {command: 'skip', keys: 's', does: 'skip (asks first)', footer: true, match: char('s')},
    {command: 'type', keys: 't', does: 'type', footer: true, match: char('t')},
    {command: 'reason', keys: '/', does: 'reason', footer: true, match: char('/')},
  ],
  // The referral wizard's steps: every key each step reads, matched here so the
  // handlers and `?` cannot disagree. List keys (↑↓ PgUp PgDn g G Home End) are "Every list".
  'referral-files': [
    {command: 'edit', keys: 'Enter', does: 'edit a path or option / toggle / continue', match: enter},
    {command: 'toggle', keys: 'Space', does: 'toggle an import type or option', match: char(' ')},
    {command: 'clear', keys: 'Del / Backspace', does: 'clear a path or option', match: (_input, key) => Boolean(key.delete || key.backspace)},
    {command: 'back', keys: 'Esc', does: 'leave the referral import', match: (_input, key) => Boolean(key.escape)},
  ],
  'referral-path': [
    {command: 'complete', keys: 'Tab', does: 'complete the path', match: (_input, key) => Boolean(key.tab)},
    {command: 'older', keys: '↑', does: 'a path used before', match: (_input, key) => Boolean(key.upArrow)},
    {command: 'newer', keys: '↓', does: 'a later one', match: (_input, key) => Boolean(key.downArrow)},
    {command: 'accept', keys: 'Enter', does: 'keep the value', match: enter},
    {command: 'cancel', keys: 'Esc', does: 'cancel', match: (_input, key) => Boolean(key.escape)},
    {command: 'erase', keys: 'Ctrl+U', does: 'clear'},
  ],
  'referral-map': [
    {command: 'column', keys: '← →', does: 'column for the field', match: (_input, key) => Boolean(key.leftArrow || key.rightArrow)},
    {command: 'preset', keys: 'p', does: 'next preset', match: char('p')},
    {command: 'file', keys: 'Tab', does: 'next file', match: (_input, key) => Boolean(key.tab)},
    {command: 'preview', keys: 'Enter', does: 'preview and validate', match: enter},
    {command: 'details', keys: 'd', does: 'the notes under the list, whole (small terminals)', match: char('d')},
    {command: 'back', keys: 'Esc', does: 'back to the files', match: (_input, key) => Boolean(key.escape)},
  ],
  'referral-preview': [
    {command: 'nextBad', keys: 'n', does: 'next red (bad) row', match: char('n')},
    {command: 'prevBad', keys: 'N', does: 'previous red (bad) row', match: char('N')},
    {command: 'file', keys: 'Tab', does: 'next file', match: (_input, key) => Boolean(key.tab)},
    {command: 'write', keys: 'Enter', does: 'write the Advocate files', match: enter},
    {command: 'details', keys: 'd', does: 'the issues and notes under the rows, whole (small terminals)', match: char('d')},
    {command: 'back', keys: 'Esc', does: 'back to the columns', match: (_input, key) => Boolean(key.escape)},
  ],
  'referral-write': [
    {command: 'load', keys: 'l', does: 'load into Advocate', match: char('l')},
    {command: 'done', keys: 'Enter', does: 'finish (back to Start)', match: enter},
    {command: 'back', keys: 'Esc', does: 'back to the preview', match: (_input, key) => Boolean(key.escape)},
  ],
  'referral-help': [
    {command: 'help', keys: '?', does: 'every key (this list; Esc or ? closes it)', match: char('?')},
    {command: 'close', keys: 'Esc', does: 'close this list', match: (_input, key) => Boolean(key.escape)},
    {command: 'quit', keys: 'q', does: 'quit: leave the import first (Esc back to Start)', match: char('q')},
  ],
  lists: [
    {command: 'move', keys: '↑↓ / j k', does: 'move'},
    {command: 'page', keys: 'PgUp PgDn / Ctrl+B Ctrl+F', does: 'page'},
    {command: 'ends', keys: 'Home End / g G', does: 'first, last'},
  ],
  everywhere: [
    {command: 'back', keys: 'Esc', does: 'back (or leave a field)'},
    {command: 'field', keys: 'Tab / Shift+Tab', does: 'next / previous field in a form'},
    {command: 'jump', keys: '1-9 0 F', does: 'jump to a screen (see the header)'},
    {command: 'help', keys: '?', does: 'all keys (this list)'},
    {command: 'quit', keys: 'q', does: 'quit (a run carries on in the background)'},
  ],
};

/** The command an area's table gives this key, if any. */
export function commandOf(area: KeyArea, input: string, key: KeyInfo): string | undefined {
  return KEYMAP[area].find((binding) => binding.match?.(input, key))?.command;
}

/** The footer's hints for an area. */
export function keyHints(area: KeyArea): Array<{keys: string; does: string}> {
  return KEYMAP[area].filter((binding) => binding.footer).map(({keys, does}) => ({keys, does}));
}

/** Every key, the current area's first: the lines `?` shows. */
export function helpRows(current: KeyArea): Array<{area: string; keys: string; does: string}> {
  const order: KeyArea[] = [current, ...(Object.keys(KEYMAP) as KeyArea[]).filter((area) => area !== current)];
  return order.flatMap((area) => KEYMAP[area].map((binding) => ({area: KEY_AREA_TITLES[area], keys: binding.keys, does: binding.does})));
}

/** An area's keys on one line ("↑↓ field · ←→ column · …"), for a wizard step's footer. */
export function keyLine(area: KeyArea): string {
  return KEYMAP[area].map((binding) => `${binding.keys} ${binding.does}`).join(' · ');
}
