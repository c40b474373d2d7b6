// A text progress bar ("[#####-----]"), readable without colour.
import React from 'react';
import {Text} from 'ink';

export function bar(fraction: number, width: number): string {
  const inner = Math.max(1, width - 2);
  const clamped = Math.min(1, Math.max(0, Number.isFinite(fraction) ? fraction : 0));
  const filled = Math.round(clamped * inner);
  return `[${'#'.repeat(filled)}${'-'.repeat(inner - filled)}]`;
}

export function ProgressBar({fraction, width, warn}: {fraction: number; width: number; warn?: boolean}) {
  return <Text color={warn ? 'yellow' : 'green'}>{bar(fraction, width)}</Text>;
}
