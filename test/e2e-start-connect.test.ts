// Issue 23 points 10, 11 and 12 in a real terminal (tmux) at 80x24 and 60x16: Start's folder
// field owns the keyboard and Tab keeps what was typed, s and t choose the demo's pair; Connect
// in a new folder says an empty secret is typed here, refuses a secret with a space, summarises
// a web page answering instead of the API, forgets a test result when the platform changes, and
// says "no limit" for a self-hosted tier; a Help Scout → Freshservice demo shows the fields
// Freshservice cannot create as a limitation, never as failures.
import test from 'ava';
import {execFileSync} from 'node:child_process';
import {existsSync, writeFileSync} from 'node:fs';
import http from 'node:http';
import type {AddressInfo} from 'node:net';
import path from 'node:path';
import {FERRY, withTmux, terminal, type Terminal} from './e2e-helpers.js';

const inTmux = withTmux(test);

const tabLine = (s: string) => s.split('\n')[1] ?? '';
const flat = (s: string) => s.replace(/\s*\n\s*/g, ' ');
const cursors = (s: string) => s.split('\n').filter((line) => /^\s*›/.test(line)).length;

function stopDemoHost(dir: string) {
  if (existsSync(path.join(dir, 'demo-host.json'))) writeFileSync(path.join(dir, 'demo-host.stop'), 'stop\n');
}

/** Sends a key and waits for the screen to match; sent again only if the screen did not change at all (the app not listening yet). */
async function press(term: Terminal, key: string, until: (s: string) => boolean, what: string) {
  for (let attempt = 0; attempt < 3; attempt++) {
    const before = term.screen();
    term.keys(key);
    const changed = await term.waitFor((s) => s !== before, what, 15_000).then(() => true, () => false);
    if (changed || attempt === 2) return term.waitFor((s) => until(s) && s !== before, what, 120_000);
  }
  throw new Error(what);
}

/** Presses a key one at a time, each press waiting for the screen to change, until the screen matches. */
async function pressUntil(term: Terminal, key: string, check: (s: string) => boolean, what: string, max = 30) {
  for (let i = 0; i < max; i++) {
    const before = term.screen();
    if (check(before)) return before;
    term.keys(key);
    await term.waitFor((s) => s !== before, `${what} (after ${key})`, 30_000).catch(() => undefined);
  }
  return term.waitFor(check, what, 30_000);
}

/** Types into the open field and waits until the text shows. */
async function typeIn(term: Terminal, text: string, shows = text) {
  term.type(text);
  return term.waitFor((s) => flat(s).includes(shows), `"${shows}" typed`);
}

