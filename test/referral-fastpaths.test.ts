import test from 'ava';
import {emailShape, fastIso, HAS_UPPER_OR_NON_ASCII, isAdvocateLocale, isPlainEmail, toEmail, toEpochMs, toLocale} from '../source/referral/convert.js';
import {KeySet, fingerprint} from '../source/referral/keyset.js';
import {numberText} from '../source/referral/writers.js';

// The hot path's shortcuts must agree with the slow, obvious forms they stand in for.

const EMAIL = /^[^\s@,;<>"]+@[^\s@,;<>"]+\.[^\s@,;<>".]{2,}$/;

test('the email scan accepts only what the email rule accepts', (t) => {
  const samples = ['a@b.co', 'User.Name+tag@Example.COM', 'a@b.c', '@b.co', 'a@.co', 'a@b.', 'a@@b.co', 'a b@c.de', 'a,b@c.de', 'a@b.c.de', 'a.b@cde', 'é@x.io', 'a@b.co\u00a0', 'a"b@c.de', 'a;b@c.de', 'a<b@c.de', 'a@b.co.', 'a@b..co', 'x@y.zz', 'a\u007f@b.co', ''];
  let accepted = 0;
  for (const sample of samples) {
    if (isPlainEmail(sample)) {
      accepted++;
      t.true(EMAIL.test(sample), sample);
      const slow = toEmail(sample);
      t.true(slow.ok && slow.value === sample.toLowerCase(), sample);
    }
  }
  // And it is a shortcut at all: the usual addresses take it.
  t.true(accepted >= 5);
  t.true(isPlainEmail('user123@example.com'));
});

test('a random alphabet never makes the email scan disagree with the rule', (t) => {
  const alphabet = ['a', 'B', '@', '.', ',', ' ', '"', '-', '_', 'é', '1'];
  let state = 7;
  let plain = 0;
  for (let i = 0; i < 20_000; i++) {
    let text = '';
    const length = 3 + (i % 9);
    for (let j = 0; j < length; j++) {
      state = (state * 1103515245 + 12345) & 0x7fffffff;
      text += alphabet[state % alphabet.length];
    }
    if (isPlainEmail(text)) plain++, t.true(EMAIL.test(text), text);
    if (!(emailShape(text) & HAS_UPPER_OR_NON_ASCII)) t.is(text.toLowerCase(), text, `${text} needs no lower-casing`);
  }
  t.true(plain > 0, 'the alphabet made some plain emails to check');
});

test('ISO dates, locales and large numbers: shortcuts equal the general conversions', (t) => {
  for (const text of ['2024-02-29T23:59:59Z', '2021-06-30T12:00:00+02:00', '1999-12-31T00:00:00-05:30', '2023-02-29T00:00:00Z', '2024-01-01 00:00:00Z']) {
    const fast = fastIso(text);
    const slow = toEpochMs(text);
    if (fast !== undefined) t.deepEqual({ok: true, value: fast}, slow, text);
  }
  t.is(fastIso('2024-02-29T23:59:59Z'), Date.parse('2024-02-29T23:59:59Z'));
  // Every day from 1900 to 2100, at either offset sign, as Date.parse reads it.
  for (let day = Date.UTC(1900, 0, 1); day < Date.UTC(2100, 0, 1); day += 86_400_000 + 3_601_000) {
    const iso = new Date(day).toISOString().slice(0, 19);
    t.is(fastIso(iso + 'Z'), Date.parse(iso + 'Z'), iso);
    t.is(fastIso(iso + '-07:30'), Date.parse(iso + '-07:30'), iso);
  }
  t.is(fastIso('0050-03-01T00:00:00Z'), Date.parse('0050-03-01T00:00:00Z'), 'years below 100 are not 19xx');
  for (const bad of ['2021-0a-01T00:00:00Z', '2021-01-01T0 :00:00Z', '2021-01-01T00:00:00+0a:00', '2021-13-01T00:00:00Z', '2021-02-29T00:00:00Z', '2021-01-01T24:00:00Z', '2021/01/01T00:00:00Z', '2021-01-01T00:00:00+01:0Z'])
    t.is(fastIso(bad), undefined, bad);
  for (const text of ['en_US', 'fr_FR', 'en-GB', 'EN_us', 'e_USA']) if (isAdvocateLocale(text)) t.deepEqual(toLocale(text), {ok: true, value: text});
  t.true(isAdvocateLocale('de_DE'));
  t.false(isAdvocateLocale('de-DE'));
  for (const value of [0, 7, -12, 1e9, 1e9 + 1, 1609459200000, 1609459200007, 1700000000000.5, 99999999999999, 1e15, 2 ** 53 - 1, -1609459200000, 0.1])
    t.is(numberText(value), String(value), String(value));
  for (let n = 1e12; n < 1e12 + 2e8; n += 1_234_567) t.is(numberText(n), String(n));
});

test('the key set finds what was added, at any size, and records the plain fingerprint', (t) => {
  const set = new KeySet(4);
  for (let i = 0; i < 50_000; i++) t.true(set.add(`user${i}@example.com`) || false, 'new keys are added');
  t.is(set.size, 50_000);
  t.false(set.add('user17@example.com'), 'a duplicate is refused');
  t.true(set.has('user49999@example.com'));
  t.false(set.has('user50000@example.com'));
  t.deepEqual(set.fingerprintOf('user5@example.com'), fingerprint('user5@example.com'));
  const restored = new KeySet();
  const [h1, h2] = fingerprint('a@b.co');
  t.true(restored.addFingerprint(h1, h2));
  t.false(restored.addFingerprint(h1, h2));
  t.true(restored.has('a@b.co'), 'a fingerprint read back from keys.bin matches the id');
});

test('CSV rows encoded straight into the buffer equal csvLine, quoting and non-ASCII included', async (t) => {
  const {BufferedFile, csvLine} = await import('../source/referral/writers.js');
  const fs = await import('node:fs');
  const path = await import('node:path');
  const {tempDir} = await import('./referral-helpers.js');
  const file = path.join(tempDir(), 'rows.csv');
  const out = new BufferedFile(file);
  const rows: unknown[][] = [
    ['a@b.co', 1609459200000, -42, 0, -0, 0.5, true, false, undefined, null, ''],
    ['Last, 13', 'say "hi"', 'two\nlines', 'cr\rhere', 'café', '€5', '日本', '\u007f', 'plain'],
    [2 ** 53 - 1, -(2 ** 53) + 1, 1e21, NaN, 9, 10, 99, 100],
    [999_999_999, 1e9, 1e9 + 1, 2 ** 31, 2 ** 31 - 1, 1_000_000_000_007, 4_294_967_296, 123_456_789_012_345, -1_000_000_000_000, 1e15, 10 ** 15 + 7],
    ['x'.repeat(100_000) + ',', 'after the giant cell'],
    [],
  ];
  let expected = '';
  for (let round = 0; round < 3000; round++)
    for (const row of rows) {
      await out.writeCsvRow(row);
      expected += csvLine(row);
    }
  await out.close();
  t.is(fs.readFileSync(file, 'utf8'), expected);
});
