// One record's journey in the console (h on Results and Failures): the same journey and the
// same lines as `ferry show` (source/app/show.ts), read from the journal, scrolled with the list
// keys; Esc closes it.
import React, {useMemo} from 'react';
import {Box, Text} from 'ink';
import {useConsole, useCapture, useKeyArea} from '../context.js';
import {useStore} from '../use-store.js';
import {ScrollArea} from '../components/ScrollArea.js';
import {useKeys} from '../hooks.js';
import {commandOf} from '../keymap.js';
import {formatJourney, recordJourney} from '../../source/app/show.js';
import {RECORD_TYPES, type RecordType} from '../../source/contracts/model.js';

export function JourneyView({type, sourceId, onClose}: {type: RecordType; sourceId: string; onClose(): void}) {
  const {store, bodyRows} = useConsole();
  const dir = useStore(store, (s) => s.dir);
  useCapture(true);
  useKeyArea('journey');
  useKeys((input, key) => {
    if (commandOf('journey', input, key) === 'close') onClose();
  });
  const text = useMemo(() => {
    if (!dir) return 'Open a migration first (1).';
    try {
      const journey = recordJourney(dir, type, sourceId);
      return journey ? formatJourney(journey) : `${type}:${sourceId} is not in the journal (no run has taken it on).`;
    } catch (error) {
      return `Could not read the journal: ${(error as Error).message}`;
    }
  }, [dir, type, sourceId]);
  return (
    <Box flexDirection="column">
      <ScrollArea height={Math.max(3, bodyRows - 1)}>
        {text.split('\n').map((line, index) => (
          <Text key={index} wrap="wrap">
            {line}
          </Text>
        ))}
      </ScrollArea>
      <Text dimColor>Esc: back · ↑↓ PgUp PgDn: scroll</Text>
    </Box>
  );
}

/** A record typed as `ferry show` takes it (tickets:123), or why it is not one. */
export function recordRefOf(text: string): {type: RecordType; sourceId: string} | string {
  const part = text.trim();
  const colon = part.lastIndexOf(':');
  const type = part.slice(0, colon) as RecordType;
  const sourceId = part.slice(colon + 1).trim();
  if (colon === -1 || !sourceId) return `"${part}": give the record as type:id, e.g. tickets:123`;
  if (!RECORD_TYPES.includes(type)) return `"${part}": "${type}" is not a record type (${RECORD_TYPES.join(', ')})`;
  return {type, sourceId};
}
