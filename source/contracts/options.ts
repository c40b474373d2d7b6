// The plan's automated options: part of the contract, because connectors read some of them
// (where CCs go, what to do with a closed ticket) through ConnectorSettings.options.
export interface Options {
  /** Tag added to every migrated ticket (empty: none) */
  tagMigrated: string;
  sourceIdInSubject: boolean;
  /** Where CC addresses go: a target custom field, a private note, or dropped */
  ccTo: 'note' | 'field' | 'drop';
  ccField?: string;
  eventsAsNotes: boolean;
  skipAttachments: boolean;
  skipInlineImages: boolean;
  migrateInactiveUsers: boolean;
  /** Link contacts/organizations that already exist on the target (by email/name) instead of creating duplicates */
  matchExisting: boolean;
  /** Update linked existing records with the source's values */
  updateExisting: boolean;
  /** Requester used for tickets whose requester no longer exists in the source (email on the target) */
  fallbackRequester?: string;
  /** A delta that meets a ticket the target closed (Zendesk cannot update those): a linked follow-up ticket, or skip with the reason */
  closedTicketUpdates: 'followup' | 'skip';
  /** `ferry undo` deletes for good where the target has a permanent delete (else: its trash); see docs/platforms */
  undoPermanently?: boolean;
}
