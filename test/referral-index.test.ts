import test from 'ava';
import {ReferralIndex, type ReferralLink} from '../source/referral/referral-index.js';

// The referral links live in a temporary file read back through a block cache: every link
// must come back exactly as it went in, whatever order rewards ask in, across the write
// buffer's flushes, a cached block the file later grew into, and links longer than a block.

function linkFor(i: number): ReferralLink {
  const long = i % 997 === 0 ? 'x'.repeat(5000 + (i % 3000)) : '';
  return {
    referrerId: `advocate-${i % 1000}@example.com${long}`,
    referrerAccountId: i % 7 === 0 ? `Компания ${i} 😀` : `acct-${i % 1000}`,
    referredAccountId: i % 5 === 0 ? '' : `friend-acct-${i}`,
    start: i % 11 === 0 ? undefined : 1_609_459_200_000 + i * 1000,
  };
}

test('links come back exactly, asked for in file order, at random and while being written', (t) => {
  const index = new ReferralIndex({expected: 16}); // grows many times
  const expected = new Map<string, ReferralLink>();
  let state = 12_345;
  const random = (n: number) => ((state = (state * 1_103_515_245 + 12_345) & 0x7fffffff), state % n);
  const count = 40_000; // several MB: many flushes of the 1 MB write buffer
  for (let i = 0; i < count; i++) {
    const referred = `friend-${i}@example.com`;
    index.set(referred, linkFor(i));
    expected.set(referred, linkFor(i));
    // Rewards interleaved with referrals: a block read while the file still ends inside it.
    if (i % 3 === 0) {
      const asked = `friend-${random(i + 1)}@example.com`;
      t.deepEqual(index.get(asked), expected.get(asked), asked);
    }
  }
  t.is(index.size, count);
  // A user is referred once: a second link for the same friend does not replace the first.
  index.set('friend-5@example.com', {referrerId: 'someone-else', referrerAccountId: 'x', referredAccountId: 'y', start: 1});
  t.deepEqual(index.get('friend-5@example.com'), linkFor(5));
  let mismatches = 0;
  for (let i = 0; i < count; i++) if (JSON.stringify(index.get(`friend-${i}@example.com`)) !== JSON.stringify(expected.get(`friend-${i}@example.com`))) mismatches++;
  for (let k = 0; k < count; k++) {
    const i = random(count);
    if (JSON.stringify(index.get(`friend-${i}@example.com`)) !== JSON.stringify(expected.get(`friend-${i}@example.com`))) mismatches++;
  }
  t.is(mismatches, 0);
  t.is(index.get('nobody@example.com'), undefined);
  t.false(index.has('nobody@example.com'));
  t.true(index.has('friend-0@example.com'));
  index.close();
});

test('a block read while the file ended inside it is read again once the file grew into it', (t) => {
  // A 2 KB write buffer flushes every few dozen links, so reads keep landing in the block the file ends in.
  const index = new ReferralIndex({writeBuffer: 2048});
  for (let i = 0; i < 5000; i++) {
    index.set(`f${i}`, linkFor(i));
    for (const back of [1, 7, 30, 60, 200]) if (i >= back) t.deepEqual(index.get(`f${i - back}`), linkFor(i - back), `link ${i - back} asked after ${i}`);
  }
  index.close();
});

test('links stay exact once their fingerprints moved to disk', (t) => {
  const index = new ReferralIndex({inMemory: 300, writeBuffer: 4096});
  for (let i = 0; i < 5000; i++) {
    index.set(`f${i}`, linkFor(i));
    if (i % 17 === 0) t.deepEqual(index.get(`f${(i * 7) % (i + 1)}`), linkFor((i * 7) % (i + 1)));
  }
  index.set('f42', linkFor(9999)); // already there, on disk by now: the first link stands
  t.is(index.size, 5000);
  let wrong = 0;
  for (let i = 0; i < 5000; i++) if (JSON.stringify(index.get(`f${i}`)) !== JSON.stringify(linkFor(i))) wrong++;
  t.is(wrong, 0);
  t.is(index.get('f5000'), undefined);
  index.close();
});
