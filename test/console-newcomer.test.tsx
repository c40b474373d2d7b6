// The console walked as a newcomer (issue 23): no key leaves the keyboard in a mode
// nobody can see, the Run screen counts as Results does, and what it says about time
// and mode belongs to the live or last run.
import test from 'ava';
import {renderConsole} from './console-helpers.js';
import {KEYMAP, type KeyInfo} from '../views/keymap.js';
import {SCREENS, SCREEN_KEYS} from '../source/app/console/state.js';

/** Every printable key a screen's own table reads. */
function screenChars(screen: (typeof SCREENS)[number]): string[] {
  const chars = Array.from({length: 95}, (_, i) => String.fromCharCode(32 + i));
  return chars.filter((c) => KEYMAP[screen].some((binding) => binding.match?.(c, {} as KeyInfo)));
}

test('with no folder open, no screen key opens a hidden field: the jump keys still work after each', async (t) => {
  for (const screen of SCREENS.filter((s) => s !== 'start')) {
    for (const char of screenChars(screen)) {
      const {app, store, press, frame} = renderConsole({screen});
      await press(char);
      const other = screen === 'connect' ? 'records' : 'connect';
      // With nothing open no screen has a field to type in: the jump key must act.
      await press(SCREEN_KEYS[other]);
      t.is(store.getState().screen, other, `${screen}, after "${char}": ${SCREEN_KEYS[other]} did not jump\n${frame()}`);
      app.unmount();
    }
  }
});

