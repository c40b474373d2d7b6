// Wizard state that key handlers read live. Ink hands a key to the handler of the
// last committed render; keys that come before the next render (a paste, SSH
// coalescing, a busy machine) would act on a stale cursor or a field already closed.
// Keeping the value in a ref as well as rendering from it (as views/editor.ts does
// for drafts) makes every key see the one before it.
import {useRef, useState} from 'react';
import {clampNav, initialNav, navigate, type ListNav} from '../list-nav.js';
import type {KeyInfo} from '../keys.js';
import {listAction} from './preview-nav.js';

/** A value kept in a ref and rendered: `get` is always the latest, `set` re-renders. */
export function useLive<T>(initial: T): {get(): T; set(value: T): void} {
  const ref = useRef(initial);
  const [, rerender] = useState(0);
  return {
    get: () => ref.current,
    set(value) {
      ref.current = value;
      rerender((n) => n + 1);
    },
  };
}

/** A list over the shared reducer (list-nav.ts) whose cursor handlers read live. */
export function useLiveListNav(count: number, height: number): {nav: ListNav; handleKey(input: string, key: KeyInfo): boolean; cursor(): number} {
  const live = useLive<ListNav>(initialNav(count, height));
  const sized = () => clampNav({...live.get(), count, height});
  return {
    nav: sized(),
    cursor: () => sized().cursor,
    handleKey(input, key) {
      const action = listAction(input, key);
      if (!action) return false;
      live.set(navigate(sized(), action));
      return true;
    },
  };
}
