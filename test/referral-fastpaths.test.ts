import test from 'ava';
import {emailShape, fastIso, generalAmount, HAS_UPPER_OR_NON_ASCII, isAdvocateLocale, isPlainEmail, toEmail, toEpochMs, toLocale, toMinorUnits} from '../source/referral/convert.js';
import {KeySet, fingerprint} from '../source/referral/keyset.js';
import {numberText} from '../source/referral/writers.js';
import {builderFor} from '../source/referral/outputs.js';
import {rewardKey} from '../source/referral/previous.js';
import type {RowValues} from '../source/referral/validate.js';

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

const historyTexts = [undefined, '', 'user@example.com', 'say "hi"', 'back\\slash', 'tab\there', 'line\nend', 'é', '😀', '\ud800', '\u007f', '\u2028'];
const historyNumbers = [undefined, 0, -0, 1, 500, 1_609_459_200_000, 2 ** 53 - 1, 1.5, -12, NaN, 1e21, -1_000_000_000_007];

/** Row i of a mix of every awkward text and number in every history field. */
function historyRow(i: number, texts: (string | undefined)[] = historyTexts) {
  const pick = <T>(list: T[], k: number) => list[k % list.length]!;
  const numbers = historyNumbers;
  const values: RowValues = {
    'referrerUser.id': pick(texts, i),
    'referrerUser.accountId': pick(texts, i * 7 + 1),
    'referredUser.id': pick(texts, i * 3 + 2),
    'referredUser.accountId': pick(texts, i * 5 + 3),
    dateReferralStarted: pick(numbers, i),
    dateConverted: pick(numbers, i * 11 + 1),
    unit: pick(texts, i * 13 + 4),
    name: pick(texts, i * 17 + 5),
    assignedCredit: pick(numbers, i * 19 + 2),
    dateGiven: pick(numbers, i * 23 + 3),
    dateExpires: pick(numbers, i * 29 + 4),
    userId: pick(texts, i * 31 + 6),
    accountId: pick(texts, i * 37 + 7),
    quantityRedeemed: pick(numbers, i * 41 + 5),
    dateRedeemed: pick(numbers, i * 43 + 6),
  };
  const referral = {referrerId: pick(texts, i * 47 + 2) ?? 'a', referrerAccountId: pick(texts, i * 53 + 3) ?? 'b', referredId: pick(texts, i * 59 + 4) ?? 'c', referredAccountId: pick(texts, i * 61 + 5) ?? 'd'};
  return {values, custom: {}, referral};
}

/** The first line two texts differ in, cut short (giant cells would flood the report). */
function firstDifference(actual: string, expected: string): string {
  const a = actual.split('\n');
  const e = expected.split('\n');
  const at = a.findIndex((line, i) => line !== e[i]);
  const line = at === -1 ? a.length : at;
  return `line ${line + 1}: ${JSON.stringify((a[line] ?? '(none)').slice(0, 300))} instead of ${JSON.stringify((e[line] ?? '(none)').slice(0, 300))}`;
}

test('history lines encoded straight into the file are the JSON the objects make, across buffer ends and giant cells', async (t) => {
  const {BufferedFile} = await import('../source/referral/writers.js');
  const fs = await import('node:fs');
  const path = await import('node:path');
  const {tempDir} = await import('./referral-helpers.js');
  // A giant id (over the buffer at its worst) takes the string path; the rest go byte by byte.
  const texts = [...historyTexts, 'x'.repeat(50_000), 'ü'.repeat(20_000)];
  for (const programId of ['prog "α"', 'plain-program']) {
    const settings = {programId, eventKey: 'k', preserveEmptyAccounts: false, doNotTrack: false, customFieldNames: []};
    for (const type of ['referralHistory', 'rewardHistory'] as const) {
      const builder = builderFor(type, settings);
      const file = path.join(tempDir(), `${type}.jsonl`);
      const out = new BufferedFile(file);
      let expected = '';
      for (let i = 0; i < 2000; i++) {
        const row = historyRow(i, texts);
        await builder.writeJson!(out, row);
        expected += JSON.stringify(builder.json(row)) + '\n';
      }
      await out.close();
      const written = fs.readFileSync(file, 'utf8');
      t.true(written === expected, `${type}, program ${programId}: ${firstDifference(written, expected)}`);
    }
  }
});

