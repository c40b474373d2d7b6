// What an operator does by hand on Intercom around a migration (the Prepare checklist gathers it).
import type {PlatformChecklist} from '../../source/contracts/connector.js';

export const intercomChecklist: PlatformChecklist = {
  asTarget: [
    {id: 'target-workflows-off', text: 'Intercom: pause Workflows, Series and Fin that react to new conversations or replies', detail: 'Conversations ferry creates start from the contact, and replies are written as they were; automations would still run on them.'},
    {id: 'target-teammates-invited', text: 'Intercom: invite every agent as a teammate first (Settings > Teammates): the API cannot create admins, and unmatched authors are written into the text'},
    {id: 'target-marker-ids', text: 'Intercom: ferry keeps the source key in each contact\'s external_id, each company\'s company_id and a "[ferry-source: …]" line at the end of each conversation\'s first message (or each ticket\'s description), to find them after a crash; keep them until the last delta run'},
    {id: 'target-ticket-type', text: 'Intercom: tickets become conversations unless the target names a ticket type (Connect: "ticket type"); then they become tickets of that type, and their files are left out (Reply to a ticket takes only public links)'},
  ],
  asSource: [
    {id: 'source-teams', text: 'Intercom: teams are not migrated; recreate them on the target by hand. Tickets of the Tickets product are read with the conversations, without their tags and custom ticket attributes (the API returns no tags on a ticket)'},
  ],
  credentials: (side, authKind) =>
    authKind === 'oauth'
      ? [{id: `${side}-oauth-code`, text: `Intercom ${side}: ferry exchanges the authorization code once (it works for about 5 minutes) and keeps the token in its 0600 credential store; the app's permissions must ${side === 'source' ? 'read' : 'read and write'} users, companies, conversations, tickets, data attributes, tags and articles, and the token lasts until the app is uninstalled or its access revoked`}]
      : [{id: `${side}-token-scopes`, text: `Intercom ${side}: the access token belongs to one app of the workspace (Developer Hub > Your apps > Authentication); it must ${side === 'source' ? 'read' : 'read and write'} users, companies, conversations, tickets, data attributes, tags and articles, and does not expire until it is revoked or regenerated`}],
};
