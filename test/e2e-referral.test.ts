// The referral wizard in a real terminal at 80x24 (tmux): the users file through the
// columns and a preview scrolled sideways to its converted dates, the Advocate account
// typed on the write step (key masked, kept in the 0600 credential store, nowhere else),
// and a load into the Advocate emulator that ends with Advocate's counts shown whole.
import test from 'ava';
import {readdirSync, readFileSync, statSync} from 'node:fs';
import path from 'node:path';
import {FERRY, withTmux, terminal} from './e2e-helpers.js';
import {demoReferralFiles} from '../source/referral/index.js';
import {serveAdvocateEmulator} from '../source/app/advocate.js';

const inTmux = withTmux(test);

/** Every file under a folder, recursively. */
const filesUnder = (dir: string): string[] => readdirSync(dir, {withFileTypes: true}).flatMap((entry) => (entry.isDirectory() ? filesUnder(path.join(dir, entry.name)) : [path.join(dir, entry.name)]));

inTmux('80x24: preview scrolls sideways; the Advocate account is typed in the console and the load shows its counts', async (t) => {
  const advocate = await serveAdvocateEmulator({apiKey: 'typed-key-5f3a9c'});
  const term = terminal();
  t.teardown(async () => {
    term.kill();
    await advocate.close();
  });
  term.start(`node ${FERRY}`, {columns: 80, rows: 24});
  await term.waitFor((s) => s.includes('Import referral history'), 'the Start screen');
  term.keys('G');
  await term.waitFor((s) => s.includes('› Start a fresh demo'), 'the last item');
  term.keys('k');
  await term.waitFor((s) => s.includes('› Import referral history'), 'the referral item');
  term.keys('Enter');
  await term.waitFor((s) => s.includes('referral-import'), 'the output folder prompt');
  term.keys('Enter');
  await term.waitFor((s) => s.includes('Choose the legacy exports'), 'the files step');
  t.notRegex(term.screen(), /Enter go \(asks for a folder\)/, "the footer is the step's, not Start's");
  term.keys('Enter');
  await term.waitFor((s) => s.includes('Tab complete'), 'the users path field');
  term.type(demoReferralFiles().users);
  await term.waitFor((s) => s.includes('users.csv'), 'the typed path');
  term.keys('Enter');
  await term.waitFor((s) => !s.includes('Tab complete') && s.includes('users.csv'), 'the path kept');
  term.keys('G');
  await term.waitFor((s) => /› Continue/.test(s), 'Continue');
  term.keys('Enter');
  await term.waitFor((s) => s.includes('Map columns'), 'the columns step');
  term.keys('Enter');
  await term.waitFor((s) => s.includes('Checked users'), 'the preview');
  const first = term.screen();
  t.regex(first, /columns 1-\d+ of \d+ \(←→\)/, 'the preview says columns are left out and how to see them');
  t.notRegex(first, /dateCreated|1656011861000/, 'the signup date is not on the first screenful');
  // → until the converted signup date shows (1656011861 in the file, Advocate's milliseconds once converted).
  for (let i = 0; i < 12 && !/1656011861000/.test(term.screen()); i++) {
    const before = term.screen();
    term.keys('Right');
    await term.waitFor((s) => s !== before, 'the columns to move');
  }
  t.regex(term.screen(), /dateCreated[\s\S]*1656011861000/, 'the converted date is readable');
  term.keys('Enter');
  await term.waitFor((s) => s.includes('MUTATION/USER') && s.includes('a type'), 'the written files');
  t.regex(term.screen().replace(/\s*\n\s*/g, ' '), /no Advocate|to load:/);
  term.keys('a');
  await term.waitFor((s) => s.includes('Advocate account to load into'), 'the account form');
  term.keys('Enter');
  await term.waitFor((s) => /› Tenant/.test(s), 'the tenant field');
  term.type(advocate.tenant);
  term.keys('Enter');
  await term.waitFor((s) => s.includes(advocate.tenant) && !/Ctrl\+U/.test(s), 'the tenant kept');
  term.keys('Down');
  await term.waitFor((s) => /› URL/.test(s), 'the URL row');
  term.keys('Enter');
  await term.waitFor((s) => /Ctrl\+U/.test(s), 'the URL field');
  term.type(advocate.url);
  term.keys('Enter');
  await term.waitFor((s) => s.includes(advocate.url) && !/Ctrl\+U/.test(s), 'the URL kept');
  term.keys('Down');
  await term.waitFor((s) => /› API key/.test(s), 'the key row');
  term.keys('Enter');
  await term.waitFor((s) => /Ctrl\+U/.test(s), 'the key field');
  term.type(advocate.apiKey);
  await term.waitFor((s) => s.includes('•'.repeat(advocate.apiKey.length)), 'the key masked');
  t.false(term.screen().includes(advocate.apiKey), 'the key is never on screen');
  term.keys('Enter');
  await term.waitFor((s) => !/Ctrl\+U/.test(s), 'the key kept');
  term.keys('Down');
  await term.waitFor((s) => /› \[x\] keep the key/.test(s), 'the remember row');
  term.keys('Down');
  await term.waitFor((s) => /› Use this account/.test(s), 'the last row');
  term.keys('Enter');
  await term.waitFor((s) => s.includes(`load into Advocate: ${advocate.tenant}`), 'the account taken');
  t.regex(term.screen().replace(/\s*\n\s*/g, ' '), /API key ••••, in the credential store/);
  term.keys('l');
  const done = await term.waitFor((s) => /COMPLETED · \d+ processed · \d+ errors · \d+ loaded/.test(s.replace(/\s*\n\s*/g, ' ')), "Advocate's counts, whole", 120_000);
  t.false(done.includes(advocate.apiKey));
  // The key is in the credential store (0600) and in no file of the output folder or settings.
  const store = path.join(term.home, 'credentials.json');
  t.is(statSync(store).mode & 0o777, 0o600);
  t.true(readFileSync(store, 'utf8').includes(advocate.apiKey));
  for (const file of [...filesUnder(term.cwd), ...filesUnder(term.home).filter((f) => f !== store)]) t.false(readFileSync(file).includes(advocate.apiKey), `${file} holds the key`);
});
