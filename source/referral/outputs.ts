// The Advocate import types and how one validated row becomes a line of each.
// Machine headers follow the bulk-import docs (CSV header = JSON path in dot
// notation); line shapes follow saasquatch/schema's *ImportLine schemas.
import type {FileKind, ImportType} from './fields.js';
import type {RowValues} from './validate.js';
import {BufferedFile, jsonWorst, numberText, SplitWriter, type OutputFormat} from './writers.js';

export const JOB_TYPES: Record<ImportType, string> = {
  users: 'MUTATION/USER',
  deleteUsers: 'MUTATION/DELETE_USER',
  referralHistory: 'MUTATION/REFERRAL',
  rewardHistory: 'MUTATION/REFERRAL',
  userEvents: 'MUTATION/USER_EVENT',
  rewardBalances: 'MUTATION/REDEEMABLE_REWARD_BALANCE',
};

export const IMPORT_TYPE_SOURCE: Record<ImportType, FileKind> = {
  users: 'users',
  deleteUsers: 'users',
  referralHistory: 'referrals',
  userEvents: 'referrals',
  rewardHistory: 'rewards',
  rewardBalances: 'rewards',
};

export const IMPORT_TYPE_LABEL: Record<ImportType, string> = {
  users: 'Users',
  referralHistory: 'Referral history',
  rewardHistory: 'Reward history',
  userEvents: 'User events (conversions)',
  rewardBalances: 'Reward-balance updates (redemptions)',
  deleteUsers: 'User deletion',
};

/** History imports switch off side effects (JobParams importEvaluationOptions). */
export const HISTORY_PARAMS = {importEvaluationOptions: {webhooks: false, programs: false, analytics: false}};

export interface OutputSettings {
  programId: string;
  eventKey: string;
  preserveEmptyAccounts: boolean;
  doNotTrack: boolean;
  customFieldNames: string[];
}

/** A validated row with the referral it belongs to (rewards only). */
export interface OutputRow {
  values: RowValues;
  custom: Record<string, string>;
  referral?: {referrerId: string; referrerAccountId: string; referredId: string; referredAccountId: string};
}

/**
 * `csv` may return the same array each time: use it before asking for the next row.
 * `jsonLine`, where given, is JSON.stringify(json(row)) plus a line end, made faster;
 * `writeJson` encodes that same text straight into the file's buffer (the hot path).
 */
type Builder = {
  headers: string[];
  accepts: (row: OutputRow) => boolean;
  csv: (row: OutputRow) => unknown[];
  json: (row: OutputRow) => unknown;
  jsonLine?: (row: OutputRow) => string;
  writeJson?: (file: BufferedFile, row: OutputRow) => Promise<void> | undefined;
};

