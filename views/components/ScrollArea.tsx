// A screen taller than the terminal scrolls instead of being cut: a window over its
// lines, kept around the focused line (forms) or moved with the list keys (reports
// such as Estimate), with a line saying what is above and below. Once at the end (G), it
// stays at the end as the screen grows, as a live run's does.
import React, {useLayoutEffect, useRef, useState, type ReactNode} from 'react';
import {Box, Text, measureElement, useInput, type DOMElement} from 'ink';
import {listCommand} from '../keys.js';

export interface ScrollAreaProps {
  height: number;
  /** The line to keep in view (a form's focused row); without it the list keys scroll */
  focus?: number;
  children: ReactNode;
}

/** The first line shown so that `focus` stays in a window of `height` lines over `total`. */
export function scrollTop(top: number, height: number, total: number, focus?: number): number {
  let next = top;
  if (focus !== undefined) {
    if (focus < next) next = focus;
    if (focus >= next + height) next = focus - height + 1;
  }
  return Math.max(0, Math.min(next, Math.max(0, total - height)));
}

export function ScrollArea({height, focus, children}: ScrollAreaProps) {
  const inner = useRef<DOMElement>(null);
  const [total, setTotal] = useState(0);
  const [top, setTop] = useState(0);
  // After G/End the window follows the end as lines come (a live run's screen grows); up-keys let go.
  const [atEnd, setAtEnd] = useState(false);
  useLayoutEffect(() => {
    if (!inner.current) return;
    const measured = measureElement(inner.current).height;
    if (measured !== total) setTotal(measured);
  });
  const overflows = total > height;
  // One line tells what is out of view, so the window itself is a line shorter.
  const window = overflows ? Math.max(1, height - 1) : height;
  const shownTop = atEnd && focus === undefined ? Math.max(0, total - window) : scrollTop(top, window, total, focus);
  if (shownTop !== top) setTop(shownTop);
  useInput(
    (input, key) => {
      const command = listCommand(input, key);
      if (!command) return;
      const by = command === 'up' ? -1 : command === 'down' ? 1 : command === 'pageUp' ? -(window - 1) : command === 'pageDown' ? window - 1 : command === 'home' ? -total : total;
      const end = Math.max(0, total - window);
      setTop((t) => scrollTop((atEnd ? end : t) + by, window, total));
      // G holds the end; a key up lets go; down at the end stays there.
      setAtEnd((held) => command === 'end' || (held && (command === 'down' || command === 'pageDown')));
    },
    {isActive: focus === undefined && overflows},
  );
  const below = Math.max(0, total - shownTop - window);
  return (
    <Box flexDirection="column">
      {/* Ink clips by the innermost overflow box only (the screen's body box does not clip what is
          inside this one): the box is never taller than the area, even in the frame where new lines
          arrived before they were measured, or they would be drawn over the notice and footer. */}
      <Box height={overflows ? window : total ? Math.min(total, height) : height} overflow="hidden" flexDirection="column">
        <Box ref={inner} marginTop={-shownTop} flexShrink={0} flexDirection="column">
          {children}
        </Box>
      </Box>
      {overflows ? (
        <Text dimColor wrap="truncate">
          {shownTop > 0 ? `↑ ${shownTop} line(s) above` : ''}
          {shownTop > 0 && below > 0 ? ' · ' : ''}
          {below > 0 ? `↓ ${below} more below` : ''}
          {focus === undefined ? ' (↑↓ PgUp PgDn g G)' : ''}
        </Text>
      ) : null}
    </Box>
  );
}
