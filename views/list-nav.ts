// Pure list navigation: a cursor and a scroll window over `count` fixed-height rows.
// Only the visible slice is ever rendered, so 100,000 rows cost the same as 10.
export interface ListNav {
  count: number;
  cursor: number;
  /** First row shown */
  top: number;
  /** Rows that fit on screen */
  height: number;
}

export type ListNavAction =
  | {type: 'move'; by: number}
  | {type: 'page'; by: 1 | -1}
  | {type: 'home'}
  | {type: 'end'}
  | {type: 'resize'; height: number}
  | {type: 'count'; count: number}
  | {type: 'select'; index: number};

export function initialNav(count = 0, height = 10): ListNav {
  return clampNav({count, cursor: 0, top: 0, height});
}

export function navigate(nav: ListNav, action: ListNavAction): ListNav {
  switch (action.type) {
    case 'move':
      return clampNav({...nav, cursor: nav.cursor + action.by});
    case 'page':
      return clampNav({...nav, cursor: nav.cursor + action.by * Math.max(1, nav.height - 1), top: nav.top + action.by * Math.max(1, nav.height - 1)});
    case 'home':
      return clampNav({...nav, cursor: 0, top: 0});
    case 'end':
      return clampNav({...nav, cursor: nav.count - 1, top: nav.count - nav.height});
    case 'resize':
      return clampNav({...nav, height: action.height});
    case 'count':
      return clampNav({...nav, count: action.count});
    case 'select':
      return clampNav({...nav, cursor: action.index});
  }
}

/** Keeps the cursor inside the list and the window around the cursor. */
export function clampNav(nav: ListNav): ListNav {
  const count = Math.max(0, Math.floor(nav.count));
  const height = Math.max(1, Math.floor(nav.height));
  const cursor = count === 0 ? 0 : Math.min(count - 1, Math.max(0, Math.floor(nav.cursor)));
  let top = Math.min(Math.max(0, Math.floor(nav.top)), Math.max(0, count - height));
  if (cursor < top) top = cursor;
  if (cursor >= top + height) top = cursor - height + 1;
  return {count, cursor, top, height};
}

/** The indexes on screen: [from, to). */
export function visibleRange(nav: ListNav): [number, number] {
  return [nav.top, Math.min(nav.count, nav.top + nav.height)];
}
