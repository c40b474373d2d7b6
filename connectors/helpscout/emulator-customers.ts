// The Help Scout emulator's customer routes: List, Get, Create, Overwrite (PUT) and Update (PATCH,
// JSON Patch) Customer, with Help Scout's rule on names (1 to 40 characters when defined).
import type {EmulatorReply, Router} from '../shared/emulator-kit.js';
import type {HsCustomer, HsEntry} from './api-shapes.js';
import {created, halPage, invalid, isoNow, notFound, since, sorted, type Api, type EmulatorContext} from './emulator-context.js';

export /** Customer first and last names: "When defined it must be between 1 and 40 characters" (Create and Overwrite Customer). */
function badNames(body: Record<string, unknown> | undefined, prefix = ''): EmulatorReply | undefined {
  for (const key of ['firstName', 'lastName']) {
    const value = body?.[key];
    if (value === undefined || value === null) continue;
    const length = typeof value === 'string' ? [...value].length : -1;
    if (length < 1 || length > 40) return invalid(`${prefix}${key}`, 'size must be between 1 and 40', value);
  }
  return undefined;
}

export function registerCustomerRoutes(router: Router, api: Api, ctx: EmulatorContext) {
  const {store} = ctx;
  // ---- customers ------------------------------------------------------------------------
  router.on('GET', '/v2/customers', api((request) => {
    const query = request.query.get('query');
    const email = query === null ? undefined : /^\(email:"([^"]*)"\)$/.exec(query)?.[1]?.toLowerCase();
    if (query !== null && email === undefined) return invalid('query', 'The emulator understands (email:"…") queries only', query);
    const modified = since(request);
    if (typeof modified === 'object') return modified;
    const list = [...store.customers.values()].filter(
      (customer) => (email === undefined || customer._embedded?.emails?.some((entry) => entry.value.toLowerCase() === email)) && (modified === undefined || Date.parse(customer.updatedAt) >= modified),
    );
    const ordered = sorted(list, request, {createdAt: (c) => c.createdAt, modifiedAt: (c) => c.updatedAt, firstName: (c) => c.firstName, lastName: (c) => c.lastName}, ['createdAt', 'desc']);
    return Array.isArray(ordered) ? halPage(request, 'customers', ordered, ctx.base(request)) : ordered;
  }, {query: ['page', 'query', 'modifiedSince', 'sortField', 'sortOrder', 'mailbox', 'firstName', 'lastName']}));
  router.on('GET', '/v2/customers/:id', api((request) => {
    const customer = store.customers.get(Number(request.params.id));
    if (!customer) return notFound();
    // Get Customer embeds the customer's properties that hold a value (customers/get example).
    const values = store.propertyValues.get(customer.id) ?? {};
    const properties = store.customerProperties.filter((property) => values[property.slug] !== undefined).map((property) => ({...property, value: values[property.slug], text: String(values[property.slug]), source: {name: 'api'}}));
    return {status: 200, json: {...customer, _embedded: {...customer._embedded, properties}}};
  }));
  const CUSTOMER_FIELDS = ['firstName', 'lastName', 'phone', 'photoUrl', 'jobTitle', 'photoType', 'background', 'location', 'organization', 'gender', 'age'];
  router.on('POST', '/v2/customers', api((request) => {
    const body = request.json as Record<string, any>;
    if (!body?.firstName && !body?.emails?.length) return invalid('firstName', 'may not be empty');
    const names = badNames(body);
    if (names) return names;
    const id = store.newId();
    const entries = (list: unknown): HsEntry[] => (Array.isArray(list) ? list.map((entry: HsEntry) => ({id: store.newId(), value: entry.value, type: entry.type ?? 'work'})) : []);
    const at = isoNow();
    const customer: HsCustomer = {id, firstName: body.firstName ?? '', lastName: body.lastName ?? '', organization: body.organization ?? null, jobTitle: body.jobTitle ?? null, background: body.background ?? null, createdAt: at, updatedAt: at, _embedded: {emails: entries(body.emails), phones: entries(body.phones)}};
    store.customers.set(id, customer);
    return created(id, `${ctx.base(request)}/v2/customers/${id}`);
  }, {write: true, body: [...CUSTOMER_FIELDS, 'emails', 'phones', 'chats', 'socialProfiles', 'websites', 'address', 'properties']}));
  // Overwrite Customer: "When a field is not set in the request, it's the same as if it was set with null value and it will be overwritten."
  router.on('PUT', '/v2/customers/:id', api((request) => {
    const customer = store.customers.get(Number(request.params.id));
    if (!customer) return notFound();
    const body = (request.json ?? {}) as Record<string, unknown>;
    const names = badNames(body);
    if (names) return names;
    const record = customer as unknown as Record<string, unknown>;
    for (const field of CUSTOMER_FIELDS) record[field] = body[field] ?? null;
    customer.updatedAt = isoNow();
    return {status: 204, body: ''};
  }, {write: true, body: CUSTOMER_FIELDS}));
  // Update Customer: JSON Patch, "Request payload must be in the form of array"; replace (or add) a
  // customer field, add or remove an email or phone entry; a whole entry collection cannot be removed.
  router.on('PATCH', '/v2/customers/:id', api((request) => {
    const customer = store.customers.get(Number(request.params.id));
    if (!customer) return notFound();
    if (!Array.isArray(request.json)) return invalid('', 'Request payload must be an array of operations', request.json);
    const record = customer as unknown as Record<string, unknown>;
    const next: Record<string, unknown> & {_embedded: {emails: HsEntry[]; phones: HsEntry[]}} = {...record, _embedded: {emails: [...(customer._embedded?.emails ?? [])], phones: [...(customer._embedded?.phones ?? [])]}};
    for (const [index, operation] of (request.json as Array<{op?: string; path?: string; value?: unknown}>).entries()) {
      const [, field, entryId] = /^\/([A-Za-z]+)(?:\/(\d+))?$/.exec(operation.path ?? '') ?? [];
      const collection = field === 'emails' || field === 'phones' ? next._embedded[field] : undefined;
      if (collection && operation.op === 'add' && entryId === undefined) {
        const entry = operation.value as HsEntry;
        collection.push({id: store.newId(), value: entry?.value, type: entry?.type ?? 'work'});
      } else if (collection && operation.op === 'remove' && entryId !== undefined) {
        const at = collection.findIndex((entry) => entry.id === Number(entryId));
        if (at < 0) return invalid(`[${index}].path`, 'Invalid identifier', operation.path);
        collection.splice(at, 1);
      } else if (field && CUSTOMER_FIELDS.includes(field) && entryId === undefined && (operation.op === 'replace' || operation.op === 'add')) {
        const names = badNames({[field]: operation.value}, `[${index}].value `);
        if (names) return names;
        next[field] = operation.value ?? null;
      } else if (field && CUSTOMER_FIELDS.includes(field) && entryId === undefined && operation.op === 'remove' && field !== 'firstName') {
        next[field] = null;
      } else return invalid(`[${index}]`, `Operation ${operation.op} is not allowed on ${operation.path}`, operation);
    }
    Object.assign(customer, next, {updatedAt: isoNow()});
    return {status: 204, body: ''};
  }, {write: true}));

  // ---- customer properties ----------------------------------------------------------------
  // List Customer Property Definitions; Update Customer Properties: JSON Patch of replace/remove on
  // "/<slug>" of a property "created first"; a text value at most 255 characters. 204 No Content.
  router.on('GET', '/v2/customer-properties', api((request) => ({status: 200, json: {_embedded: {'customer-properties': store.customerProperties}, _links: {self: {href: `${ctx.base(request)}/v2/customer-properties`}}}})));
  router.on('PATCH', '/v2/customers/:id/properties', api((request) => {
    const id = Number(request.params.id);
    if (!store.customers.has(id)) return notFound();
    if (!Array.isArray(request.json)) return invalid('', 'Request payload must be an array of operations', request.json);
    const values = {...(store.propertyValues.get(id) ?? {})};
    for (const [index, operation] of (request.json as Array<{op?: string; path?: string; value?: unknown}>).entries()) {
      const slug = /^\/([A-Za-z0-9_-]+)$/.exec(operation.path ?? '')?.[1];
      const property = store.customerProperties.find((candidate) => candidate.slug === slug);
      if (!property) return invalid(`[${index}].path`, 'Invalid property', operation.path);
      if (operation.op === 'remove') delete values[property.slug];
      else if (operation.op === 'replace') {
        if (property.type === 'text' && (typeof operation.value !== 'string' || operation.value.length > 255)) return invalid(`[${index}].value`, 'must be a text of at most 255 characters', operation.value);
        values[property.slug] = operation.value;
      } else return invalid(`[${index}].op`, 'must be one of: replace, remove', operation.op);
    }
    store.propertyValues.set(id, values);
    store.customers.get(id)!.updatedAt = isoNow();
    return {status: 204, body: ''};
  }, {write: true}));
}
