// Runs the demo emulators in their own process (so a benchmark measures only the
// engine's CPU), prints {plan, env} as one JSON line, and stays up until stdin closes.
import {startDemoEnvironment} from '../source/app/demo.js';
import {generateDemoAccount, smallDemoAccount} from '../demo-data/generate.js';

const size = process.argv[2] === 'small' ? smallDemoAccount(40) : generateDemoAccount();
const demo = await startDemoEnvironment({account: size, rateLimit: {off: true}});
process.stdout.write(JSON.stringify({plan: demo.plan, env: demo.env}) + '\n');
process.stdin.resume();
process.stdin.on('end', () => void demo.close().then(() => process.exit(0)));
