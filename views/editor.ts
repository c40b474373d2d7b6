// Inline text editing for forms: which field is being edited and its draft, kept
// in a ref as well as state so a burst of keys (a paste, SSH coalescing) never
// works on a stale value.
import {useRef, useState} from 'react';
import {commandOf, typedThenEnter, type KeyInfo} from './keymap.js';
import {editText} from './components/TextField.js';

export interface Editor {
  editing: string | undefined;
  draft: string;
  /** The field being edited now (live: keys that arrive before the next render see it) */
  current(): string | undefined;
  start(field: string, initial: string): void;
  stop(): void;
  /** 'commit' (Enter), 'next'/'prev' (Tab/Shift+Tab), 'cancel' (Esc), 'edit' or undefined */
  handle(input: string, key: KeyInfo): {action: 'commit' | 'next' | 'prev' | 'cancel' | 'edit'; field: string; value: string} | undefined;
}

export function useEditor(): Editor {
  const state = useRef<{editing?: string; draft: string}>({draft: ''});
  const [, rerender] = useState(0);
  const update = (next: {editing?: string; draft: string}) => {
    state.current = next;
    rerender((n) => n + 1);
  };
  const handle: Editor['handle'] = (input, key) => {
    const {editing, draft} = state.current;
    if (editing === undefined) return undefined;
    const split = typedThenEnter(input, key);
    if (split) {
      if (split.text) handle(split.text, key);
      return handle('\r', split.enter);
    }
    const command = commandOf('editing', input, key);
    if (command === 'done') return update({draft: ''}), {action: 'commit', field: editing, value: draft};
    if (command === 'next' || command === 'prev') return update({draft: ''}), {action: command, field: editing, value: draft};
    if (command === 'cancel') return update({draft: ''}), {action: 'cancel', field: editing, value: draft};
    const next = editText(draft, input, key);
    if (next === undefined) return undefined;
    update({editing, draft: next});
    return {action: 'edit', field: editing, value: next};
  };
  return {
    editing: state.current.editing,
    draft: state.current.draft,
    current: () => state.current.editing,
    start: (field, initial) => update({editing: field, draft: initial}),
    stop: () => update({draft: ''}),
    handle,
  };
}