export function builderFor(type: ImportType, settings: OutputSettings): Builder {
  const v = (row: OutputRow, name: string) => row.values[name];
  const programId = JSON.stringify(settings.programId);
  const programMember = `,"programId":${programId}`;
  const writeProgram = /^[\x20-\x7e]*$/.test(programMember) ? (file: BufferedFile) => file.ascii(programMember) : (file: BufferedFile) => file.utf8(programMember);
  switch (type) {
    case 'users': {
      const plain = ['id', 'accountId', 'email', 'firstName', 'lastName', 'imageUrl', 'dateCreated', 'locale', 'countryCode', 'referable'];
      const customHeaders = settings.customFieldNames.map((name) => `customFields.${name}`);
      const scratch: unknown[] = new Array(plain.length + 3 + settings.customFieldNames.length);
      return {
        headers: [...plain, `referralCodes.${settings.programId}`, `sharelinks.${settings.programId}`, 'segments', ...customHeaders],
        accepts: () => true,
        csv: (row) => {
          // Hot path for large user files: one array, reused (the writer encodes it before the next row).
          const names = settings.customFieldNames;
          const out = scratch;
          for (let i = 0; i < plain.length; i++) out[i] = row.values[plain[i]!];
          out[plain.length] = row.values.referralCode;
          out[plain.length + 1] = row.values.shareLink;
          out[plain.length + 2] = row.values.segments;
          for (let i = 0; i < names.length; i++) out[plain.length + 3 + i] = row.custom[names[i]!];
          return out;
        },
        json: (row) => {
          const line: Record<string, unknown> = {};
          for (const name of plain) if (v(row, name) !== undefined) line[name] = v(row, name);
          if (v(row, 'referralCode') !== undefined) line.referralCodes = {[settings.programId]: v(row, 'referralCode')};
          if (v(row, 'shareLink') !== undefined) line.shareLinks = {[settings.programId]: v(row, 'shareLink')};
          if (v(row, 'segments') !== undefined) line.segments = String(v(row, 'segments')).split(',').map((s) => s.trim()).filter(Boolean);
          if (Object.keys(row.custom).length) line.customFields = row.custom;
          return line;
        },
      };
    }
    case 'deleteUsers':
      return {
        headers: ['accountId', 'id', 'preserveEmptyAccount', 'doNotTrack'],
        accepts: () => true,
        csv: (row) => [v(row, 'accountId'), v(row, 'id'), settings.preserveEmptyAccounts, settings.doNotTrack],
        json: (row) => ({accountId: v(row, 'accountId'), id: v(row, 'id'), preserveEmptyAccount: settings.preserveEmptyAccounts, doNotTrack: settings.doNotTrack}),
      };
    case 'referralHistory':
      return {
        headers: ['referrerUser.id', 'referrerUser.accountId', 'referredUser.id', 'referredUser.accountId', 'programId', 'dateReferralStarted', 'dateConverted'],
        accepts: () => true,
        csv: (row) => [v(row, 'referrerUser.id'), v(row, 'referrerUser.accountId'), v(row, 'referredUser.id'), v(row, 'referredUser.accountId'), settings.programId, v(row, 'dateReferralStarted'), v(row, 'dateConverted')],
        json: (row) =>
          dropUndefined({
            referrerUser: {id: v(row, 'referrerUser.id'), accountId: v(row, 'referrerUser.accountId')},
            referredUser: {id: v(row, 'referredUser.id'), accountId: v(row, 'referredUser.accountId')},
            programId: settings.programId,
            dateReferralStarted: v(row, 'dateReferralStarted'),
            dateConverted: v(row, 'dateConverted'),
          }),
        // The same text as JSON.stringify(json(row)), built without the objects (hot path).
        jsonLine: (row) =>
          `{"referrerUser":${idPair(v(row, 'referrerUser.id'), v(row, 'referrerUser.accountId'))},"referredUser":${idPair(v(row, 'referredUser.id'), v(row, 'referredUser.accountId'))},"programId":${programId}${member('dateReferralStarted', v(row, 'dateReferralStarted'))}${member('dateConverted', v(row, 'dateConverted'))}}\n`,
        writeJson(file, row) {
          const {values} = row;
          const referrerId = values['referrerUser.id'], referrerAccountId = values['referrerUser.accountId'];
          const referredId = values['referredUser.id'], referredAccountId = values['referredUser.accountId'];
          const started = values.dateReferralStarted, converted = values.dateConverted;
          const worst = 120 + programMember.length * 3 + jsonWorst(referrerId) + jsonWorst(referrerAccountId) + jsonWorst(referredId) + jsonWorst(referredAccountId) + jsonWorst(started) + jsonWorst(converted);
          if (!BufferedFile.fits(worst)) return file.write(this.jsonLine!(row));
          const pending = file.room(worst);
          file.ascii('{"referrerUser":');
          writeIdPair(file, referrerId, referrerAccountId);
          file.ascii(',"referredUser":');
          writeIdPair(file, referredId, referredAccountId);
          writeProgram(file);
          writeMember(file, ',"dateReferralStarted":', started);
          writeMember(file, ',"dateConverted":', converted);
          file.ascii('}\n');
          return pending;
        },
      };
    case 'userEvents':
      return {
        headers: ['accountId', 'userId', 'event.key', 'event.dateTriggered'],
        accepts: (row) => v(row, 'dateConverted') !== undefined,
        csv: (row) => [v(row, 'referredUser.accountId'), v(row, 'referredUser.id'), settings.eventKey, v(row, 'dateConverted')],
        json: (row) => ({accountId: v(row, 'referredUser.accountId'), userId: v(row, 'referredUser.id'), event: {key: settings.eventKey, dateTriggered: v(row, 'dateConverted')}}),
      };
    case 'rewardHistory': {
      // Advocate's referral import carries rewards inside the referral they came from
      // (ReferralImportLine requires programId, referrerUser and referredUser).
      const reward = (row: OutputRow) =>
        dropUndefined({
          type: 'CREDIT',
          unit: v(row, 'unit'),
          name: v(row, 'name'),
          assignedCredit: v(row, 'assignedCredit'),
          dateGiven: v(row, 'dateGiven'),
          dateExpires: v(row, 'dateExpires'),
          userId: v(row, 'userId'),
          accountId: v(row, 'accountId'),
          redemptions: v(row, 'quantityRedeemed') !== undefined ? [dropUndefined({quantityRedeemed: v(row, 'quantityRedeemed'), dateRedeemed: v(row, 'dateRedeemed')})] : undefined,
        });
      return {
        headers: ['referrerUser.id', 'referrerUser.accountId', 'referredUser.id', 'referredUser.accountId', 'programId', 'rewards.0.type', 'rewards.0.unit', 'rewards.0.name', 'rewards.0.assignedCredit', 'rewards.0.dateGiven', 'rewards.0.dateExpires', 'rewards.0.userId', 'rewards.0.accountId', 'rewards.0.redemptions.0.quantityRedeemed', 'rewards.0.redemptions.0.dateRedeemed'],
        accepts: (row) => row.referral !== undefined,
        csv: (row) => [row.referral!.referrerId, row.referral!.referrerAccountId, row.referral!.referredId, row.referral!.referredAccountId, settings.programId, 'CREDIT', v(row, 'unit'), v(row, 'name'), v(row, 'assignedCredit'), v(row, 'dateGiven'), v(row, 'dateExpires'), v(row, 'userId'), v(row, 'accountId'), v(row, 'quantityRedeemed'), v(row, 'dateRedeemed')],
        json: (row) => ({
          referrerUser: {id: row.referral!.referrerId, accountId: row.referral!.referrerAccountId},
          referredUser: {id: row.referral!.referredId, accountId: row.referral!.referredAccountId},
          programId: settings.programId,
          rewards: [reward(row)],
        }),
        jsonLine: (row) => {
          const redeemed = v(row, 'quantityRedeemed');
          const redemptions = redeemed !== undefined ? `,"redemptions":[{${member('quantityRedeemed', redeemed).slice(1)}${member('dateRedeemed', v(row, 'dateRedeemed'))}}]` : '';
          return `{"referrerUser":${idPair(row.referral!.referrerId, row.referral!.referrerAccountId)},"referredUser":${idPair(row.referral!.referredId, row.referral!.referredAccountId)},"programId":${programId},"rewards":[{"type":"CREDIT"${member('unit', v(row, 'unit'))}${member('name', v(row, 'name'))}${member('assignedCredit', v(row, 'assignedCredit'))}${member('dateGiven', v(row, 'dateGiven'))}${member('dateExpires', v(row, 'dateExpires'))}${member('userId', v(row, 'userId'))}${member('accountId', v(row, 'accountId'))}${redemptions}}]}\n`;
        },
        writeJson(file, row) {
          const {values} = row;
          const referral = row.referral!;
          const {unit, name, assignedCredit, dateGiven, dateExpires, userId, accountId, quantityRedeemed, dateRedeemed} = values;
          const worst =
            300 + programMember.length * 3 +
            jsonWorst(referral.referrerId) + jsonWorst(referral.referrerAccountId) + jsonWorst(referral.referredId) + jsonWorst(referral.referredAccountId) +
            jsonWorst(unit) + jsonWorst(name) + jsonWorst(assignedCredit) + jsonWorst(dateGiven) + jsonWorst(dateExpires) + jsonWorst(userId) + jsonWorst(accountId) + jsonWorst(quantityRedeemed) + jsonWorst(dateRedeemed);
          if (!BufferedFile.fits(worst)) return file.write(this.jsonLine!(row));
          const pending = file.room(worst);
          file.ascii('{"referrerUser":');
          writeIdPair(file, referral.referrerId, referral.referrerAccountId);
          file.ascii(',"referredUser":');
          writeIdPair(file, referral.referredId, referral.referredAccountId);
          writeProgram(file);
          file.ascii(',"rewards":[{"type":"CREDIT"');
          writeMember(file, ',"unit":', unit);
          writeMember(file, ',"name":', name);
          writeMember(file, ',"assignedCredit":', assignedCredit);
          writeMember(file, ',"dateGiven":', dateGiven);
          writeMember(file, ',"dateExpires":', dateExpires);
          writeMember(file, ',"userId":', userId);
          writeMember(file, ',"accountId":', accountId);
          if (quantityRedeemed !== undefined) {
            file.ascii(',"redemptions":[{"quantityRedeemed":');
            file.json(quantityRedeemed);
            writeMember(file, ',"dateRedeemed":', dateRedeemed);
            file.ascii('}]');
          }
          file.ascii('}]}\n');
          return pending;
        },
      };
    }
    case 'rewardBalances':
      // The "Available reward balances by user" report's editable column is valueToRedeem.
      return {
        headers: ['accountId', 'userId', 'unit', 'valueToRedeem'],
        accepts: (row) => typeof v(row, 'quantityRedeemed') === 'number' && (v(row, 'quantityRedeemed') as number) > 0,
        csv: (row) => [v(row, 'accountId'), v(row, 'userId'), v(row, 'unit'), v(row, 'quantityRedeemed')],
        json: (row) => ({accountId: v(row, 'accountId'), userId: v(row, 'userId'), unit: v(row, 'unit'), valueToRedeem: v(row, 'quantityRedeemed')}),
      };
  }
}

