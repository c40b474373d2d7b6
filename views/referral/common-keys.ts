// Keys every referral step shares, from the key map's 'referral-help' area: `?`
// opens the wizard's own help; q, which quits elsewhere, says why it does not here
// (the Start screen gives all keys to the wizard, so q would be lost silently).
import {commandOf} from '../keymap.js';
import type {KeyInfo} from '../keys.js';

/** true when the key was one of them; `why` gets the reason when it does nothing. */
export function wizardKey(input: string, key: KeyInfo, onHelp: (() => void) | undefined, why: (reason: string | undefined) => void): boolean {
  const command = commandOf('referral-help', input, key);
  if (command === 'help') {
    if (onHelp) onHelp();
    else why('no key list here');
    return true;
  }
  if (command === 'quit') {
    why('q quits from the Start screen: leave the import first (Esc on the files step)');
    return true;
  }
  return false;
}
