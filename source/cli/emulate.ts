// ferry emulate: start a platform emulator by hand, for trying ferry or a script
// against it without an account. Runs until interrupted.
import {findConnector, emulatedPlatforms, startEmulator} from '../app/registry.js';
import {serveAdvocateEmulator} from '../app/advocate.js';
import {parse, UsageError, type Io} from './args.js';
import {RunStopError} from '../contracts/errors.js';

export async function emulateCommand(argv: string[], io: Io): Promise<number> {
  const {values, positionals} = parse(argv, {port: {type: 'string'}, tier: {type: 'string'}, empty: {type: 'boolean'}, target: {type: 'boolean'}, json: {type: 'boolean'}, tenant: {type: 'string'}, 'rows-per-second': {type: 'string'}});
  const usage = `ferry emulate ${emulatedPlatforms().join('|')} [--port N] [--tier NAME] [--empty|--target] [--json]\n  --empty   start with no data; --target  start as the demo target (agents and a few existing records)\n  --json    print where it listens and its credentials as one JSON object\nferry emulate advocate [--port N] [--tenant ALIAS] [--rows-per-second N] [--json]\n  an empty Advocate tenant for \`ferry referral load\`; its import jobs run here, whether or not a client is connected (default 10000 rows a second); the API key is FERRY_ADVOCATE_API_KEY if set, else a new one`;
  if (values.help) return io.stdout.write(usage + '\n'), 0;
  if (positionals[0] === 'advocate') return emulateAdvocate(values, io, usage);
  const connector = findConnector(positionals[0] ?? '');
  if (!connector) throw new UsageError(`say which platform to emulate: ${emulatedPlatforms().join(' or ')}\n${usage}`);
  const port = values.port === undefined ? undefined : Number(values.port);
  if (port !== undefined && !(Number.isInteger(port) && port >= 0 && port < 65536)) throw new UsageError(`--port "${values.port}" is not a port number`);
  if (typeof values.tier === 'string' && !connector.tiers[values.tier]) throw new UsageError(`--tier "${values.tier}" is not a ${connector.label} plan; use one of ${Object.keys(connector.tiers).join(', ')}`);
  const emulator = await startEmulator(connector.id, {port, tier: values.tier as string | undefined, seed: values.empty ? 'empty' : values.target ? 'target' : 'source'}).catch((error: Error) => {
    throw new RunStopError(`the ${connector.label} emulator did not start: ${error.message}`, 'Choose another port with --port N, or leave it out for a free one.');
  });
  if (values.json) io.stdout.write(JSON.stringify({platform: connector.id, url: emulator.url, tier: emulator.tier, authKind: emulator.authKind, credentials: emulator.credentials, state: `${emulator.url}/__emulator/state`}) + '\n');
  else {
    io.stdout.write(`${connector.label} emulator (${emulator.tier} plan) listening on ${emulator.url}\n`);
    io.stdout.write(`Auth kind: ${emulator.authKind}\n`);
    for (const [key, value] of Object.entries(emulator.credentials)) io.stdout.write(`  ${key}: ${value}\n`);
    io.stdout.write(`What it holds: ${emulator.url}/__emulator/state\nPress Ctrl+C to stop.\n`);
  }
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await emulator.close();
  return 0;
}

async function emulateAdvocate(values: {port?: string; tenant?: string; 'rows-per-second'?: string; json?: boolean}, io: Io, usage: string): Promise<number> {
  // Under --json an error is one object on stdout, as for every other command.
  const refuse = (message: string, exitCode: number, more = '') => {
    if (values.json) io.stdout.write(JSON.stringify({error: message, exitCode}) + '\n');
    else io.stderr.write(`ferry: ${message}${more}\n`);
    return exitCode;
  };
  const port = values.port === undefined ? undefined : Number(values.port);
  const rate = values['rows-per-second'] === undefined ? undefined : Number(values['rows-per-second']);
  if ((port !== undefined && !(Number.isInteger(port) && port >= 0 && port < 65536)) || (rate !== undefined && !(Number.isInteger(rate) && rate > 0))) {
    return refuse(`--port takes a port number and --rows-per-second a positive whole number`, 2, `\n${usage}`);
  }
  if (values.tenant !== undefined && !/^[A-Za-z0-9_-]+$/.test(values.tenant)) {
    return refuse(`"${values.tenant}" is not a tenant alias (letters, digits, _ and -)`, 2);
  }
  let served;
  try {
    served = await serveAdvocateEmulator({port, tenant: values.tenant, apiKey: process.env.FERRY_ADVOCATE_API_KEY, rowsPerSecond: rate});
  } catch (error) {
    return refuse((error as Error).message, 1);
  }
  const env = {FERRY_ADVOCATE_TENANT: served.tenant, FERRY_ADVOCATE_URL: served.url, FERRY_ADVOCATE_API_KEY: served.apiKey};
  if (values.json) io.stdout.write(JSON.stringify({platform: 'advocate', url: served.url, tenant: served.tenant, apiKey: served.apiKey, env}) + '\n');
  else {
    io.stdout.write(`Advocate emulator listening on ${served.url}\n  tenant: ${served.tenant}\n  API key: ${served.apiKey}\n`);
    io.stdout.write(`Load into it: FERRY_ADVOCATE_API_KEY=${served.apiKey} ferry referral load --tenant ${served.tenant} --base-url ${served.url} --users FILE --out DIR\n`);
    io.stdout.write(`Or in the console: ${Object.entries(env).map(([name, value]) => `${name}=${value}`).join(' ')} ferry\nPress Ctrl+C to stop.\n`);
  }
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await served.close();
  return 0;
}
