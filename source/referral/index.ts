// Public surface of the referral import, for the CLI wiring and the console.
import path from 'node:path';
import {fileURLToPath} from 'node:url';

export {runImport, defaultImportTypes, type RunOptions, type RunResult, type PreviewRow, type Progress, type FileSummary, type OutputFile, type ImportFiles} from './engine.js';
export {createReferralActions, type ReferralActions, type ReferralActionOptions, type ReferralRequest} from './actions.js';
export {loadOutputs, type LoadedFile, type LoadProgress} from './load.js';
export {PRESETS, autoMap, findPreset, type FileMapping, type Preset} from './mapping.js';
export {sniffFile} from './sniff.js';
export {droppedColumns, type DroppedColumn} from './dropped.js';
export {ADVICE, advise, type AdviceId, type Audience} from './advice.js';
export {loadPrevious} from './previous.js';
export {formatSummary} from './report.js';
export * from './fields.js';

const here = path.dirname(fileURLToPath(import.meta.url));

/** The demo legacy export (see demo-data/referral/generate.ts). */
export function demoReferralFiles(): {users: string; referrals: string; rewards: string} {
  const dir = path.resolve(here, '../../demo-data/referral');
  return {users: path.join(dir, 'users.csv'), referrals: path.join(dir, 'referrals.csv'), rewards: path.join(dir, 'rewards.csv')};
}
