// Deterministic legacy referral export for the demo and tests: a few thousand users,
// their referrals and rewards, written the way legacy platforms export them (BOM,
// mixed date forms, "$10.00" and "10,00 €"), with deliberate mistakes of each kind
// Advocate reports. Also the small robustness fixtures and a catch-up export.
// Run: npx tsx demo-data/referral/generate.ts
import fs from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

function prng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FIRST = ['Ada', 'Ben', 'Chloé', 'Dmitri', 'Eva', 'Farid', 'Grace', 'Hugo', 'Inès', 'Jon', 'Kemi', 'Lars', 'Mia', 'Noah', 'Olga', 'Priya', 'Quinn', 'Rosa', 'Sven', 'Tariq', 'Uma', 'Véro', 'Wen', 'Yusuf', 'Zoë'];
const LAST = ['Abbott', 'Bauer', 'Castillo', 'Dubois', 'Eriksen', 'Fischer', 'García', 'Hughes', 'Ivanova', 'Jensen', 'Kowalski', 'Lefèvre', 'Müller', 'Nakamura', "O'Brien", 'Patel', 'Rossi', 'Schmidt', 'Tanaka', 'Walsh'];
const LOCALES = ['en_US', 'en-GB', 'fr_FR', 'de_DE', 'es_ES', 'en_CA'];
const TIERS = ['bronze', 'silver', 'gold', 'platinum'];

const csvCell = (v: unknown) => {
  const s = String(v ?? '');
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};
const csv = (rows: unknown[][]) => rows.map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';

export interface DemoExport {
  users: unknown[][];
  referrals: unknown[][];
  rewards: unknown[][];
}

/** Dates as a legacy platform writes them: mostly ISO with an offset, some epoch seconds. */
function dateText(ms: number, random: () => number): string {
  if (random() < 0.15) return String(Math.floor(ms / 1000));
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, '+00:00');
}

