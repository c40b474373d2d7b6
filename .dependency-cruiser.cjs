// The layers of ferry and the directions imports may take (README "Architecture").
// `npm test` runs this: a new circle or a wrong-way import fails the build.
const layer = (name) => `^source/${name}/`;
module.exports = {
  forbidden: [
    {name: 'no-circular', severity: 'error', comment: 'A circle makes every module in it load, and change, with the others.', from: {}, to: {circular: true}},
    {name: 'contracts-import-nothing', severity: 'error', comment: 'contracts: the neutral model, the connector contract, HTTP types, errors. Nothing of ferry.', from: {path: layer('contracts')}, to: {path: '^(source|views|connectors|demo-data)/', pathNot: layer('contracts')}},
    {name: 'platform-below-engine', severity: 'error', comment: 'platform: HTTP client, rate gate, concurrency. Only contracts.', from: {path: layer('platform')}, to: {path: '^(source|views|connectors|demo-data)/', pathNot: `${layer('contracts')}|${layer('platform')}`}},
    {name: 'engine-stays-core', severity: 'error', comment: 'engine: contracts, platform, plan only.', from: {path: layer('engine')}, to: {path: '^(source|views|connectors|demo-data)/', pathNot: `${layer('contracts')}|${layer('platform')}|${layer('plan')}|${layer('engine')}`}},
    {name: 'plan-stays-core', severity: 'error', comment: 'plan: contracts and platform only.', from: {path: layer('plan')}, to: {path: '^(source|views|connectors|demo-data)/', pathNot: `${layer('contracts')}|${layer('platform')}|${layer('plan')}`}},
    {name: 'estimate-prepare-referral-below-app', severity: 'error', comment: 'estimate, prepare, referral: the core layers, never app, cli, views or connectors.', from: {path: `${layer('estimate')}|${layer('prepare')}|${layer('referral')}`}, to: {path: `${layer('app')}|${layer('cli')}|^views/|^connectors/`}},
    {name: 'only-app-knows-connectors', severity: 'error', comment: 'The registry in app/ is the only importer of connectors/*.', from: {path: '^(source|views)/', pathNot: layer('app')}, to: {path: '^connectors/'}},
    {name: 'app-has-no-ui', severity: 'error', comment: 'app: services for the commands and the console; no screens, no command-line parsing.', from: {path: layer('app')}, to: {path: `^views/|${layer('cli')}`}},
    {name: 'only-the-console-command-imports-views', severity: 'error', comment: 'cli: thin commands; only the console command opens the screens.', from: {path: layer('cli'), pathNot: '^source/cli/console\\.ts$'}, to: {path: '^views/'}},
    {name: 'react-and-ink-only-in-views', severity: 'error', comment: 'The screens are views/; app state, intents and commands work without React (only cli/console.ts renders the views).', from: {path: '^source/', pathNot: '^source/cli/console\\.ts$'}, to: {path: '(^|/)node_modules/(react|ink|ink-[^/]+|react-reconciler)/'}},
    {name: 'views-not-cli', severity: 'error', comment: 'views: screens over app state and contracts.', from: {path: '^views/'}, to: {path: layer('cli')}},
    {name: 'connectors-on-contracts', severity: 'error', comment: 'A connector builds on contracts and platform, never on the app, the engine or another connector (the Freshworks kit, connectors/freshworks/, is the two Freshworks connectors\' shared part).', from: {path: '^connectors/([^/]+)/'}, to: {path: `^source/(?!contracts/|platform/)|^views/|^connectors/(?!$1/|shared/|freshworks/)`}},
    {name: 'only-freshworks-connectors-use-the-kit', severity: 'error', comment: 'connectors/freshworks/: what Freshdesk and Freshservice share; no other connector uses it.', from: {path: '^connectors/', pathNot: '^connectors/(freshdesk|freshservice|freshworks)/'}, to: {path: '^connectors/freshworks/'}},
    {name: 'demo-data-on-contracts', severity: 'error', comment: 'demo-data: the demo account, built from the neutral model only.', from: {path: '^demo-data/'}, to: {path: '^(source|views|connectors|bench)/', pathNot: layer('contracts')}},
    {name: 'only-emulators-and-the-app-load-demo-data', severity: 'error', comment: 'The demo account seeds emulators and the demo (app); a connector never reads it, nor does any core layer.', from: {path: '^(source|views|connectors)/', pathNot: `^connectors/[^/]+/emulator|${layer('app')}`}, to: {path: '^demo-data/'}},
    {name: 'nothing-imports-bench', severity: 'error', comment: 'bench: benchmarks on top of everything; nothing of ferry loads them.', from: {path: '^(source|views|connectors|demo-data)/'}, to: {path: '^bench/'}},
    {
      name: 'react-and-ink-only-in-views',
      severity: 'error',
      comment:
        'Screens are views/: no other layer imports React or Ink. source/cli/console.ts is the one command that opens the screens (it renders the root view). source/app/console/store.ts: issue 23 removes its React import; drop this exception after merging it.',
      from: {path: '^(source|connectors|demo-data|bench)/', pathNot: '^source/cli/console\\.ts$|^source/app/console/store\\.ts$'},
      to: {path: '^node_modules/(react|ink|ink-[^/]+|@inkjs/[^/]+)/'},
    },
    {name: 'connector-not-its-emulator', severity: 'error', comment: 'A connector never loads its emulator; the registry (source/app/registry.ts) pairs them.', from: {path: '^connectors/[^/]+/(?!emulator)[^/]+$'}, to: {path: '^connectors/[^/]+/emulator'}},
  ],
  options: {
    doNotFollow: {path: 'node_modules'},
    tsPreCompilationDeps: true,
    tsConfig: {fileName: 'tsconfig.json'},
    enhancedResolveOptions: {extensions: ['.ts', '.tsx', '.js']},
  },
};
