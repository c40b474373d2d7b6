// What every view gets: the store, the intents, the terminal size, and the input
// gate (a screen in a sub-mode, e.g. editing a field, keeps global keys away).
import React, {createContext, useContext, useEffect, useRef, type MutableRefObject, type ReactNode} from 'react';
import type {Store} from '../source/app/console/store.js';
import type {Intents} from '../source/app/console/intents.js';
import type {KeyArea} from './keymap.js';

export interface ConsoleContextValue {
  store: Store;
  intents: Intents;
  size: {columns: number; rows: number};
  /** Rows the current screen may use */
  bodyRows: number;
  captured: MutableRefObject<boolean>;
  /** A wizard step showing inside a screen (its keys come first in `?`) */
  keyArea: MutableRefObject<KeyArea | undefined>;
  /** Why the key just pressed did nothing, shown in the footer until the next key (undefined clears it) */
  refuse(why: string | undefined): void;
  /** A view inside a screen whose own keys the footer shows while it is open (Results' differences) */
  setFooterArea?(area: KeyArea | undefined): void;
}

const ConsoleContext = createContext<ConsoleContextValue | undefined>(undefined);

export function ConsoleProvider({value, children}: {value: ConsoleContextValue; children: ReactNode}) {
  return <ConsoleContext.Provider value={value}>{children}</ConsoleContext.Provider>;
}

export function useConsole(): ConsoleContextValue {
  const value = useContext(ConsoleContext);
  if (!value) throw new Error('useConsole outside ConsoleProvider');
  return value;
}

/** While `active`, global keys (screen jumps, q, Esc back) go to the screen instead.
 * Updated after the render, so the key that ends a sub-mode is not also global. */
export function useCapture(active: boolean) {
  const {captured} = useConsole();
  useEffect(() => {
    captured.current = active;
    return () => {
      captured.current = false;
    };
  }, [active, captured]);
}

export function useLatest<T>(value: T): MutableRefObject<T> {
  const ref = useRef(value);
  ref.current = value;
  return ref;
}

/** Names the wizard step on screen, so `?` lists its keys first; cleared when it goes. */
export function useKeyArea(area: KeyArea | undefined) {
  // Outside the console (the wizard's own tests) there is no help to feed.
  const context = useContext(ConsoleContext);
  const keyArea = context?.keyArea;
  const setFooterArea = context?.setFooterArea;
  useEffect(() => {
    if (!keyArea) return;
    keyArea.current = area;
    setFooterArea?.(area);
    return () => {
      keyArea.current = undefined;
      setFooterArea?.(undefined);
    };
  }, [area, keyArea, setFooterArea]);
}
