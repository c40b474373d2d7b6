// What an operator does by hand on Zendesk around a migration (the Prepare checklist gathers it).
import type {PlatformChecklist} from '../../source/contracts/connector.js';

export const zendeskChecklist: PlatformChecklist = {
  asTarget: [
    {id: 'target-notifications-off', text: 'Zendesk: deactivate triggers that email requesters or CCs (Admin Center > Objects and rules > Triggers)', detail: 'Otherwise every imported ticket and comment can send an email to your customers.'},
    {id: 'target-automations-off', text: 'Zendesk: deactivate automations and SLA policies that act on time (they would close or escalate imported tickets)'},
    {id: 'target-webhooks-off', text: 'Zendesk: pause webhooks and apps that react to new tickets (CRM sync, Slack)'},
    {
      id: 'target-delta-triggers',
      text: 'Zendesk: before delta runs, add "Tags contains none of ferry-migrated" to triggers that email requesters',
      // Imports do not fire triggers, but an update of an imported ticket does (docs/platforms/zendesk.md);
      // ferry sends only the changed fields in one update, and the tag lets a trigger leave it alone.
      detail: 'A full migration imports tickets, which fires no trigger; a delta run updates them, which does. ferry sends only what changed, in one update per ticket.',
    },
  ],
  credentials(side, authKind) {
    if (authKind === 'oauth')
      return [{id: `${side}-token-expiry`, text: `Zendesk ${side}: OAuth client id, secret and refresh token are set; ferry renews access tokens and keeps them only in the credential store`}];
    return [
      {
        id: `${side}-token-expiry`,
        text: `Zendesk ${side}: API tokens are being retired; make sure the token lasts the whole migration, or switch to OAuth`,
        // Followed: support.zendesk.com article 10840968198042 (API token retirement: tokens unused 30 days
        // deactivate from 28 Jul 2026, no new tokens from 27 Oct 2026, all deactivated 30 Apr 2027).
        detail: 'Zendesk deactivates API tokens unused for 30 days, stops new tokens from 27 Oct 2026 and ends them on 30 Apr 2027.',
      },
    ];
  },
};
