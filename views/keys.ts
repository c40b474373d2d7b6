// Key bindings as named commands, so screens and the help overlay agree on what
// each key does, and tests can speak in commands. The keys themselves are in the
// one table (keymap.ts); this reads it for the keys every screen shares.
import type {ScreenId} from '../source/app/console/state.js';
import {commandOf, listCommand, screenOfKey, type KeyInfo, type ListCommand} from './keymap.js';

export type {KeyInfo, ListCommand};
export {listCommand};
/** What a global key does (list keys are the lists' own). */
export type Command = ListCommand | 'back' | 'quit' | 'help' | {screen: ScreenId};

/** Keys every screen shares (when no field is being edited). */
export function globalCommand(input: string, key: KeyInfo): Command | undefined {
  const command = commandOf('everywhere', input, key);
  if (command === 'jump') {
    const screen = screenOfKey(input, key);
    return screen ? {screen} : undefined;
  }
  return command === 'back' || command === 'quit' || command === 'help' ? command : undefined;
}