for (const size of [{columns: 80, rows: 24}, {columns: 60, rows: 16}]) {
  const at = `${size.columns}x${size.rows}`;

  inTmux(`Start and Connect at ${at}: the field owns the keys, Tab keeps the folder, Connect's answers in its own words`, async (t) => {
    t.timeout(600_000);
    // A server that answers with a web page, as a wrong URL does (a login page, a proxy's 404).
    const server = http.createServer((_request, response) => {
      response.writeHead(404, {'content-type': 'text/html'});
      response.end('<!DOCTYPE html><html><head><title>Page not found</title></head><body><h1>Not here</h1><p>' + 'x'.repeat(400) + '</p></body></html>');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    t.teardown(() => server.close());
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

    const term = terminal();
    t.teardown(() => term.kill());
    term.start(`node ${FERRY}`, size);
    await term.waitFor((s) => s.includes('› Try the demo'), 'the Start screen', 60_000);

    // 11: while the folder is typed the field owns the keys: ↓ moves no cursor under it; Tab keeps the folder.
    await press(term, 'Enter', (s) => /Folder\s+\S*ferry-demo/.test(s), 'the folder field');
    term.keys('Down');
    term.keys('C-u');
    await term.waitFor((s) => !s.includes('ferry-demo'), 'the field erased');
    let screen = await typeIn(term, 'my-demo');
    t.is(cursors(screen), 1, `11 at ${at}: one cursor while typing:\n${screen}`);
    screen = await press(term, 'Tab', (s) => s.includes('Enter goes with this folder'), 'Tab answered');
    t.regex(screen, /Folder\s+my-demo/, `11 at ${at}: Tab kept the typed folder:\n${screen}`);
    await press(term, 'Escape', (s) => !/Folder\s+my-demo/.test(s), 'the field closed');
    // 11: s and t choose the demo's pair.
    screen = await pressUntil(term, 's', (s) => flat(s).includes('Help Scout →'), 'Help Scout as the source');
    screen = await pressUntil(term, 't', (s) => flat(s).includes('Help Scout → Freshservice'), 'Freshservice as the target');
    t.regex(flat(screen), /Help Scout → Freshservice \(s, t: change the pair\)/);

    // 10: a new folder; Connect.
    await pressUntil(term, 'j', (s) => /^› Create a migration folder/m.test(s), 'the cursor on Create');
    await press(term, 'Enter', (s) => /Folder\s+migration/.test(s), 'the folder field');
    await press(term, 'Enter', (s) => /\[2:Conn/.test(tabLine(s)) && s.includes('[Source]'), 'the Connect screen');
    // An empty secret is typed here: not "the environment variable … is not set".
    await pressUntil(term, 'j', (s) => /^› URL/m.test(s), 'the cursor on URL');
    // An open field shows its value without the placeholder; keys go in order, so the next key after Enter acts on the form.
    await press(term, 'Enter', (s) => /^› URL\s*$/m.test(s), 'the URL field');
    await typeIn(term, url);
    term.keys('Enter');
    await pressUntil(term, 'j', (s) => /^› Admin email/m.test(s), 'the cursor on Admin email');
    await press(term, 'Enter', (s) => /^› Admin email\s*$/m.test(s), 'the email field');
    await typeIn(term, 'admin@acme.test');
    term.keys('Enter');
    screen = await press(term, 't', (s) => s.includes('source ✗ failed'), 'the test with an empty token');
    screen = await pressUntil(term, 'G', (s) => flat(s).includes('API token is empty'), 'the answer in view');
    t.regex(flat(screen), /API token is empty: type it here \(Enter on "API token"; it is masked\)/, `10 at ${at}:\n${screen}`);
    t.notRegex(flat(screen), /which is not set/);
    // A secret with a space is refused as typed.
    await pressUntil(term, 'k', (s) => /^› API token/m.test(s), 'the cursor on API token');
    await press(term, 'Enter', (s) => /› API token/.test(s) && !s.includes('(type it; masked)'), 'the token field');
    term.type('abc def');
    await term.waitFor((s) => s.includes('•••••••'), 'the typed token (masked)');
    screen = await press(term, 'Enter', (s) => flat(s).includes('has a space in it'), 'the token refused');
    t.regex(flat(screen), /API token has a space in it: secrets have none/, `10 at ${at}:\n${screen}`);
    term.keys('C-u');
    await term.waitFor((s) => !s.includes('•••••••'), 'the field erased');
    await typeIn(term, 'abc123def', '•••••••••');
    await press(term, 'Enter', (s) => !flat(s).includes('has a space in it'), 'the token kept');
    // A web page answering instead of the API is said as such, not dumped.
    screen = await press(term, 't', (s) => flat(s).includes('with a web page'), 'the test against a web page');
    screen = await pressUntil(term, 'G', (s) => flat(s).includes('not Zendesk\'s API'), 'the answer in view');
    t.regex(flat(screen), /The URL answered 404 with a web page \("Page not found"\), not Zendesk's API: check the URL/, `10 at ${at}:\n${screen}`);
    t.notRegex(screen, /<html|<!DOCTYPE|xxxxxxxx/i);
    // Another platform: the old result goes; a self-hosted tier reads "no limit".
    await pressUntil(term, 'g', (s) => /^› Platform/m.test(s), 'the cursor on Platform');
    screen = await press(term, 'Enter', (s) => !/Platform[^\n]*Zendesk/.test(s), 'the next platform');
    t.regex(screen, /source untested/, `10 at ${at}: the Zendesk result stays under another platform:\n${screen}`);
    t.notRegex(flat(screen), /web page|✗/);
    screen = await pressUntil(term, 'Enter', (s) => /Platform[^\n]*Request Tracker/.test(s), 'Request Tracker');
    t.regex(screen, /Plan tier\s+self-hosted \(no limit\)/, `10 at ${at}:\n${screen}`);
    t.notRegex(screen, /Infinity/);
  });

  inTmux(`a Help Scout → Freshservice demo at ${at}: the fields Freshservice cannot create are a limitation, not failures`, async (t) => {
    t.timeout(300_000);
    const term = terminal({FERRY_DEMO_FAST: '1', FERRY_DEMO_TICKETS: '10'});
    const dir = path.join(term.cwd, 'ferry-demo');
    t.teardown(() => {
      stopDemoHost(dir);
      term.kill();
    });
    term.start(`node ${FERRY}`, size);
    await term.waitFor((s) => s.includes('› Try the demo'), 'the Start screen', 60_000);
    await pressUntil(term, 's', (s) => flat(s).includes('Help Scout →'), 'Help Scout as the source');
    await pressUntil(term, 't', (s) => flat(s).includes('Help Scout → Freshservice'), 'Freshservice as the target');
    await press(term, 'Enter', (s) => /Folder\s+\S*ferry-demo/.test(s), 'the folder field');
    await press(term, 'Enter', (s) => s.includes("the demo's, kept in its folder"), 'the demo opened on Connect');
    let screen = term.screen();
    t.regex(screen, /Platform[^\n]*Help Scout/);
    // 4: Fields says a field Freshservice cannot create is left out, never "create it".
    screen = await press(term, '5', (s) => /\[5:Fields\]/.test(tabLine(s)) && /left out: create/.test(s), 'Fields');
    t.notRegex(screen, /\)\s+create it\s/, `4 at ${at}:\n${screen}`);
    await press(term, '9', (s) => s.includes('No run yet'), 'the Run screen');
    screen = await press(term, 's', (s) => /Run 1 \(demo\): finished/.test(s), 'the demo run to finish');
    const status = JSON.parse(execFileSync(process.execPath, [FERRY, 'status', '--dir', dir, '--json'], {encoding: 'utf8'})) as {types: Record<string, {total: number; migrated: number; warnings: number; failed: number; skipped: number}>; limitations: string[]};
    const fields = status.types.ticket_fields!;
    t.true(fields.total > 0 && fields.skipped > 0, JSON.stringify(fields));
    t.is(fields.failed, 0);
    t.true(status.limitations.some((l) => l.includes("Freshservice's API cannot create ticket fields")));
    // Run's Ticket fields row: none failed, all skipped (Done, Left, Migr, Warn, Fail, Skip, …).
    const row = screen.split('\n').find((line) => line.startsWith('Ticket fields'));
    t.truthy(row, screen);
    t.regex(row!, new RegExp(`${fields.total}/${fields.total}\\s+done\\s+${fields.migrated}\\s+${fields.warnings}\\s+0\\s+${fields.skipped}\\s`), `12 at ${at}:\n${screen}`);
    // Results says the limitation once, and counts no ticket field as failed.
    screen = await press(term, '0', (s) => s.includes('Record type'), 'Results');
    const all = [screen];
    if (/more below/.test(screen)) all.push(await pressUntil(term, 'j', (s) => !/more below/.test(s), 'the end of Results'));
    t.regex(all.join('\n'), new RegExp(`Ticket fields\\s+${fields.total}\\s+${fields.migrated}\\s+${fields.warnings}\\s+0\\s+${fields.skipped}\\s`), `12 at ${at}:\n${all.join('\n')}`);
  });
}