/** JSON text of a cell value: what JSON.stringify writes for it (undefined: nothing). */
export function jsonValue(value: unknown): string | undefined {
  if (typeof value === 'string') return plainJsonString(value) ? `"${value}"` : JSON.stringify(value);
  if (typeof value === 'number') return Number.isFinite(value) ? numberText(value) : 'null';
  return JSON.stringify(value);
}

/** `,"name":value`, or nothing for undefined (JSON.stringify leaves such members out). */
function member(name: string, value: unknown): string {
  const text = jsonValue(value);
  return text === undefined ? '' : `,"${name}":${text}`;
}

/** `{"id":…,"accountId":…}` with undefined members left out. */
function idPair(id: unknown, accountId: unknown): string {
  const first = jsonValue(id);
  const second = member('accountId', accountId);
  return first === undefined ? `{${second.slice(1)}}` : `{"id":${first}${second}}`;
}

/** `,"name":value` into the buffer, or nothing for undefined (member's bytes). */
function writeMember(file: BufferedFile, prefix: string, value: unknown): void {
  if (value === undefined) return;
  file.ascii(prefix);
  file.json(value);
}

/** idPair's text into the buffer. */
function writeIdPair(file: BufferedFile, id: unknown, accountId: unknown): void {
  if (id === undefined) {
    if (accountId === undefined) return file.ascii('{}');
    file.ascii('{"accountId":');
  } else {
    file.ascii('{"id":');
    file.json(id);
    if (accountId !== undefined) file.ascii(',"accountId":');
  }
  file.json(accountId);
  file.ascii('}');
}

