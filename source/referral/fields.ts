// Advocate's import vocabulary: the three legacy files we read, the fields each maps
// onto (machine names from the bulk-import docs and saasquatch/schema), and the
// error codes Advocate reports. See shared/research/referral-import.md §1.

export type FileKind = 'users' | 'referrals' | 'rewards';
export const FILE_KINDS: FileKind[] = ['users', 'referrals', 'rewards'];

/** Import types the operator can prepare (issue 5, step 1). */
export type ImportType = 'users' | 'referralHistory' | 'rewardHistory' | 'userEvents' | 'rewardBalances' | 'deleteUsers';
export const IMPORT_TYPES: ImportType[] = ['users', 'referralHistory', 'rewardHistory', 'userEvents', 'rewardBalances', 'deleteUsers'];

export type FieldType = 'id' | 'email' | 'string' | 'date' | 'integer' | 'money' | 'unit' | 'locale' | 'country' | 'boolean' | 'url';

export interface TargetField {
  name: string;
  label: string;
  type: FieldType;
  required?: boolean;
  /** Other header spellings matched automatically (lower-cased, punctuation-free) */
  aliases?: string[];
}

export const TARGET_FIELDS: Record<FileKind, TargetField[]> = {
  users: [
    {name: 'id', label: 'User ID', type: 'id', required: true, aliases: ['userid', 'user id', 'customerid', 'uid']},
    {name: 'accountId', label: 'Account ID', type: 'id', required: true, aliases: ['account id', 'accountid']},
    {name: 'email', label: 'Email', type: 'email', aliases: ['email address', 'e-mail', 'customer email', 'emailaddress']},
    {name: 'firstName', label: 'First Name', type: 'string', aliases: ['first name', 'firstname', 'given name']},
    {name: 'lastName', label: 'Last Name', type: 'string', aliases: ['last name', 'lastname', 'surname', 'family name']},
    {name: 'imageUrl', label: 'Image URL', type: 'url', aliases: ['image url', 'avatar', 'photo url']},
    {name: 'dateCreated', label: 'Date Created', type: 'date', aliases: ['date created', 'created', 'created at', 'signup date', 'createdat']},
    {name: 'locale', label: 'Locale', type: 'locale', aliases: ['language']},
    {name: 'countryCode', label: 'Country Code', type: 'country', aliases: ['country', 'country code']},
    {name: 'referralCode', label: 'Referral Code', type: 'string', aliases: ['referral code', 'code', 'referralcode']},
    {name: 'shareLink', label: 'Share Link', type: 'url', aliases: ['share link', 'sharelink', 'sharelinks', 'programsharelinks', 'referral link']},
    {name: 'referable', label: 'Referable', type: 'boolean', aliases: ['can refer', 'is referable']},
    {name: 'segments', label: 'Segments', type: 'string'},
  ],
  referrals: [
    {name: 'referredUser.id', label: 'Referred User ID', type: 'id', required: true, aliases: ['referred user id', 'referred user - user id', 'friend id', 'friend email', 'referreduserid']},
    {name: 'referredUser.accountId', label: 'Referred Account ID', type: 'id', required: true, aliases: ['referred account id', 'referred user - account id']},
    {name: 'referrerUser.id', label: 'Advocate User ID', type: 'id', required: true, aliases: ['referrer user id', 'referring user - user id', 'advocate id', 'advocate email', 'customer advocate user id', 'referreruserid']},
    {name: 'referrerUser.accountId', label: 'Advocate Account ID', type: 'id', required: true, aliases: ['referrer account id', 'referring user - account id', 'customer advocate account id']},
    {name: 'dateReferralStarted', label: 'Referral Start Date', type: 'date', aliases: ['referral start date', 'date referral started', 'referred date', 'started']},
    {name: 'dateConverted', label: 'Referral Converted Date', type: 'date', aliases: ['referral converted date', 'date converted', 'converted date', 'converted']},
  ],
  rewards: [
    {name: 'userId', label: 'User ID', type: 'id', required: true, aliases: ['user id', 'customer id', 'advocate email', 'advocate id', 'email', 'customer email']},
    {name: 'accountId', label: 'Account ID', type: 'id', required: true, aliases: ['account id']},
    {name: 'referredUserId', label: 'Referral (referred user ID)', type: 'id', aliases: ['referred user id', 'friend id', 'friend email']},
    {name: 'unit', label: 'Reward Unit', type: 'unit', aliases: ['reward unit', 'currency']},
    {name: 'assignedCredit', label: 'Reward Value', type: 'money', required: true, aliases: ['reward value', 'amount', 'value', 'reward amount']},
    {name: 'name', label: 'Reward Name', type: 'string', aliases: ['reward name', 'reward type']},
    {name: 'dateGiven', label: 'Date Given', type: 'date', aliases: ['date given', 'reward date', 'date']},
    {name: 'dateExpires', label: 'Date Expires', type: 'date', aliases: ['date expires', 'expires', 'expiry date']},
    {name: 'quantityRedeemed', label: 'Amount Redeemed', type: 'money', aliases: ['amount redeemed', 'redeemed']},
    {name: 'dateRedeemed', label: 'Date Redeemed', type: 'date', aliases: ['date redeemed', 'redeemed date']},
  ],
};

/** Advocate's error codes: alerts stop a file, row errors drop a row, cross-file errors too. */
export type AlertCode = 'MISSING_HEADER' | 'CSV_PARSE_ERROR' | 'FILE_IO_REF';
export type RowCode =
  | 'REQUIRED_VALUE_EMPTY'
  | 'INVALID_DATE'
  | 'NOT_AN_INTEGER'
  | 'MIXED_AMOUNTS'
  | 'VALUE_TOO_LONG'
  | 'INVALID_UNIT'
  | 'INVALID_EMAIL'
  | 'INVALID_LOCALE'
  | 'INVALID_BOOLEAN'
  | 'CUSTOM_FIELD_NAME'
  | 'CUSTOM_FIELD_VALUE'
  | 'DUPLICATE_ID'
  | 'RAGGED_ROW'
  | 'INVALID_CHARACTER';
export type CrossFileCode = 'UNKNOWN_USER' | 'SELF_REFERRAL' | 'REWARD_BEFORE_REFERRAL' | 'UNKNOWN_REFERRAL';
export type IssueCode = AlertCode | RowCode | CrossFileCode;

export const ALERT_CODES: AlertCode[] = ['MISSING_HEADER', 'CSV_PARSE_ERROR', 'FILE_IO_REF'];
export const CROSS_FILE_CODES: CrossFileCode[] = ['UNKNOWN_USER', 'SELF_REFERRAL', 'REWARD_BEFORE_REFERRAL', 'UNKNOWN_REFERRAL'];

export type Severity = 'alert' | 'error' | 'warning';

export interface Issue {
  file: FileKind;
  /** Data row number, 1 = first row after the header; 0 for file-level alerts */
  row: number;
  /** Physical line in the file where the record ends */
  line: number;
  /** Source header */
  column: string;
  /** Advocate field the column feeds, when the issue is about one cell */
  field?: string;
  code: IssueCode;
  severity: Severity;
  message: string;
  value: string;
}

/** Advocate recommends at most 500,000 rows per import file. */
export const ADVOCATE_MAX_ROWS_PER_FILE = 500_000;

/** Custom field rules from saasquatch/schema UserCustomFields (the stricter regex, no "-"). */
export const CUSTOM_FIELD_NAME = /^[a-zA-Z0-9_]{1,64}$/;
export const CUSTOM_FIELD_MAX_VALUE = 1024;
export const CUSTOM_FIELD_MAX_COUNT = 100;