test("keys.txt's referral lines encoded straight into the file keep their text, tabs and line breaks as spaces", async (t) => {
  const {KeysWriter} = await import('../source/referral/previous.js');
  const fs = await import('node:fs');
  const path = await import('node:path');
  const {tempDir} = await import('./referral-helpers.js');
  const file = path.join(tempDir(), 'keys.txt');
  const keys = new KeysWriter(file);
  const texts = [...historyTexts, 'cr\rlf\r\n', 'x'.repeat(100_000)];
  const clean = (value: unknown) => (value === undefined || value === null ? '' : String(value)).replace(/[\t\n\r]/g, ' ');
  let expected = '';
  for (let i = 0; i < 3000; i++) {
    const {values} = historyRow(i, texts);
    await keys.add('referrals', values, undefined);
    expected += ['R', values['referredUser.id'], values['referredUser.accountId'], values['referrerUser.id'], values['referrerUser.accountId'], values.dateReferralStarted].map((v, k) => (k ? clean(v) : v)).join('\t') + '\n';
  }
  await keys.close();
  // Compared as bytes: a lone surrogate is written as U+FFFD, as the string path wrote it.
  const written = fs.readFileSync(file);
  t.true(written.equals(Buffer.from(expected, 'utf8')), firstDifference(written.toString('utf8'), Buffer.from(expected, 'utf8').toString('utf8')));
});

test('history lines written without objects are the JSON the objects make', (t) => {
  const settings = {programId: 'prog "α"', eventKey: 'k', preserveEmptyAccounts: false, doNotTrack: false, customFieldNames: []};
  let compared = 0;
  for (const type of ['referralHistory', 'rewardHistory'] as const) {
    const builder = builderFor(type, settings);
    for (let i = 0; i < 3000; i++) {
      const row = historyRow(i);
      t.is(builder.jsonLine!(row), JSON.stringify(builder.json(row)) + '\n');
      compared++;
    }
  }
  t.is(compared, 6000);
});

test('the quick read of a plain amount gives what the general one gives', (t) => {
  const samples = ['25', '0', '007', '12.50', '$12.50', '$25', '$0.99', '1.5', '12.505', '$', '', '.50', '$.50', '123456789012345', '1234567890123456', '9007199254740.99', '12,50', '1,234.56', '-5', '$-5', ' 25', '25 ', '12.5O', 'USD 12.50', 'C$10.00', '€5'];
  for (let i = 0; i < 2000; i++) samples.push(`${i % 3 ? '$' : ''}${(i * 7919) % 100000}${i % 2 ? '.' + String(i % 100).padStart(2, '0') : ''}`);
  const optionSets = [{}, {majorUnits: true}, {majorUnits: false}, {defaultCurrency: 'JPY'}, {defaultCurrency: 'EUR', majorUnits: true}];
  let quick = 0;
  for (const text of samples)
    for (const options of optionSets) {
      const value = toMinorUnits(text, options);
      t.deepEqual(value, generalAmount(text, options), `${JSON.stringify(text)} ${JSON.stringify(options)}`);
      if (value.ok) quick++;
    }
  t.true(quick > 5000);
});

test("a reward's key is what earlier versions joined, so keys.bin from an older folder still matches", (t) => {
  const samples: RowValues[] = [
    {userId: 'a@b.co', referredUserId: 'c@d.co', dateGiven: 1_609_632_000_000, assignedCredit: 500, unit: 'CASH/USD', name: 'Referral credit'},
    {userId: 'a@b.co', assignedCredit: 3, unit: 'POINTS'},
    {userId: 'x', referredUserId: undefined, dateGiven: undefined, assignedCredit: undefined, unit: undefined, name: undefined},
    {userId: 'é😀', referredUserId: '', dateGiven: 0, assignedCredit: 1.5, unit: 'CENTS', name: 'tab\there', flag: true},
  ];
  for (const values of samples) t.is(rewardKey(values), [values.userId, values.referredUserId ?? '', values.dateGiven ?? '', values.assignedCredit, values.unit ?? '', values.name ?? ''].join('\u001f'));
});
