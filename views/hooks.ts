// Hooks shared by the screens: terminal size (follows resizes) and list navigation.
import {useCallback, useEffect, useLayoutEffect, useReducer, useRef, useState} from 'react';
import {useInput, useStdout} from 'ink';
import {initialNav, navigate, type ListNav, type ListNavAction} from './list-nav.js';
import {listCommand, type KeyInfo} from './keymap.js';
import {useConsole} from './context.js';

export function useTerminalSize(fallback = {columns: 80, rows: 24}) {
  const {stdout} = useStdout();
  const read = () => ({columns: stdout.columns || fallback.columns, rows: stdout.rows || fallback.rows});
  const [size, setSize] = useState(read);
  useEffect(() => {
    const onResize = () => setSize(read());
    stdout.on('resize', onResize);
    return () => {
      stdout.off('resize', onResize);
    };
  }, [stdout]);
  return size;
}

/** A list's cursor and window, kept in step with its length and the rows it may use. */
export function useListNav(count: number, height: number): [ListNav, (action: ListNavAction) => void, (input: string, key: KeyInfo) => boolean] {
  const [nav, dispatch] = useReducer(navigate, undefined, () => initialNav(count, height));
  useEffect(() => dispatch({type: 'count', count}), [count]);
  useEffect(() => dispatch({type: 'resize', height}), [height]);
  const handleKey = (input: string, key: KeyInfo): boolean => {
    const command = listCommand(input, key);
    if (!command) return false;
    if (command === 'up') dispatch({type: 'move', by: -1});
    else if (command === 'down') dispatch({type: 'move', by: 1});
    else if (command === 'pageUp') dispatch({type: 'page', by: -1});
    else if (command === 'pageDown') dispatch({type: 'page', by: 1});
    else dispatch({type: command});
    return true;
  };
  // Count/height effects run after the first render; clamp here so a frame never shows a stale window.
  const shown = nav.count === count && nav.height === height ? nav : navigate(navigate(nav, {type: 'count', count}), {type: 'resize', height});
  return [shown, dispatch, handleKey];
}

/** What a screen that needs a migration says, on screen and for its keys, while none is open. */
export const NO_PLAN = 'Connect a source and a target first (2).';

/**
 * A screen's (or a dialog's) keys. `handle` gets every key while active and returns
 * why the key did nothing in the current state, if it did nothing: that shows in the
 * footer until the next key. Handlers find commands with `commandOf` (keymap.ts).
 */
export function useKeys(handle: (input: string, key: KeyInfo) => string | void, options: {isActive?: boolean} = {}) {
  const {refuse} = useConsole();
  // ink subscribes a handler in an effect that runs a turn after its render: a key typed in
  // between (Esc, then j at once) met the previous render's handler and its stale state. The
  // subscription calls the latest handler instead, set as the render is committed.
  const latest = useRef(handle);
  useLayoutEffect(() => {
    latest.current = handle;
  });
  const onKey = useCallback((input: string, key: KeyInfo) => refuse(latest.current(input, key) || undefined), [refuse]);
  useInput(onKey, {isActive: options.isActive ?? true});
}
