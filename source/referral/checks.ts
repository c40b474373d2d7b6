// The checks across files (and duplicates within one): users, then referrals, then
// rewards, each against what the earlier files and any earlier run left behind.
import type {FileKind, Issue, IssueCode} from './fields.js';
import type {KeySet} from './keyset.js';
import type {ReferralIndex} from './referral-index.js';
import type {OutputRow} from './outputs.js';
import {rewardKey, type PreviousImport} from './previous.js';
import {detach} from './records.js';
import type {CompiledMapping} from './validate.js';

/** Everything the checks across files need, kept small. */
export interface CrossFileState {
  users: KeySet;
  usersKnown: boolean;
  /** referred user id -> the referral (a user is referred at most once); on disk, see referral-index.ts */
  referrals: ReferralIndex;
  referralsKnown: boolean;
  /** Ids whose own row had errors, so the message can say why a link fails */
  rejectedUsers: KeySet;
  rejectedReferrals: KeySet;
  /** Whether the rewards file has a column mapped to the friend (referred user): an empty cell is then this row's problem */
  friendMapped?: boolean;
}

export interface CheckContext {
  state: CrossFileState;
  previous: PreviousImport;
}

export type Report = (code: IssueCode, field: string, message: string, value: string) => void;
export interface CheckOutcome {
  alreadyLoaded?: boolean;
  referral?: OutputRow['referral'];
  /** For a valid referral row: the link rewards will be attached to */
  link?: {referredId: string; referrerId: string; referrerAccountId: string; referredAccountId: string; start: number | undefined};
}
type Check = (values: OutputRow['values'], ctx: CheckContext, report: Report) => CheckOutcome | undefined;

const ALREADY_LOADED: CheckOutcome = {alreadyLoaded: true};

/** Records a valid row in the cross-file state. */
export function commitRow(kind: FileKind, values: OutputRow['values'], state: CrossFileState, outcome: CheckOutcome | undefined) {
  if (kind === 'users' && typeof values.id === 'string') state.users.add(values.id);
  else if (kind === 'referrals' && outcome?.link) {
    // Kept for the whole run: copies, not views onto the chunk the row came from.
    const {referredId, referrerId, referrerAccountId, referredAccountId, start} = outcome.link;
    state.referrals.set(detach(referredId), {referrerId: detach(referrerId), referrerAccountId: detach(referrerAccountId), referredAccountId: detach(referredAccountId), start});
  }
}

export function rememberRejected(kind: FileKind, values: OutputRow['values'], state: CrossFileState) {
  if (kind === 'users' && typeof values.id === 'string') state.rejectedUsers.add(values.id);
  if (kind === 'referrals' && typeof values['referredUser.id'] === 'string') state.rejectedReferrals.add(values['referredUser.id']);
}

export function excludedBy(compiled: CompiledMapping, cells: string[]): boolean {
  for (const rule of compiled.exclude) if (rule.regex.test(cells[rule.index] ?? '')) return true;
  return false;
}

export function hasError(issues: Issue[]): boolean {
  for (let i = 0; i < issues.length; i++) if (issues[i]!.severity === 'error') return true;
  return false;
}

const knownUser = (ctx: CheckContext, id: string) => ctx.state.users.has(id) || ctx.previous.users.has(id);
const missingUser = (ctx: CheckContext, id: string) => (ctx.state.rejectedUsers.has(id) ? 'has errors in the users file, so it will not be imported' : 'is not in the users file');
export function header(compiled: CompiledMapping, field: string): string {
  for (const f of compiled.fields) if (f.field.name === field) return f.header;
  return field;
}

export const CHECKS: Record<FileKind, Check> = {
  users(values, ctx, report) {
    const id = values.id as string | undefined;
    if (id === undefined) return undefined;
    if (ctx.previous.users.size && ctx.previous.users.has(id)) return ALREADY_LOADED;
    if (ctx.state.users.has(id)) report('DUPLICATE_ID', 'id', `user id ${id} appears more than once`, id);
    return undefined;
  },
  referrals(values, ctx, report) {
    const referred = values['referredUser.id'] as string | undefined;
    const referrer = values['referrerUser.id'] as string | undefined;
    if (referred === undefined || referrer === undefined) return undefined;
    if (ctx.previous.referrals.has(referred) && ctx.previous.referrals.get(referred)?.referrerId === referrer) return ALREADY_LOADED;
    if (referred === referrer) report('SELF_REFERRAL', 'referredUser.id', `${referred} is their own advocate`, referred);
    if (ctx.state.usersKnown) {
      if (!knownUser(ctx, referrer)) report('UNKNOWN_USER', 'referrerUser.id', `advocate ${referrer} ${missingUser(ctx, referrer)}`, referrer);
      if (!knownUser(ctx, referred)) report('UNKNOWN_USER', 'referredUser.id', `referred user ${referred} ${missingUser(ctx, referred)}`, referred);
    }
    if (ctx.state.referrals.has(referred) || ctx.previous.referrals.has(referred)) {
      report('DUPLICATE_ID', 'referredUser.id', `${referred} is referred more than once (a user can be referred only once)`, referred);
      return undefined;
    }
    return {link: {referredId: referred, referrerId: referrer, referrerAccountId: String(values['referrerUser.accountId']), referredAccountId: String(values['referredUser.accountId']), start: values.dateReferralStarted as number | undefined}};
  },
  rewards(values, ctx, report) {
    const userId = values.userId as string | undefined;
    if (userId === undefined) return undefined;
    if (ctx.state.usersKnown && !knownUser(ctx, userId)) report('UNKNOWN_USER', 'userId', `rewarded user ${userId} ${missingUser(ctx, userId)}`, userId);
    const friend = values.referredUserId as string | undefined;
    // The reward belongs to the referral of the named friend, else to the one that referred this user.
    const referredId = friend ?? userId;
    const found = ctx.state.referrals.get(referredId) ?? ctx.previous.referrals.get(referredId);
    if (!found || (friend !== undefined && found.referrerId !== userId && friend !== userId)) {
      const rejected = ctx.state.rejectedReferrals.has(referredId) ? ': its row in the referrals file has errors' : '';
      if (ctx.state.referralsKnown)
        report('UNKNOWN_REFERRAL', friend !== undefined ? 'referredUserId' : 'userId', friend !== undefined ? `no referral of ${friend} by ${userId} in the referrals file${rejected}` : `${userId} was not referred by anyone in the referrals file${rejected || (ctx.state.friendMapped ? ", and this row's friend cell is empty" : '; map the friend column')}`, friend ?? userId);
      return undefined;
    }
    const given = values.dateGiven as number | undefined;
    if (given !== undefined && found.start !== undefined && given < found.start)
      report('REWARD_BEFORE_REFERRAL', 'dateGiven', `reward given ${new Date(given).toISOString()} before its referral started ${new Date(found.start).toISOString()}`, String(given));
    const referral = {referrerId: found.referrerId, referrerAccountId: found.referrerAccountId, referredId, referredAccountId: found.referredAccountId};
    if (ctx.previous.rewards.size && ctx.previous.rewards.has(rewardKey(values))) return {alreadyLoaded: true, referral};
    return {referral};
  },
};

