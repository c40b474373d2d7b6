// Key bindings as named commands, so screens and the help overlay agree on what
// each key does, and tests can speak in commands.
import {SCREENS, SCREEN_KEYS, type ScreenId} from '../source/app/console/state.js';

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

export type ListCommand = 'up' | 'down' | 'pageUp' | 'pageDown' | 'home' | 'end';
export type Command = ListCommand | 'open' | 'back' | 'quit' | 'help' | 'select' | 'nextField' | 'prevField' | {screen: ScreenId};

export function listCommand(input: string, key: KeyInfo): ListCommand | undefined {
  if (key.upArrow || (input === 'k' && !key.ctrl)) return 'up';
  if (key.downArrow || (input === 'j' && !key.ctrl)) return 'down';
  if (key.pageUp || (key.ctrl && input === 'b')) return 'pageUp';
  if (key.pageDown || (key.ctrl && input === 'f')) return 'pageDown';
  if (key.home || input === 'g') return 'home';
  if (key.end || input === 'G') return 'end';
  return undefined;
}

/** Keys every screen shares (when no field is being edited). */
export function globalCommand(input: string, key: KeyInfo): Command | undefined {
  if (key.escape) return 'back';
  if (key.tab) return key.shift ? 'prevField' : 'nextField';
  if (input === 'q' && !key.ctrl) return 'quit';
  if (input === '?') return 'help';
  const screen = SCREENS.find((id) => SCREEN_KEYS[id] === input);
  if (screen && !key.ctrl) return {screen};
  return undefined;
}
