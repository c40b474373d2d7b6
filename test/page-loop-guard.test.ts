import test from 'ava';
import {PageLoopGuard} from '../source/platform/page-loop-guard.js';

test('a page position seen twice stops the read, naming the platform and the list; the end is not a position', (t) => {
  const guard = new PageLoopGuard('Acme', 'tickets');
  guard.visit('a');
  guard.visit(2);
  guard.visit(undefined);
  guard.visit(undefined);
  t.throws(() => guard.visit('a'), {message: 'Acme pagination loop: tickets returned the same page position "a" twice; stopping instead of reading forever.'});
  t.throws(() => guard.visit('2'), {message: /"2" twice/});
});
