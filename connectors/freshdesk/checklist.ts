// What an operator does by hand on Freshdesk around a migration (the Prepare checklist gathers it).
import type {PlatformChecklist} from '../../source/contracts/connector.js';

export const freshdeskChecklist: PlatformChecklist = {
  asTarget: [
    {id: 'target-notifications-off', text: 'Freshdesk: turn off email notifications to requesters and agents (Admin > Email Notifications)', detail: 'Otherwise every imported ticket sends "ticket received" emails.'},
    {id: 'target-automations-off', text: 'Freshdesk: deactivate automations (ticket creation, time triggers, ticket updates) and SLA reminders'},
    {id: 'target-webhooks-off', text: 'Freshdesk: pause apps and webhooks that react to new tickets'},
  ],
  credentials: (side) => [{id: `${side}-token-expiry`, text: `Freshdesk ${side}: the API key belongs to one agent; it stops working if that agent is deactivated or resets the key`}],
};
