// Builds the demo account the emulators serve and writes it to account.json.
// One seeded PRNG and fixed dates: two runs give byte-identical output.
// The text corpus lives in this file on purpose (the script stays self-contained),
// which is why it runs past the usual length (over 400 lines on purpose).
import {writeFileSync} from 'node:fs';
import {resolve} from 'node:path';
import {fileURLToPath} from 'node:url';
import type {
  Attachment, Comment, Group, KbArticle, KbCategory, KbSection, Organization, Person, Ticket, TicketField,
  TicketKind, TicketPriority, TicketStatus,
} from '../source/contracts/model.js';
import {emptySnapshot, type AccountSnapshot, type DemoAccount} from './account.js';

const SEED = 20_231_101;
const MB = 1024 * 1024;
const MINUTE = 60_000;
const DAY = 86_400_000;
const TICKETS_START = Date.parse('2023-02-01T08:00:00Z');
const TICKETS_END = Date.parse('2025-10-30T00:00:00Z');
const ATTACHMENT_MIN = 2 * 1024;
const ATTACHMENT_MAX = 900 * 1024;

interface Scale {tickets: number; contacts: number; organizations: number; articles: number; bigAttachmentSize: number}
const FULL_SCALE: Scale = {tickets: 1000, contacts: 300, organizations: 30, articles: 40, bigAttachmentSize: 30 * MB};

/** The full demo account (what account.json holds). */
export function generateDemoAccount(): DemoAccount {
  return buildAccount(FULL_SCALE);
}

/** The same generator at a smaller scale for fast tests; every problem case is still there. */
export function smallDemoAccount(tickets = 40): DemoAccount {
  return buildAccount({tickets, contacts: 30, organizations: 5, articles: 10, bigAttachmentSize: 21 * MB});
}

export function serializeDemoAccount(account: DemoAccount): string {
  return JSON.stringify(account) + '\n';
}