export function buildDemoExport(userCount = 3000, seed = 20240501): DemoExport {
  const random = prng(seed);
  const pick = <T,>(list: T[]) => list[Math.floor(random() * list.length)]!;
  const start = Date.UTC(2022, 0, 1);
  const users: unknown[][] = [['Email', 'First Name', 'Last Name', 'Signup Date', 'Locale', 'Country', 'Referral Code', 'customFields.loyaltyTier', 'customFields.loyalty-score', 'customFields.notes']];
  const emails: string[] = [];
  const signup: number[] = [];
  for (let i = 0; i < userCount; i++) {
    const first = pick(FIRST);
    const last = pick(LAST);
    const email = `${first}.${last}.${i}@example.com`.toLowerCase().normalize('NFD').replace(/[\u0300-\u036f']/g, '');
    const created = start + Math.floor(random() * 700) * 86_400_000 + Math.floor(random() * 86_400_000);
    emails.push(email);
    signup.push(created);
    const locale = pick(LOCALES);
    users.push([i % 7 === 0 ? email.toUpperCase() : email, first, last, dateText(created, random), locale, locale.slice(3), `${first.toUpperCase().slice(0, 3)}${1000 + i}`, pick(TIERS), Math.floor(random() * 100), i % 50 === 0 ? `Prefers "email", not SMS,\nsince ${2020 + (i % 4)}` : '']);
  }
  // Deliberate row mistakes, one of each kind (rows chosen so they do not collide).
  users[11]![0] = ''; // REQUIRED_VALUE_EMPTY
  users[22]![0] = 'ben.bauer.at.example.com'; // INVALID_EMAIL
  users[33]![3] = '31/02/2023'; // INVALID_DATE (a locale date, and not a real one)
  users[44]![4] = 'english'; // INVALID_LOCALE
  users[55]![9] = 'x'.repeat(1500); // CUSTOM_FIELD_VALUE
  users.push([...users[66]!]); // DUPLICATE_ID

  const referrals: unknown[][] = [['Advocate Email', 'Friend Email', 'Referred Date', 'Converted Date', 'Advocate Type']];
  const rewards: unknown[][] = [['Advocate Email', 'Friend Email', 'Reward Name', 'Amount', 'Currency', 'Date Given', 'Amount Redeemed', 'Date Redeemed']];
  const referred = new Set<number>();
  for (let friend = 1; friend < userCount; friend++) {
    if (random() > 0.6) continue;
    const advocate = Math.floor(random() * friend);
    if (advocate === friend || referred.has(friend)) continue;
    referred.add(friend);
    const started = Math.max(signup[advocate]!, signup[friend]! - 3 * 86_400_000);
    const converted = random() < 0.7 ? started + Math.floor(random() * 20) * 86_400_000 : undefined;
    referrals.push([emails[advocate], emails[friend], dateText(started, random), converted ? dateText(converted, random) : '', random() < 0.03 ? 'affiliate' : 'customer']);
    if (!converted) continue;
    const cash = random() < 0.7;
    const euro = cash && random() < 0.3;
    const amount = cash ? (euro ? `${(10 + Math.floor(random() * 3) * 5).toFixed(2).replace('.', ',')} €` : `$${(10 + Math.floor(random() * 3) * 5).toFixed(2)}`) : String(500 + Math.floor(random() * 5) * 100);
    const redeemed = random() < 0.4;
    rewards.push([emails[advocate], emails[friend], cash ? 'Referral credit' : 'Referral points', amount, cash ? (euro ? 'EUR' : 'USD') : 'POINT', dateText(converted + 3_600_000, random), redeemed ? (cash ? '5.00' : '100') : '', redeemed ? dateText(converted + 30 * 86_400_000, random) : '']);
  }
  const r = (n: number) => referrals[n]!;
  r(5)[0] = ''; // REQUIRED_VALUE_EMPTY
  r(6)[2] = 'last tuesday'; // INVALID_DATE
  r(7)[0] = 'ghost.advocate@example.com'; // UNKNOWN_USER
  r(8)[0] = r(8)[1]; // SELF_REFERRAL
  referrals.push([emails[3], r(9)[1], dateText(start + 400 * 86_400_000, random), '', 'customer']); // DUPLICATE_ID: referred twice
  const w = (n: number) => rewards[n]!;
  w(103)[3] = 'ten dollars'; // NOT_AN_INTEGER
  w(104)[4] = 'US Dollars'; // INVALID_UNIT
  w(105)[5] = '2019-01-01T00:00:00+00:00'; // REWARD_BEFORE_REFERRAL
  w(106)[0] = 'nobody@example.com'; // UNKNOWN_USER (and so no referral)
  w(107)[1] = 'stranger@example.com'; // UNKNOWN_REFERRAL
  w(108)[3] = '12.5'; // NOT_AN_INTEGER for points, or a fine cash value: both kinds appear
  w(108)[4] = 'POINT';
  return {users, referrals, rewards};
}

/** The catch-up export: some rows already loaded, plus what happened after cut-over. */
export function buildCatchUp(base: DemoExport): DemoExport {
  const users = [base.users[0]!, ...base.users.slice(1, 4), ['late.joiner@example.com', 'Late', 'Joiner', '2024-03-02T09:00:00+01:00', 'en_US', 'US', 'LATE1', 'bronze', '1', '']];
  const existing = base.users.slice(100, 104).map((row) => String(row[0]).toLowerCase());
  const referrals = [
    base.referrals[0]!,
    ...base.referrals.slice(200, 203), // already loaded
    [existing[0], 'late.joiner@example.com', '2024-03-02T10:00:00+01:00', '2024-03-05T10:00:00+01:00', 'customer'],
  ];
  const rewards = [
    base.rewards[0]!,
    ...base.rewards.slice(200, 203), // already loaded
    [existing[0], 'late.joiner@example.com', 'Referral credit', '$15.00', 'USD', '2024-03-05T11:00:00+01:00', '', ''],
  ];
  return {users, referrals, rewards};
}

function writeFixtures(dir: string) {
  fs.mkdirSync(dir, {recursive: true});
  const users = 'Email,First Name,Signup Date\r\nana@example.com,Ana,2024-01-05T10:00:00+00:00\r\nbo@example.com,Bø,2024-01-06T10:00:00+00:00\r\n';
  const put = (name: string, data: string | Buffer) => fs.writeFileSync(path.join(dir, name), data);
  put('bom-utf8.csv', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(users)]));
  put('utf16le.csv', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(users, 'utf16le')]));
  put('utf16be.csv', Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(users, 'utf16le').swap16()]));
  put('windows-1252.csv', Buffer.from('Email;First Name;Signup Date\r\nrene@example.com;Ren\xe9;2024-01-05T10:00:00+00:00\r\nzoe@example.com;Zo\xeb \x80;2024-01-06T10:00:00+00:00\r\n', 'latin1'));
  put('semicolon-decimal-comma.csv', 'Advocate Email;Friend Email;Amount;Currency\nana@example.com;bo@example.com;10,00 €;EUR\nana@example.com;cy@example.com;1.234,50 €;EUR\n');
  put('tab.tsv', users.replace(/,/g, '\t'));
  put('quoted-newline.csv', 'Email,First Name,customFields.notes\nana@example.com,Ana,"line one\nline two, with a comma"\nbo@example.com,Bo,plain\n');
  put('ragged.csv', 'Email,First Name,Signup Date\nana@example.com,Ana\nbo@example.com,Bo,2024-01-06T10:00:00+00:00,extra\n');
  put('title-rows.csv', 'Referral Program Export\nGenerated 2024-02-01 by LegacyRefer\n\nEmail,First Name,Signup Date\nana@example.com,Ana,2024-01-05T10:00:00+00:00\n');
  put('empty.csv', '');
  put('header-only.csv', 'Email,First Name\n');
  put('binary.png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52, 0, 1, 2, 3, 4, 5, 6, 7, 0, 0, 0, 1]));
  put('archive.zip', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0, 0, 8, 0]));
  put('unclosed-quote.csv', 'Email,First Name\nana@example.com,"Ana\nbo@example.com,Bo\n');
  put('missing-id.csv', 'First Name,Last Name\nAna,Ames\n');
  put('friendbuy-rewards.csv', 'Date,Status,Advocate Email,Advocate Customer ID,Reward Type,Reward Amount,Currency,Friend Email,Friend Customer ID,Friend Order ID\n2024-01-10T12:00:00-05:00,Distributed,ana@example.com,C1,Account Credit,$10.00,USD,bo@example.com,C2,O-1\n2024-01-11T12:00:00-05:00,Rejected,ana@example.com,C1,Account Credit,$10.00,USD,cy@example.com,C3,O-2\n');
  put('mention-me-crm.csv', 'Customer Firstname,Customer Surname,Customer Email,Merchant Customer ID,Customer Recognised Date,Referred By Customer Email,Referred By Merchant Customer ID,Opted In To Marketing Email,Referred Date,Referred Signed Up Date,Referred Rewarded Date,Referred Qualified Date\nBo,Ng,bo@example.com,M2,05/01/2024 09:30,ana@example.com,M1,1,04/01/2024 18:00,05/01/2024 09:30,12/01/2024 10:00,11/01/2024 10:00\n');
  put('extole-advocates.csv', 'Advocate Person ID,Email,Partner User ID,First Name,Last Name,Person Image URL,Most Recent Action Date,Advocate Audience,Explicit Shares\nP1,ana@example.com,U1,Ana,Ames,https://img.example.com/a.png,2024-01-05T10:00:00Z,Customers,3\nP2,aff@example.com,U2,Affi,Liate,,2024-01-06T10:00:00Z,Affiliate Partners,40\n');
}

const isMain = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const demo = buildDemoExport();
  const bom = '\uFEFF'; // as Excel saves "CSV UTF-8"
  fs.writeFileSync(path.join(here, 'users.csv'), bom + csv(demo.users));
  fs.writeFileSync(path.join(here, 'referrals.csv'), csv(demo.referrals));
  fs.writeFileSync(path.join(here, 'rewards.csv'), csv(demo.rewards));
  const catchUp = buildCatchUp(demo);
  fs.mkdirSync(path.join(here, 'catch-up'), {recursive: true});
  fs.writeFileSync(path.join(here, 'catch-up', 'users.csv'), csv(catchUp.users));
  fs.writeFileSync(path.join(here, 'catch-up', 'referrals.csv'), csv(catchUp.referrals));
  fs.writeFileSync(path.join(here, 'catch-up', 'rewards.csv'), csv(catchUp.rewards));
  writeFixtures(path.join(here, 'fixtures'));
  console.log(`demo-data/referral: ${demo.users.length - 1} users, ${demo.referrals.length - 1} referrals, ${demo.rewards.length - 1} rewards, fixtures and a catch-up export written`);
}