/** Printable ASCII without a quote or backslash: JSON.stringify would write it as it is. */
function plainJsonString(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 32 || code > 126 || code === 34 || code === 92) return false;
  }
  return true;
}

function dropUndefined<T extends Record<string, unknown>>(object: T): T {
  for (const key of Object.keys(object)) if (object[key] === undefined) delete object[key];
  return object;
}

export interface TypedWriter {
  type: ImportType;
  builder: Builder;
  writer: SplitWriter;
}

/**
 * The format each import type is written in. The docs name .csv and .jsonl for user and
 * event imports (docs.saasquatch.com/guides/user-import, /guides/event-import), so the
 * operator's choice stands there and for deletions. Referral and reward history
 * (MUTATION/REFERRAL) is not in the bulk-import guide's list; the only public description
 * is saasquatch/schema's ReferralImportLine, a JSON object with nested rewards and
 * redemptions, so it is always JSON lines. Reward-balance updates edit Advocate's CSV
 * report (help.impact.com "Redeem rewards in bulk"), so they stay CSV.
 */
export function outputFormatFor(type: ImportType, requested: OutputFormat): OutputFormat {
  if (type === 'referralHistory' || type === 'rewardHistory') return 'jsonl';
  if (type === 'rewardBalances') return 'csv';
  return requested;
}

export function openWriters(types: ImportType[], kind: FileKind, dir: string, format: OutputFormat, maxRows: number, settings: OutputSettings): TypedWriter[] {
  return types
    .filter((type) => IMPORT_TYPE_SOURCE[type] === kind)
    .map((type) => {
      const builder = builderFor(type, settings);
      return {type, builder, writer: new SplitWriter(dir, fileStem(type), outputFormatFor(type, format), builder.headers, maxRows)};
    });
}

function fileStem(type: ImportType): string {
  return type.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase());
}
