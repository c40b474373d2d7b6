// The preview's row list: the shared list reducer (list-nav.ts) plus n/N, which jump
// to the next or previous red row. Pure, so a burst of keys is applied in order to
// the latest state (the flow's reducer calls it) and tests need no terminal.
import {clampNav, initialNav, navigate, type ListNav, type ListNavAction} from '../list-nav.js';
import {listCommand, type KeyInfo} from '../keys.js';
import type {PreviewRow} from '../../source/referral/engine.js';

export type PreviewNavAction = ListNavAction | {type: 'bad'; by: 1 | -1};

/** A red row: one with an error (warnings alone keep a row valid). */
export const isBadRow = (row: PreviewRow) => row.issues.some((issue) => issue.severity === 'error');

/** The index of the next (by 1) or previous (by -1) red row from `from`, or undefined. */
export function nextBadRow(rows: readonly PreviewRow[], from: number, by: 1 | -1): number | undefined {
  for (let index = from + by; index >= 0 && index < rows.length; index += by) if (isBadRow(rows[index]!)) return index;
  return undefined;
}

/** The list after one action, over the rows as they are now (they grow while validation runs). */
export function previewNav(nav: ListNav | undefined, rows: readonly PreviewRow[], height: number, action: PreviewNavAction): ListNav {
  const base = clampNav({...(nav ?? initialNav()), count: rows.length, height});
  if (action.type !== 'bad') return navigate(base, action);
  const index = nextBadRow(rows, base.cursor, action.by);
  return index === undefined ? base : navigate(base, {type: 'select', index});
}

/** The shared list keys (↑↓ j k PgUp PgDn g G Home End) as list actions. */
export function listAction(input: string, key: KeyInfo): ListNavAction | undefined {
  switch (listCommand(input, key)) {
    case 'up':
      return {type: 'move', by: -1};
    case 'down':
      return {type: 'move', by: 1};
    case 'pageUp':
      return {type: 'page', by: -1};
    case 'pageDown':
      return {type: 'page', by: 1};
    case 'home':
      return {type: 'home'};
    case 'end':
      return {type: 'end'};
    default:
      return undefined;
  }
}
