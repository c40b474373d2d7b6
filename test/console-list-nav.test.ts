import test from 'ava';
import {clampNav, initialNav, navigate, visibleRange, type ListNav} from '../views/list-nav.js';

test('moving keeps the cursor inside the list and the window around it', (t) => {
  let nav = initialNav(5, 3);
  nav = navigate(nav, {type: 'move', by: -1});
  t.is(nav.cursor, 0);
  for (let i = 0; i < 4; i++) nav = navigate(nav, {type: 'move', by: 1});
  t.deepEqual([nav.cursor, nav.top], [4, 2]);
  nav = navigate(nav, {type: 'move', by: 1});
  t.is(nav.cursor, 4);
  t.deepEqual(visibleRange(nav), [2, 5]);
});

test('100,000 rows: paging, end and home touch only the window', (t) => {
  let nav: ListNav = initialNav(100_000, 20);
  nav = navigate(nav, {type: 'page', by: 1});
  t.is(nav.cursor, 19);
  t.true(nav.cursor >= nav.top && nav.cursor < nav.top + nav.height);
  nav = navigate(nav, {type: 'end'});
  t.deepEqual([nav.cursor, nav.top], [99_999, 99_980]);
  t.deepEqual(visibleRange(nav), [99_980, 100_000]);
  nav = navigate(nav, {type: 'page', by: -1});
  t.is(nav.cursor, 99_980);
  nav = navigate(nav, {type: 'home'});
  t.deepEqual([nav.cursor, nav.top], [0, 0]);
});

test('the list shrinking or the terminal resizing keeps a valid window', (t) => {
  let nav = navigate(initialNav(1000, 10), {type: 'select', index: 900});
  nav = navigate(nav, {type: 'count', count: 50});
  t.is(nav.cursor, 49);
  t.true(nav.top <= 49 && nav.top + nav.height > 49);
  nav = navigate(nav, {type: 'resize', height: 3});
  t.true(nav.cursor >= nav.top && nav.cursor < nav.top + 3);
  nav = navigate(nav, {type: 'count', count: 0});
  t.deepEqual([nav.cursor, nav.top], [0, 0]);
  t.deepEqual(visibleRange(nav), [0, 0]);
});

test('clampNav repairs any state', (t) => {
  t.deepEqual(clampNav({count: 10, cursor: 50, top: -4, height: 0}), {count: 10, cursor: 9, top: 9, height: 1});
});