// mulberry32: tiny, fast and good enough for demo data; Math.random cannot be seeded.
class Random {
  #state: number;
  constructor(seed: number) { this.#state = seed >>> 0; }
  next(): number {
    this.#state = (this.#state + 0x6d2b79f5) >>> 0;
    let t = this.#state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  }
  int(min: number, max: number): number { return min + Math.floor(this.next() * (max - min + 1)); }
  chance(probability: number): boolean { return this.next() < probability; }
  pick<T>(items: readonly T[]): T { return items[Math.floor(this.next() * items.length)]!; }
  weighted<T>(entries: ReadonlyArray<readonly [T, number]>): T {
    let roll = this.next() * entries.reduce((sum, [, weight]) => sum + weight, 0);
    for (const [value, weight] of entries) if ((roll -= weight) < 0) return value;
    return entries[entries.length - 1]![0];
  }
  sample<T>(items: readonly T[], count: number): T[] {
    const copy = [...items];
    for (let i = 0; i < Math.min(count, copy.length); i++) {
      const j = this.int(i, copy.length - 1);
      [copy[i], copy[j]] = [copy[j]!, copy[i]!];
    }
    return copy.slice(0, count);
  }
}

const iso = (ms: number): string => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
/** "José O'Brien" -> "jose.obrien" (with separator "."): ASCII only, apostrophes dropped. */
const asciiSlug = (text: string, separator: string): string =>
  text.normalize('NFD').replace(/[\u0300-\u036f']/g, '').toLowerCase().split(/[^a-z0-9]+/).filter(Boolean).join(separator);
const fill = (template: string, vars: Record<string, string>): string =>
  template.replace(/\{(\w+)\}/g, (whole, name: string) => vars[name] ?? whole);
const paragraphs = (texts: string[]): string => texts.map((text) => `<p>${text}</p>`).join('');
/** Evenly spread, distinct positions in 0..length-1 (used to place problem cases at any scale). */
const spread = (count: number, length: number): number[] =>
  Array.from({length: count}, (_, k) => Math.floor(((k + 0.5) * length) / count));

// ---- Fixed reference data -------------------------------------------------------------------

const PRODUCTS = ['Harbor Web', 'Harbor Mobile', 'Harbor API', 'Harbor Desktop', 'Harbor Analytics'];
const PLATFORMS = ['Web', 'iOS', 'Android', 'Windows', 'macOS', 'Linux'];
const options = (labels: string[]) => labels.map((label) => ({label, value: asciiSlug(label, '_')}));

type FieldName = 'product' | 'platforms' | 'orderNumber' | 'refundApproved' | 'followUpDate' | 'seats' | 'amount' | 'appVersion';
const FIELD_SPECS: Array<Omit<TicketField, 'id' | 'key' | 'active' | 'createdAt' | 'updatedAt'> & {name: FieldName}> = [
  {name: 'product', title: 'Product', type: 'dropdown', required: true, options: options(PRODUCTS)},
  {name: 'platforms', title: 'Platforms', type: 'multiselect', required: false, options: options(PLATFORMS)},
  {name: 'orderNumber', title: 'Order number', type: 'regexp', required: false, pattern: '^ORD-[0-9]{6}$'},
  {name: 'refundApproved', title: 'Refund approved', type: 'checkbox', required: false},
  {name: 'followUpDate', title: 'Follow-up date', type: 'date', required: false},
  {name: 'seats', title: 'Seats affected', type: 'integer', required: false},
  {name: 'amount', title: 'Invoice amount', type: 'decimal', required: false},
  {name: 'appVersion', title: 'App version', type: 'text', required: false},
];

type GroupName = 'Billing' | 'Technical Support' | 'Sales' | 'Escalations';
const GROUPS: Array<[GroupName, string]> = [
  ['Billing', 'Invoices, payments, refunds and plan changes'],
  ['Technical Support', 'Product questions, bugs and outages'],
  ['Sales', 'Quotes, upgrades and new customers'],
  ['Escalations', 'Urgent or sensitive cases handled by team leads'],
];

/** [name, groups, role]; the last one has no counterpart on the demo target. */
const AGENTS: Array<[string, GroupName[], 'agent' | 'admin']> = [
  ['Sarah Chen', ['Billing', 'Escalations'], 'admin'],
  ['Marcus Webb', ['Technical Support', 'Escalations'], 'agent'],
  ['Priya Raman', ['Technical Support'], 'agent'],
  ['Daniel Okafor', ['Billing'], 'agent'],
  ['Elena Petrova', ['Sales'], 'agent'],
  ["James O'Connor", ['Technical Support', 'Sales'], 'agent'],
  ['Aiko Tanaka', ['Billing', 'Technical Support'], 'agent'],
  ['Lucas Moreau', ['Escalations', 'Technical Support'], 'agent'],
];

const ORGANIZATIONS: Array<[string, string[], string?]> = [
  ['Northwind Logistics', ['northwind-logistics.test', 'northwind.test'], 'Enterprise plan; renewal every March.'],
  ['Bluepeak Analytics', ['bluepeak.test']],
  ['Cedar & Pine Outfitters', ['cedarpine.test'], 'Seasonal peaks in November and December.'],
  ['Meridian Health Partners', ['meridianhealth.test']],
  ['Solstice Energy', ['solstice-energy.test']],
  ['Brightwater Foods', ['brightwaterfoods.test'], 'Invoices go to accounts payable, not the requester.'],
  ['Ironclad Security', ['ironclad.test']],
  ['Atlas Freight Co.', ['atlasfreight.test', 'atlas-freight.test']],
  ['Lumina Dental Group', ['luminadental.test']],
  ['Redwood Legal LLP', ['redwoodlegal.test'], 'Requires data processing agreement on file.'],
  ['Quantum Leap Robotics', ['qlrobotics.test']],
  ['Harborview Hotels', ['harborviewhotels.test']],
  ['Silverline Insurance', ['silverline.test'], 'SSO enabled; users cannot reset passwords themselves.'],
  ['Greenfield Organics', ['greenfield-organics.test']],
  ['Vertex Engineering', ['vertexeng.test']],
  ['Nimbus Cloud Services', ['nimbuscloud.test']],
  ['Orchard Lane Bakery', ['orchardlane.test']],
  ['Summit Outdoor Gear', ['summitgear.test'], 'Partner reseller; quotes need partner pricing.'],
  ['Pioneer Credit Union', ['pioneercu.test']],
  ['Maple Street Realty', ['maplestreet.test']],
  ['Crescent Media', ['crescentmedia.test']],
  ['Falcon Aviation Services', ['falconaviation.test']],
  ['Keystone Manufacturing', ['keystonemfg.test'], 'On-site hardware; escalate outages immediately.'],
  ['Beacon Learning', ['beaconlearning.test']],
  ['Coral Bay Travel', ['coralbay.test']],
  ['Driftwood Studios', ['driftwood.test']],
  ['Evergreen Property Management', ['evergreenpm.test']],
  ['Granite Peak Construction', ['granitepeak.test']],
  ['Horizon Telecom', ['horizontelecom.test'], 'Nonprofit discount approved in 2023.'],
  ['Juniper Veterinary Clinics', ['junipervet.test']],
];

const FIRST_NAMES = ['James', 'Olivia', 'Noah', 'Emma', 'Liam', 'Ava', 'Ethan', 'Sophia', 'Mateo', 'Isabella', 'Oliver',
  'Amelia', 'Elijah', 'Harper', 'Benjamin', 'Evelyn', 'Henry', 'Chloe', 'Samuel', 'Grace', 'David', 'Nora', 'Joseph', 'Zoe',
  'Owen', 'Hannah', 'Leo', 'Layla', 'Aarav', 'Fatima', 'Wei', 'Yuki', 'Kwame', 'Ingrid', 'José', 'Renée', 'Björn', 'Amara',
  'Tomasz', 'Lucia'];
const LAST_NAMES = ['Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Garcia', 'Miller', 'Davis', 'Rodriguez', 'Martinez',
  'Hernandez', 'Lopez', 'Wilson', 'Anderson', 'Thomas', 'Taylor', 'Moore', 'Jackson', 'Martin', 'Lee', 'Thompson', 'White',
  'Harris', 'Clark', 'Lewis', 'Robinson', 'Walker', 'Young', 'Allen', 'King', 'Wright', 'Scott', 'Nguyen', 'Patel', 'Kim',
  'Müller', 'Schmidt', 'Rossi', 'Novak', "O'Brien"];
const FREE_MAIL_DOMAINS = ['mailbox.test', 'inbox.test', 'webmail.test'];
const PLAIN_EMAIL = /^[^@\s]+@[^@\s]+\.[a-z]+$/;
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October',
  'November', 'December'];

// ---- Support text ---------------------------------------------------------------------------

interface Topic {group: GroupName; kind: TicketKind; priority: TicketPriority; subjects: string[]; description: string[]; tags: string[]; product?: string}
const TOPICS: Topic[] = [
  {group: 'Billing', kind: 'incident', priority: 'high', tags: ['billing', 'double_charge'], subjects: ['Charged twice for the {month} invoice', 'Duplicate charge on our card'],
    description: ['Hi, our card was charged twice for the {month} subscription (order {order}). Both charges show as completed on our bank statement.', 'Could you refund the duplicate charge and confirm once it is done? Our finance team needs it for the month-end close.']},
  {group: 'Billing', kind: 'question', priority: 'normal', tags: ['billing', 'invoice'], subjects: ['Need a copy of invoice {order}', 'Invoice for {month} not received'],
    description: ['Hello, I cannot find the invoice for {month} in the billing page. The order number is {order}.', 'Could you send a PDF copy to this address? Our accountant also needs the company address added.']},
  {group: 'Billing', kind: 'task', priority: 'normal', tags: ['billing', 'payment_method'], subjects: ['Update the credit card on file', 'New payment method for {company}'],
    description: ['Our company card expires at the end of {month}. I tried to update it in the billing page but the form keeps saying "card declined".', 'The new card works everywhere else. Can you help us switch it before the next renewal?']},
  {group: 'Billing', kind: 'question', priority: 'normal', tags: ['billing', 'refund', 'seats'], subjects: ['Refund for unused seats', 'We over-purchased seats by mistake'],
    description: ['We bought {seats} seats in {month} but only use about half of them after a reorganisation.', 'Is it possible to reduce the seat count and get a prorated refund for the rest of the term?']},
  {group: 'Billing', kind: 'incident', priority: 'low', tags: ['billing', 'tax'], subjects: ['VAT number missing from our invoices', 'Tax ID not shown on invoice {order}'],
    description: ['Our VAT number is saved in the account settings, but it does not appear on invoice {order}.', 'Our auditors reject invoices without it. Could you reissue the invoice with the VAT number?']},
  {group: 'Technical Support', kind: 'incident', priority: 'high', tags: ['login', 'password'], subjects: ['Cannot log in after password reset', 'Password reset link says "expired"'],
    description: ['After resetting my password this morning I still get "invalid credentials" on the {product} login page.', 'I tried two browsers and cleared cookies. Several colleagues at {company} have the same problem.']},
  {group: 'Technical Support', kind: 'incident', priority: 'high', tags: ['crash', 'bug'], product: 'harbor_desktop', subjects: ['{product} crashes on startup', 'App closes right after the splash screen (v{version})'],
    description: ['Since updating to version {version}, {product} closes a second after the splash screen appears.', 'Reinstalling did not help. I have attached the crash log from this morning in case it is useful.']},
  {group: 'Technical Support', kind: 'incident', priority: 'normal', tags: ['export', 'performance'], subjects: ['Export to CSV times out', 'Large report export never finishes'],
    description: ['When I export the last 12 months of data to CSV, the page spins for several minutes and then shows "request timed out".', 'Smaller date ranges work. We need the full export for our quarterly review on Friday.']},
  {group: 'Technical Support', kind: 'incident', priority: 'high', tags: ['api', 'webhooks'], product: 'harbor_api', subjects: ['Webhook deliveries failing with 401', 'API returns 401 since yesterday'],
    description: ['All webhook deliveries to our endpoint have failed with HTTP 401 since yesterday afternoon. Nothing changed on our side.', 'Our integration with {product} is blocked. Has the signing secret format changed?']},
  {group: 'Technical Support', kind: 'incident', priority: 'normal', tags: ['2fa', 'login'], subjects: ['Two-factor codes not arriving by SMS', 'Not receiving 2FA text messages'],
    description: ['I am not receiving two-factor codes by SMS anymore. The phone number in my profile is correct.', 'Is there a backup method I can use to log in while this is investigated?']},
  {group: 'Technical Support', kind: 'problem', priority: 'normal', tags: ['sync'], product: 'harbor_mobile', subjects: ['Sync stuck at "Preparing" for hours', '{product} does not sync new records'],
    description: ['The {product} app has been stuck at "Preparing sync" since last night on all our devices.', 'New records created on the web do not appear on the phones. We use version {version}.']},
  {group: 'Technical Support', kind: 'incident', priority: 'low', tags: ['ui', 'bug'], subjects: ['Images not loading in the dashboard', 'Broken thumbnails on the overview page'],
    description: ['Thumbnails on the dashboard show a broken image icon. Opening the image directly works.', 'This started after the last release. A screenshot is attached.']},
  {group: 'Technical Support', kind: 'question', priority: 'normal', tags: ['how_to', 'reports'], product: 'harbor_analytics', subjects: ['How do I schedule a weekly report?', 'Sending reports automatically to the team'],
    description: ['We would like {product} to email a summary report to our managers every Monday morning.', 'I could not find a scheduling option. Is this possible on our plan?']},
  {group: 'Sales', kind: 'question', priority: 'normal', tags: ['sales', 'quote', 'seats'], subjects: ['Quote for {seats} additional seats', 'Pricing for expanding to another team'],
    description: ['We are planning to roll out {product} to another department and need {seats} more seats.', 'Could you send a formal quote including any volume discount? Procurement needs it by the end of {month}.']},
  {group: 'Sales', kind: 'question', priority: 'normal', tags: ['sales', 'sso', 'enterprise'], subjects: ['Does the Enterprise plan include SSO?', 'SAML single sign-on question'],
    description: ['Our IT team requires SAML single sign-on for every tool we buy.', 'Is SSO included in the Enterprise plan, and which identity providers do you support?']},
  {group: 'Sales', kind: 'task', priority: 'low', tags: ['sales', 'upgrade'], subjects: ['Upgrade from Starter to Pro mid-cycle', 'Switching {company} to the Pro plan'],
    description: ['We would like to upgrade from Starter to Pro today instead of waiting for the renewal in {month}.', 'How is the price difference calculated for the rest of the term?']},
  {group: 'Sales', kind: 'task', priority: 'normal', tags: ['sales', 'onboarding'], subjects: ['Schedule an onboarding call', 'Training session for new users'],
    description: ['We just signed up {seats} new users and would like a one-hour onboarding session.', 'Any afternoon next week works for us.']},
  {group: 'Escalations', kind: 'problem', priority: 'urgent', tags: ['outage', 'escalated'], subjects: ['URGENT: {product} down for all users', 'Production outage at {company}'],
    description: ['None of our users can reach {product} since 09:10 this morning. The page shows "502 Bad Gateway".', 'This blocks our whole operations team. Please call me as soon as possible.']},
  {group: 'Escalations', kind: 'incident', priority: 'urgent', tags: ['data_loss', 'escalated'], subjects: ["Data missing after last night's maintenance", 'Records from {month} disappeared'],
    description: ["Since last night's maintenance window, all records we created in {month} are missing from {product}.", 'We need to know whether they can be restored and what happened.']},
  {group: 'Escalations', kind: 'question', priority: 'high', tags: ['complaint', 'escalated'], subjects: ['No response to my ticket for a week', 'Complaint about support response times'],
    description: ['I opened a request about {product} a week ago and have not had any reply.', 'We pay for priority support. I would like to speak with a team lead.']},
];

const AGENT_REPLIES = [
  'Hi {first}, thank you for reaching out. I am looking into this now and will update you within the next few hours.',
  'Hi {first}, thanks for the details. Could you tell me which browser and operating system you are using, and send a screenshot of the error?',
  'Hi {first}, I have reproduced the issue on our side and passed it to our engineering team. I will keep this ticket updated.',
  'Hi {first}, I have applied a fix to your account. Could you try again and let me know whether it works now?',
  'Hi {first}, our records show order {order} was processed on the 3rd. I have asked our finance team to double-check it.',
  'Hi {first}, this is a known issue in {product} {version}. A fix is planned for the next release; in the meantime, the workaround in our help center should help.',
  'Hi {first}, I have sent the requested documents to your email address. Please let me know if anything is missing.',
  'Hi {first}, apologies for the delay. I have escalated this to a team lead so it gets the attention it needs.',
];
const CLOSING_REPLIES = [
  'Hi {first}, glad to hear everything works again. I will mark this ticket as solved; simply reply if anything comes up.',
  'Hi {first}, the refund has been issued and should appear on your statement within 5 to 10 business days.',
  'Hi {first}, the fix has been released. I am closing this ticket, but feel free to reply if you still see the problem.',
];
const REQUESTER_REPLIES = [
  'Thanks for the quick reply. I am using Chrome on Windows 11; screenshot attached.',
  'I tried again and the problem is still there. Is there anything else I can check?',
  'That worked, thank you! Everything looks fine now.',
  'Any update on this? It is becoming urgent for us.',
  'Our IT team says nothing changed on our side. Could you check the logs again?',
  'Thanks, I forwarded this to our finance department.',
  'Please also add my colleague to this ticket, she is handling it while I am away.',
];
const PRIVATE_NOTES = [
  'Checked the logs: the requests fail at the authentication step. Asking engineering.',
  'Customer is on an annual contract; refund needs approval from Sarah.',
  'Linked to the known issue in the release notes. Do not promise a date.',
  'Second contact from this customer this month. Be extra careful with tone.',
  'Reproduced on staging with the same account settings.',
  'Finance confirmed the duplicate charge. Refund queued.',
];

const KB_STRUCTURE: Array<[string, string, Array<[string, string[]]>]> = [
  ['Getting started', 'Everything you need for your first week', [
    ['Setting up your account', ['Create your Harbor account', 'Invite your team', 'Choose your time zone and language', 'Connect your calendar', 'Import existing data from a spreadsheet', 'Set up notifications', 'Understand roles and permissions']],
    ['Using Harbor Mobile', ['Install Harbor Mobile on iOS and Android', 'Work offline with Harbor Mobile', 'Scan documents with your phone', 'Manage push notifications', 'Log in with a QR code', 'Use Harbor Mobile on a tablet', 'Troubleshoot mobile sync']],
  ]],
  ['Billing and plans', 'Invoices, payments and changing plans', [
    ['Invoices and payments', ['Download your invoices', 'Update your payment method', 'Add a VAT or tax ID', 'Why was my card declined?', 'Pay by bank transfer', 'Understand prorated charges', 'Request a refund']],
    ['Plans and upgrades', ['Compare Starter, Pro and Enterprise', 'Upgrade or downgrade your plan', 'Add or remove seats', 'Nonprofit and education discounts', 'What happens when a trial ends', 'Cancel your subscription', 'Enterprise SSO requirements']],
  ]],
  ['Troubleshooting', 'Fixes for common problems', [
    ['Login and security', ['Reset your password', 'Set up two-factor authentication', 'Recover access without your 2FA device', 'Log in with single sign-on', 'Why am I logged out repeatedly?', 'Review active sessions', 'Report a security concern']],
    ['Sync and performance', ['Sync is stuck or slow', 'Large exports time out', 'Images do not load', 'Clear the app cache', 'Check our system status', 'Webhook deliveries fail', 'Collect logs for support']],
  ]],
];
const KB_STEPS = ['Open <strong>Settings</strong> from the menu in the top right corner.', 'Select the tab that matches your task.',
  'Review the options and make your changes.', 'Click <strong>Save</strong> and wait for the confirmation message.',
  'Sign out and back in if the change does not show immediately.', 'Contact support with a screenshot if the problem continues.'];

// ---- Builder --------------------------------------------------------------------------------

function buildAccount(scale: Scale): DemoAccount {
  // 11 tickets carry a special requester (3 duplicate pairs, invalid email, phone only, 2 inactive, deleted).
  if (scale.tickets < 12 || scale.contacts < 12 || scale.organizations < 2 || scale.articles < 6) {
    throw new RangeError('Demo account too small to hold every problem case');
  }
  const random = new Random(SEED);
  const source = emptySnapshot();

  const fieldIds = {} as Record<FieldName, string>;
  FIELD_SPECS.forEach(({name, ...spec}, index) => {
    const id = String(4001 + index);
    fieldIds[name] = id;
    const stamp = iso(Date.parse('2023-01-02T10:00:00Z') + index * 37 * MINUTE);
    source.ticketFields.push({id, key: `custom_field_${id}`, ...spec, active: true, createdAt: stamp, updatedAt: stamp});
  });

  const groupIdByName = {} as Record<GroupName, string>;
  source.groups = GROUPS.map(([name, description], index): Group => {
    groupIdByName[name] = String(2001 + index);
    const stamp = iso(Date.parse('2023-01-01T09:00:00Z') + index * 15 * MINUTE);
    return {id: groupIdByName[name], name, description, createdAt: stamp, updatedAt: stamp};
  });

  source.agents = AGENTS.map(([name, groups, role], index): Person => {
    const stamp = iso(Date.parse('2023-01-01T10:00:00Z') + index * 2 * DAY);
    return {id: String(1001 + index), name, email: `${asciiSlug(name, '.')}@harborlight.test`,
      role, active: true, groupIds: groups.map((group) => groupIdByName[group]), createdAt: stamp, updatedAt: stamp};
  });

  source.organizations = ORGANIZATIONS.slice(0, scale.organizations).map(([name, domains, notes], index): Organization => {
    const created = Date.parse('2023-01-02T12:00:00Z') + index * 17 * 60 * MINUTE;
    return {id: String(3001 + index), name, domains, ...(notes ? {notes} : {}), createdAt: iso(created),
      updatedAt: iso(created + random.int(0, 500) * DAY)};
  });

  const {contacts, deletedContact, problemContacts} = buildContacts(random, scale, source.organizations);
  source.contacts = contacts;
  source.deletedContactIds = [deletedContact.id];

  // Each problem contact (and the deleted one) requests at least one ticket.
  buildTickets(random, scale, source, {fieldIds, groupIdByName, specialRequesters: [...problemContacts, deletedContact]});
  buildKnowledgeBase(random, scale, source);
  return {source, target: buildTarget(source)};
}

/** Contacts with the problem cases at fixed spread positions; ids 10001.. in creation order. */
function buildContacts(random: Random, scale: Scale, organizations: Organization[]) {
  const names = random.sample(FIRST_NAMES.flatMap((first) => LAST_NAMES.map((last) => [first, last] as const)), scale.contacts + 1);
  const usedEmails = new Set<string>();
  const people = names.map(([first, last], index): Person => {
    const created = Date.parse('2023-01-03T08:00:00Z') + Math.floor((index * 27 * DAY) / (scale.contacts + 1));
    const organization = random.chance(0.85) ? random.pick(organizations) : undefined;
    const domain = organization?.domains[0] ?? random.pick(FREE_MAIL_DOMAINS);
    const short = `${asciiSlug(first, '')[0]}${asciiSlug(last, '')}@${domain}`;
    // Full names are unique; short forms ("jsmith") may clash, and accidental duplicates would blur the planted ones.
    const email = random.chance(0.2) && !usedEmails.has(short) ? short : `${asciiSlug(first, '')}.${asciiSlug(last, '')}@${domain}`;
    usedEmails.add(email);
    return {id: String(10_001 + index), name: `${first} ${last}`, email,
      ...(random.chance(0.4) ? {phone: `+1-202-555-01${String(random.int(0, 99)).padStart(2, '0')}`} : {}),
      ...(organization ? {organizationId: organization.id} : {}),
      role: 'end-user', active: true, createdAt: iso(created), updatedAt: iso(created + random.int(0, 600) * DAY)};
  });
  // The last generated person was deleted from the account; only tickets still name them.
  const deletedContact = people.pop()!;
  const [dupA1, dupA2, dupB1, dupB2, dupC1, dupC2, invalid, phoneOnly, inactive1, inactive2] =
    spread(10, scale.contacts).map((index) => people[index]!);
  for (const [original, duplicate] of [[dupA1!, dupA2!], [dupB1!, dupB2!], [dupC1!, dupC2!]] as const) {
    const [first, ...rest] = original.name.split(' ');
    duplicate.name = `${first![0]}. ${rest.join(' ')}`; // same person entered twice, e.g. "E. Garcia"
    duplicate.email = original.email!;
    if (original.organizationId) duplicate.organizationId = original.organizationId;
    else delete duplicate.organizationId;
  }
  invalid.name = 'Maria Gonzalez';
  invalid.email = 'maria.gonzalez@@example';
  delete phoneOnly.email;
  phoneOnly.phone = '+1-202-555-0147';
  inactive1.active = false;
  inactive2.active = false;
  const problemContacts = [dupA1, dupA2, dupB1, dupB2, dupC1, dupC2, invalid, phoneOnly, inactive1, inactive2];
  return {contacts: people, deletedContact, problemContacts};
}

interface TicketContext {fieldIds: Record<FieldName, string>; groupIdByName: Record<GroupName, string>; specialRequesters: Person[]}

function buildTickets(random: Random, scale: Scale, source: AccountSnapshot, context: TicketContext): void {
  const {fieldIds, groupIdByName, specialRequesters} = context;
  const contacts = source.contacts;
  const specialTicketIndexes = spread(specialRequesters.length, scale.tickets);
  // A demo run takes the first 20 tickets: a few problems are placed there too, so a demo
  // shows failed records with their reasons (the invalid email's ticket, an empty required
  // field) and an attachment the target refuses.
  const SHOWCASE = {invalidRequester: 6, emptyProduct: 10, bigAttachment: 13};
  const invalidRequester = specialRequesters.find((person) => person.email?.includes('@@'));
  const emptyProductCount = Math.max(2, Math.round(scale.tickets / 100));
  const emptyProductIndexes = new Set([...spread(emptyProductCount, scale.tickets), SHOWCASE.emptyProduct]);
  const bigAttachmentIndex = Math.min(Math.floor(scale.tickets / 3), SHOWCASE.bigAttachment);
  const guaranteedInlineIndex = Math.floor((scale.tickets * 2) / 3); // inline images exist at any scale
  const organizationById = new Map(source.organizations.map((organization) => [organization.id, organization]));
  const agentsInGroup = (groupId: string) => source.agents.filter((agent) => agent.groupIds?.includes(groupId));
  const spacing = (TICKETS_END - TICKETS_START) / scale.tickets;
  let commentId = 1_000_001;
  let attachmentId = 3_000_001;

  const addAttachment = (comment: Comment, fileName: string, contentType: string, size: number, inline: boolean): Attachment => {
    const id = String(attachmentId++);
    const attachment: Attachment = {id, fileName, contentType, size, url: `/attachments/${id}`, inline};
    comment.attachments.push(attachment);
    source.attachmentContents[id] = {seed: random.int(1, 0x7fffffff), size};
    return attachment;
  };

  for (let index = 0; index < scale.tickets; index++) {
    const topic = random.pick(TOPICS);
    const specialSlot = specialTicketIndexes.indexOf(index);
    const requester = specialSlot >= 0 ? specialRequesters[specialSlot]! : index === SHOWCASE.invalidRequester && invalidRequester ? invalidRequester : random.pick(contacts);
    const organization = requester.organizationId ? organizationById.get(requester.organizationId) : undefined;
    const age = index / scale.tickets;
    const status: TicketStatus = age < 0.85
      ? random.weighted([['closed', 55], ['solved', 30], ['open', 6], ['pending', 5], ['hold', 4]])
      : random.weighted([['new', 25], ['open', 35], ['pending', 20], ['hold', 10], ['solved', 10]]);
    const escalated = topic.group !== 'Escalations' && topic.priority === 'high' && random.chance(0.1);
    const groupId = groupIdByName[escalated ? 'Escalations' : topic.group];
    const groupAgents = agentsInGroup(groupId);
    const assignee = status === 'new' || random.chance(0.08) ? undefined : random.pick(groupAgents);
    const handlingAgent = assignee ?? random.pick(groupAgents);
    const created = TICKETS_START + index * spacing + random.next() * 0.05 * spacing;
    const productValue = topic.product ?? random.pick(source.ticketFields[0]!.options!).value;
    const productLabel = PRODUCTS.find((label) => asciiSlug(label, '_') === productValue)!;
    const vars: Record<string, string> = {
      first: requester.name.split(' ')[0]!, product: productLabel, company: organization?.name ?? 'our team',
      order: `ORD-${random.int(100_000, 999_999)}`, month: MONTHS[new Date(created).getUTCMonth()]!,
      seats: String(random.int(5, 250)), version: `${random.int(3, 5)}.${random.int(0, 12)}.${random.int(0, 9)}`,
    };
    const isBilling = topic.group === 'Billing';
    const isTechnical = topic.group === 'Technical Support' || topic.group === 'Escalations';
    const customFields: Ticket['customFields'] = {
      [fieldIds.product]: emptyProductIndexes.has(index) ? null : productValue,
      [fieldIds.platforms]: isTechnical ? random.sample(PLATFORMS, random.int(1, 3)).map((label) => asciiSlug(label, '_')) : null,
      [fieldIds.orderNumber]: isBilling ? vars.order! : null,
      [fieldIds.refundApproved]: isBilling && topic.tags.includes('refund') && (status === 'solved' || status === 'closed'),
      [fieldIds.followUpDate]: (status === 'pending' || status === 'hold') && random.chance(0.6)
        ? iso(created + random.int(3, 14) * DAY).slice(0, 10) : null,
      [fieldIds.seats]: topic.group === 'Sales' ? Number(vars.seats) : null,
      [fieldIds.amount]: isBilling ? random.int(1_900, 250_000) / 100 : null,
      [fieldIds.appVersion]: isTechnical ? vars.version! : null,
    };
    const tags = [...topic.tags, ...(random.chance(0.15) ? [random.pick(['vip', 'follow_up', 'feedback', 'churn_risk'])] : [])];
    const orgColleagues = contacts.filter((contact) => contact.organizationId && contact.organizationId === requester.organizationId
      && contact.id !== requester.id && contact.email && PLAIN_EMAIL.test(contact.email));
    const ccEmails = random.chance(0.12) && orgColleagues.length > 0
      ? [...new Set(random.sample(orgColleagues, random.int(1, 2)).map((contact) => contact.email!))] : [];

    const commentCount = status === 'new' ? 1 : random.weighted([[2, 20], [3, 22], [4, 18], [5, 12], [6, 9], [7, 7], [8, 5], [9, 4], [10, 3]]);
    const comments: Comment[] = [];
    let time = created;
    for (let position = 0; position < commentCount; position++) {
      if (position > 0) time += (0.02 + random.next() * 0.06) * spacing;
      let comment: Comment;
      if (position === 0) {
        const description = topic.description.map((text) => fill(text, vars));
        if (index === bigAttachmentIndex) description.push('I have attached a screen recording of the whole problem.');
        comment = {id: '', authorId: requester.id, body: paragraphs([...description, `Thanks,<br>${vars.first}`]), public: true, createdAt: '', attachments: []};
      } else if (random.chance(0.2)) {
        comment = {id: '', authorId: handlingAgent.id, body: paragraphs([fill(random.pick(PRIVATE_NOTES), vars)]), public: false, createdAt: '', attachments: []};
      } else if (position % 2 === 1) {
        const closing = position >= commentCount - 2 && (status === 'solved' || status === 'closed');
        const reply = fill(random.pick(closing ? CLOSING_REPLIES : AGENT_REPLIES), vars);
        comment = {id: '', authorId: handlingAgent.id, body: paragraphs([reply, `Best regards,<br>${handlingAgent.name.split(' ')[0]}`]), public: true, createdAt: '', attachments: []};
      } else {
        comment = {id: '', authorId: requester.id, body: paragraphs([fill(random.pick(REQUESTER_REPLIES), vars)]), public: true, createdAt: '', attachments: []};
      }
      comment.id = String(commentId++);
      comment.createdAt = iso(time);
      if (random.chance(0.15)) {
        for (let count = random.chance(0.8) ? 1 : 2; count > 0; count--) {
          const [fileName, contentType] = randomFile(random, time, vars.order!);
          addAttachment(comment, fileName, contentType, randomSize(random), false);
        }
      }
      if (random.chance(0.03) || (position === 0 && index === guaranteedInlineIndex)) {
        const image = addAttachment(comment, `image${String(random.int(1, 20)).padStart(3, '0')}.png`, 'image/png', randomSize(random), true);
        comment.body += `<p><img src="${image.url}" alt="${image.fileName}"></p>`;
      }
      if (position === 0 && index === bigAttachmentIndex) {
        addAttachment(comment, 'screen-recording.mp4', 'video/mp4', scale.bigAttachmentSize, false);
      }
      comments.push(comment);
    }
    const updated = time + (0.01 + random.next() * 0.14) * spacing;
    source.tickets.push({
      id: String(20_001 + index), subject: fill(random.pick(topic.subjects), vars), status,
      priority: escalated ? 'urgent' : random.chance(0.2) ? random.pick(['low', 'normal', 'high'] as const) : topic.priority,
      kind: topic.kind, requesterId: requester.id, ...(assignee ? {assigneeId: assignee.id} : {}), groupId,
      ...(organization ? {organizationId: organization.id} : {}), tags, ccEmails, customFields,
      createdAt: iso(created), updatedAt: iso(updated), comments,
    });
  }
}

// Skewed toward small files, as real attachments are.
const randomSize = (random: Random): number => Math.round(ATTACHMENT_MIN + random.next() ** 2 * (ATTACHMENT_MAX - ATTACHMENT_MIN));

function randomFile(random: Random, time: number, order: string): [string, string] {
  const stamp = iso(time);
  return random.pick<[string, string]>([
    [`Screenshot ${stamp.slice(0, 10)} at ${stamp.slice(11, 19).replace(/:/g, '.')}.png`, 'image/png'],
    [`invoice-${order}.pdf`, 'application/pdf'],
    ['error-log.txt', 'text/plain'],
    [`export-${stamp.slice(0, 10)}.csv`, 'text/csv'],
    [`IMG_${random.int(1000, 9999)}.jpg`, 'image/jpeg'],
    ['settings.json', 'application/json'],
    ['quarterly-report.xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
    ['crash-report.zip', 'application/zip'],
  ]);
}

function buildKnowledgeBase(random: Random, scale: Scale, source: AccountSnapshot): void {
  const authors = source.agents;
  const sectionTitles: Array<{section: KbSection; titles: string[]}> = [];
  KB_STRUCTURE.forEach(([name, description, sections], categoryIndex) => {
    const stamp = iso(Date.parse('2023-01-10T09:00:00Z') + categoryIndex * DAY);
    const category: KbCategory = {id: String(6001 + categoryIndex), name, description, createdAt: stamp, updatedAt: stamp};
    source.kbCategories.push(category);
    sections.forEach(([sectionName, titles], sectionIndex) => {
      const section: KbSection = {id: String(6101 + categoryIndex * 2 + sectionIndex), categoryId: category.id, name: sectionName,
        createdAt: stamp, updatedAt: stamp};
      source.kbSections.push(section);
      sectionTitles.push({section, titles});
    });
  });
  // Round-robin over sections so every section has articles at any scale.
  for (let index = 0; index < scale.articles; index++) {
    const {section, titles} = sectionTitles[index % sectionTitles.length]!;
    const title = titles[Math.floor(index / sectionTitles.length) % titles.length]!;
    const created = Date.parse('2023-01-15T09:00:00Z') + random.int(0, 900) * DAY;
    const steps = KB_STEPS.filter(() => random.chance(0.7)).map((step) => `<li>${step}</li>`).join('');
    const article: KbArticle = {
      id: String(6201 + index), sectionId: section.id, title,
      body: `<h2>${title}</h2><p>This guide covers “${title}” step by step.</p>`
        + `<ol>${steps}</ol><p>Still need help? Contact our support team from the <a href="/hc/requests/new">help center</a>.</p>`,
      authorId: random.pick(authors).id, draft: index === 1 || random.chance(0.15),
      tags: [asciiSlug(section.name, '_'), ...random.sample(['how_to', 'faq', 'setup', 'account', 'mobile', 'billing'], random.int(0, 2))],
      createdAt: iso(created), updatedAt: iso(created + random.int(0, 60) * DAY),
    };
    source.kbArticles.push(article);
  }
}

/** What the demo target already holds: most agents, Billing, a few matching orgs and contacts, an extra required field. */
function buildTarget(source: AccountSnapshot): AccountSnapshot {
  const target = emptySnapshot();
  const stamp = '2024-06-01T09:00:00Z';
  target.ticketFields.push({id: '9401', title: 'Region', key: 'cf_region', type: 'dropdown', required: true,
    options: options(['EMEA', 'AMER', 'APAC']), active: true, createdAt: stamp, updatedAt: stamp});
  const billing = source.groups.find((group) => group.name === 'Billing')!;
  target.groups.push({id: '9101', name: billing.name, description: billing.description, createdAt: stamp, updatedAt: stamp});
  target.agents = source.agents.slice(0, 7).map((agent, index): Person => ({
    id: String(9001 + index), name: agent.name, email: agent.email!, role: agent.role, active: true,
    groupIds: agent.groupIds?.includes(billing.id) ? ['9101'] : [], createdAt: stamp, updatedAt: stamp,
  }));
  const shared = source.organizations.slice(0, 2);
  const targetOrgId = new Map(shared.map((organization, index) => [organization.id, String(9201 + index)]));
  target.organizations = shared.map((organization) => ({id: targetOrgId.get(organization.id)!, name: organization.name,
    domains: [...organization.domains], createdAt: stamp, updatedAt: stamp}));
  // Plain contacts only (no duplicate or broken emails), members of the shared orgs first.
  const emailCounts = new Map<string, number>();
  for (const contact of source.contacts) if (contact.email) emailCounts.set(contact.email, (emailCounts.get(contact.email) ?? 0) + 1);
  const plain = source.contacts.filter((contact) => contact.active && contact.email && emailCounts.get(contact.email) === 1
    && PLAIN_EMAIL.test(contact.email));
  const chosen = [...plain.filter((contact) => targetOrgId.has(contact.organizationId ?? '')),
    ...plain.filter((contact) => !targetOrgId.has(contact.organizationId ?? ''))].slice(0, 5);
  target.contacts = chosen.map((contact, index): Person => {
    const organizationId = targetOrgId.get(contact.organizationId ?? '');
    return {id: String(9301 + index), name: contact.name, email: contact.email!, ...(organizationId ? {organizationId} : {}),
      role: 'end-user', active: true, createdAt: stamp, updatedAt: stamp};
  });
  return target;
}

const isDirectRun = process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isDirectRun) {
  const outputPath = process.argv[2] ? resolve(process.argv[2]) : fileURLToPath(new URL('./account.json', import.meta.url));
  const json = serializeDemoAccount(generateDemoAccount());
  writeFileSync(outputPath, json);
  console.log(`Wrote ${outputPath} (${(Buffer.byteLength(json) / MB).toFixed(2)} MB)`);
}
