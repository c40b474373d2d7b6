import test from 'ava';
import {toBoolean, toEmail, toEpochMs, toInteger, toLocale, toMinorUnits, toUnit} from '../source/referral/convert.js';

const ms = (iso: string) => Date.parse(iso);

test('ISO 8601 dates with offsets, Z, and space separators convert to epoch ms', (t) => {
  t.deepEqual(toEpochMs('2019-05-22T15:53:41-07:00'), {ok: true, value: ms('2019-05-22T22:53:41Z')});
  t.deepEqual(toEpochMs('2024-01-05T10:00:00Z'), {ok: true, value: ms('2024-01-05T10:00:00Z')});
  t.deepEqual(toEpochMs('2024-01-05 10:00:00+0200'), {ok: true, value: ms('2024-01-05T08:00:00Z')});
  t.deepEqual(toEpochMs('2024-01-05T10:00:00.250+01:00'), {ok: true, value: ms('2024-01-05T09:00:00.250Z')});
});

test('epoch seconds and milliseconds are recognised', (t) => {
  t.deepEqual(toEpochMs('1704450000'), {ok: true, value: 1704450000000});
  t.deepEqual(toEpochMs('1704450000123'), {ok: true, value: 1704450000123});
});

test('dates without an offset are read in the stated time zone, across DST', (t) => {
  t.deepEqual(toEpochMs('2024-01-05 10:00', {timeZone: 'Europe/Paris'}), {ok: true, value: ms('2024-01-05T09:00:00Z')});
  t.deepEqual(toEpochMs('2024-07-05 10:00', {timeZone: 'Europe/Paris'}), {ok: true, value: ms('2024-07-05T08:00:00Z')});
  t.deepEqual(toEpochMs('2024-01-05'), {ok: true, value: ms('2024-01-05T00:00:00Z')});
});

test('locale dates need their pattern; day-first and month-first both work', (t) => {
  const ambiguous = toEpochMs('05/06/2024');
  t.false(ambiguous.ok);
  t.regex((ambiguous as {reason: string}).reason, /--date-format/);
  t.deepEqual(toEpochMs('05/06/2024', {dateFormat: 'DD/MM/YYYY'}), {ok: true, value: ms('2024-06-05T00:00:00Z')});
  t.deepEqual(toEpochMs('05/06/2024 14:30', {dateFormat: 'MM/DD/YYYY HH:mm', timeZone: 'America/New_York'}), {ok: true, value: ms('2024-05-06T18:30:00Z')});
  t.deepEqual(toEpochMs('5.6.2024', {dateFormat: 'D.M.YYYY'}), {ok: true, value: ms('2024-06-05T00:00:00Z')});
});

test('impossible and unreadable dates are refused with a reason', (t) => {
  t.false(toEpochMs('31/02/2023', {dateFormat: 'DD/MM/YYYY'}).ok);
  t.false(toEpochMs('2023-02-31T10:00:00Z').ok);
  t.false(toEpochMs('last tuesday').ok);
  t.false(toEpochMs('2024-13-01').ok);
  t.true(toEpochMs('2024-02-29T00:00:00Z').ok, 'leap day');
  t.false(toEpochMs('2023-02-29T00:00:00Z').ok);
  t.false(toEpochMs('1900-02-29T00:00:00Z').ok, 'not a leap year');
});

test('money converts to an integer in the smallest unit', (t) => {
  t.deepEqual(toMinorUnits('$10.00'), {ok: true, value: {value: 1000, currency: 'USD'}});
  t.deepEqual(toMinorUnits('10,00 €'), {ok: true, value: {value: 1000, currency: 'EUR'}});
  t.deepEqual(toMinorUnits('1.234,56 €'), {ok: true, value: {value: 123456, currency: 'EUR'}});
  t.deepEqual(toMinorUnits('1,234.56'), {ok: true, value: {value: 123456, currency: undefined}});
  t.deepEqual(toMinorUnits('USD 5'), {ok: true, value: {value: 500, currency: 'USD'}});
  t.deepEqual(toMinorUnits('¥1200'), {ok: true, value: {value: 1200, currency: 'JPY'}});
  t.deepEqual(toMinorUnits('£2.5'), {ok: true, value: {value: 250, currency: 'GBP'}});
  t.deepEqual(toMinorUnits('-$3.00'), {ok: true, value: {value: -300, currency: 'USD'}});
});

test('plain integers are minor units unless the export writes major units', (t) => {
  t.deepEqual(toMinorUnits('10'), {ok: true, value: {value: 10, currency: undefined}});
  t.deepEqual(toMinorUnits('10', {majorUnits: true}), {ok: true, value: {value: 1000, currency: undefined}});
  t.deepEqual(toMinorUnits('1,000', {majorUnits: true}), {ok: true, value: {value: 100000, currency: undefined}});
});

test('bad amounts are refused', (t) => {
  t.false(toMinorUnits('ten dollars').ok);
  t.false(toMinorUnits('').ok);
  t.false(toMinorUnits('$1.0055').ok);
  t.false(toMinorUnits('1,2,3').ok);

});

test('units: both documented spellings in any case are accepted; the API\'s (CASH/USD, POINTS) is written', (t) => {
  // SaaSquatch's docs spell units CASH/USD and POINTS; Advocate's migration article writes Cash/USD and POINT.
  for (const spelling of ['CASH/USD', 'Cash/USD', 'cash/usd', 'USD']) t.deepEqual(toUnit(spelling), {ok: true, value: 'CASH/USD'}, spelling);
  t.deepEqual(toUnit('cash/eur'), {ok: true, value: 'CASH/EUR'});
  for (const spelling of ['POINTS', 'points', 'POINT', 'Point']) t.deepEqual(toUnit(spelling), {ok: true, value: 'POINTS'}, spelling);
  t.deepEqual(toUnit('cents'), {ok: true, value: 'CENTS'});
  t.deepEqual(toUnit('GIFT_CARD'), {ok: true, value: 'GIFT_CARD'}, "a tenant's own unit is kept as given");
  t.false(toUnit('US Dollars').ok);
  t.false(toUnit('Cash/usd1').ok);
});

test('locales, emails, booleans and integers', (t) => {
  t.deepEqual(toLocale('en-us'), {ok: true, value: 'en_US'});
  t.deepEqual(toLocale('fr_FR'), {ok: true, value: 'fr_FR'});
  t.false(toLocale('english').ok);
  t.deepEqual(toEmail(' Ana@Example.COM '), {ok: true, value: 'ana@example.com'});
  t.false(toEmail('ana.at.example.com').ok);
  t.false(toEmail('a@b').ok);
  t.deepEqual(toBoolean('Yes'), {ok: true, value: true});
  t.deepEqual(toBoolean('0'), {ok: true, value: false});
  t.false(toBoolean('maybe').ok);
  t.deepEqual(toInteger('42'), {ok: true, value: 42});
  t.false(toInteger('4.2').ok);
});
