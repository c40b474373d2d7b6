// The Intercom emulator's routes for admins, teams, contacts, companies, data attributes, tags and the
// Help Center, with the parameters and body fields each endpoint documents (Intercom-Version 2.14).
import type {EmulatorRequest, Router} from '../shared/emulator-kit.js';
import type {IcArticle, IcCollection, IcCompany, IcDataAttribute} from './api-shapes.js';
import type {StoredContact} from './emulator-store.js';
import {body, cursorPage, errorList, invalid, isInt, matcher, missing, notFound, numberedPage, type Api, type EmulatorContext} from './emulator-context.js';

const now = () => Math.floor(Date.now() / 1000);
const CONTACT_FIELDS = ['role', 'external_id', 'email', 'phone', 'name', 'avatar', 'signed_up_at', 'last_seen_at', 'owner_id', 'unsubscribed_from_emails', 'custom_attributes'];
const COMPANY_FIELDS = ['company_id', 'name', 'website', 'plan', 'size', 'industry', 'remote_created_at', 'monthly_spend', 'custom_attributes'];
const DATA_TYPES = ['string', 'integer', 'float', 'boolean', 'date', 'datetime', 'options'];

export function registerRoutes(router: Router, api: Api, ctx: EmulatorContext) {
  const {store} = ctx;

  // ---- admins and teams -------------------------------------------------------------------
  // Identify an admin: the token's admin with its workspace (app), not the admin object of List admins.
  router.on('GET', '/me', api(() => {
    const admin = store.admins.get(ctx.adminId())!;
    return {status: 200, json: {type: 'admin', id: admin.id, email: admin.email, name: admin.name, email_verified: true, app: {type: 'app', id_code: 'emulator', name: 'Emulator workspace', created_at: 1577836800, secure: false, identity_verification: false, timezone: 'UTC', region: 'US'}, has_inbox_seat: true}};
  }));
  router.on('GET', '/admins', api(() => ({status: 200, json: {type: 'admin.list', admins: [...store.admins.values()]}})));
  router.on('GET', '/admins/:id', api((request) => {
    const admin = store.admins.get(request.params.id!);
    return admin ? {status: 200, json: admin} : errorList(404, 'admin_not_found', 'Admin not found');
  }));
  router.on('GET', '/teams', api(() => ({status: 200, json: {type: 'team.list', teams: [...store.teams.values()]}})));

  // ---- contacts -------------------------------------------------------------------------------
  const contactSearchFields: Record<string, (c: StoredContact) => unknown> = {id: (c) => c.id, external_id: (c) => c.external_id, email: (c) => c.email, name: (c) => c.name, phone: (c) => c.phone, role: (c) => c.role, created_at: (c) => c.created_at, updated_at: (c) => c.updated_at, signed_up_at: (c) => c.signed_up_at, 'companies.id': (c) => c.companyIds};
  router.on('GET', '/contacts', api((request) => cursorPage([...store.contacts.values()], request.query.get('per_page') ?? 50, request.query.get('starting_after'), 'asc', (c) => store.nativeContact(c)), {query: ['per_page', 'starting_after', 'page']}));
  router.on('POST', '/contacts/search', api((request) => {
    const {query, pagination} = body(request);
    const test = matcher(query, contactSearchFields);
    if (typeof test !== 'function') return test;
    const seen = Date.now();
    return cursorPage([...store.contacts.values()].filter((c) => c.indexedAt <= seen && test(c)), pagination?.per_page ?? 50, pagination?.starting_after, 'asc', (c) => store.nativeContact(c));
  }, {body: ['query', 'pagination', 'sort']}));
  // custom_attributes takes the model's data attributes by name, nothing else (as on conversations).
  const unknownAttribute = (model: 'contact' | 'company', values: unknown) => {
    if (values === undefined) return undefined;
    if (typeof values !== 'object' || values === null || Array.isArray(values)) return invalid('custom_attributes', 'custom_attributes must be an object');
    const name = Object.keys(values).find((key) => ![...store.attributes.values()].some((a) => a.model === model && a.name === key && !a.archived));
    return name === undefined ? undefined : invalid('custom_attributes', `Custom attribute '${name}' does not exist`);
  };
  router.on('POST', '/contacts', api((request) => {
    const fields = body(request);
    const refusedAttribute = unknownAttribute('contact', fields.custom_attributes);
    if (refusedAttribute) return refusedAttribute;
    if (!fields.email && !fields.external_id && !fields.role) return errorList(400, 'parameter_invalid', 'Contact must have an email, an external_id or a role');
    if (fields.role !== undefined && fields.role !== 'user' && fields.role !== 'lead') return invalid('role', "role must be 'user' or 'lead'");
    for (const key of ['signed_up_at', 'last_seen_at']) if (fields[key] !== undefined && !isInt(fields[key])) return errorList(400, 'type_mismatch', `${key} must be a Unix timestamp`, key);
    const clash = [...store.contacts.values()].find((c) => (fields.external_id && c.external_id === fields.external_id) || (fields.email && c.role === 'user' && (fields.role ?? 'user') === 'user' && c.email?.toLowerCase() === String(fields.email).toLowerCase()));
    if (clash) return errorList(409, 'conflict', `A contact matching those details already exists with id=${clash.id}`);
    const id = store.newHexId();
    const at = now();
    const contact: StoredContact = {type: 'contact', id, role: fields.role ?? 'user', external_id: fields.external_id ?? null, email: fields.email ?? null, phone: fields.phone ?? null, name: fields.name ?? null, created_at: at, updated_at: at, signed_up_at: fields.signed_up_at ?? null, custom_attributes: fields.custom_attributes ?? {}, companyIds: [], indexedAt: Date.now() + ctx.searchLagMs};
    store.contacts.set(id, contact);
    return {status: 200, json: store.nativeContact(contact)};
  }, {body: CONTACT_FIELDS}));
  router.on('GET', '/contacts/:id', api((request) => {
    const contact = store.contacts.get(request.params.id!);
    return contact ? {status: 200, json: store.nativeContact(contact)} : notFound('User Not Found');
  }));
  router.on('PUT', '/contacts/:id', api((request) => {
    const contact = store.contacts.get(request.params.id!);
    if (!contact) return notFound('User Not Found');
    const {custom_attributes, ...fields} = body(request);
    const refusedAttribute = unknownAttribute('contact', custom_attributes);
    if (refusedAttribute) return refusedAttribute;
    Object.assign(contact, fields, custom_attributes ? {custom_attributes: {...contact.custom_attributes, ...custom_attributes}} : {}, {updated_at: now()});
    return {status: 200, json: store.nativeContact(contact)};
  }, {body: CONTACT_FIELDS}));
  router.on('POST', '/contacts/:id/companies', api((request) => {
    const contact = store.contacts.get(request.params.id!);
    if (!contact) return notFound('User Not Found');
    const companyId = body(request).id;
    if (!companyId) return missing('id');
    const company = store.companies.get(String(companyId));
    if (!company) return errorList(404, 'company_not_found', 'Company Not Found');
    if (!contact.companyIds.includes(company.id)) contact.companyIds.push(company.id);
    contact.updated_at = now();
    return {status: 200, json: company};
  }, {body: ['id']}));

  // ---- companies --------------------------------------------------------------------------------
  router.on('POST', '/companies', api((request) => {
    const fields = body(request);
    if (!fields.company_id && !fields.name) return missing('company_id');
    const refusedAttribute = unknownAttribute('company', fields.custom_attributes);
    if (refusedAttribute) return refusedAttribute;
    if (fields.remote_created_at !== undefined && !isInt(fields.remote_created_at)) return errorList(400, 'type_mismatch', 'remote_created_at must be a Unix timestamp', 'remote_created_at');
    // "Create or update a company": the company_id names the company; sending it again updates it.
    const existing = fields.company_id ? [...store.companies.values()].find((company) => company.company_id === fields.company_id) : undefined;
    const at = now();
    const company: IcCompany = existing ?? {type: 'company', id: store.newHexId(), company_id: fields.company_id ?? store.newId(), name: '', created_at: at, updated_at: at, custom_attributes: {}};
    Object.assign(company, {...fields, custom_attributes: {...company.custom_attributes, ...(fields.custom_attributes ?? {})}, updated_at: at});
    store.companies.set(company.id, company);
    return {status: 200, json: company};
  }, {body: COMPANY_FIELDS}));
  router.on('GET', '/companies', api((request) => {
    const byCompanyId = request.query.get('company_id');
    const byName = request.query.get('name');
    if (byCompanyId === null && byName === null) return numberedPage([...store.companies.values()], request, (company) => company, 60);
    const found = [...store.companies.values()].find((company) => (byCompanyId !== null ? company.company_id === byCompanyId : company.name === byName));
    return found ? {status: 200, json: found} : errorList(404, 'company_not_found', 'Company Not Found');
  }, {query: ['company_id', 'name', 'segment_id', 'tag_id', 'page', 'per_page']}));
  router.on('POST', '/companies/list', api((request) => numberedPage([...store.companies.values()], request, (company) => company, 60), {query: ['page', 'per_page', 'order']}));
  router.on('GET', '/companies/:id', api((request) => {
    const company = store.companies.get(request.params.id!);
    return company ? {status: 200, json: company} : errorList(404, 'company_not_found', 'Company Not Found');
  }));

  // ---- data attributes and tags ------------------------------------------------------------------
  router.on('GET', '/data_attributes', api((request) => {
    const model = request.query.get('model');
    if (model !== null && !['contact', 'company', 'conversation'].includes(model)) return invalid('model', "model must be one of 'contact', 'company', 'conversation'");
    const archived = request.query.get('include_archived') === 'true';
    return {status: 200, json: {type: 'list', data: [...store.attributes.values()].filter((a) => (!model || a.model === model) && (archived || !a.archived))}};
  }, {query: ['model', 'include_archived']}));
  router.on('POST', '/data_attributes', api((request) => {
    const fields = body(request);
    if (!fields.name) return missing('name');
    if (!['contact', 'company'].includes(fields.model)) return invalid('model', 'The Data Attribute model field must be either contact or company');
    if (!DATA_TYPES.includes(fields.data_type)) return invalid('data_type', "Data Type isn't an option");
    if (!/^[\p{L}\p{N}\p{Sc} _-]+$/u.test(fields.name)) return invalid('name', 'Your name for this attribute must only contain alphanumeric characters, currency symbols, and hyphens');
    if (fields.data_type === 'options' && (!Array.isArray(fields.options) || fields.options.length < 2 || fields.options.some((o: {value?: unknown}) => typeof o?.value !== 'string')))
      return invalid('options', 'An options attribute needs at least two options, each with a value');
    if ([...store.attributes.values()].some((a) => a.model === fields.model && a.name.toLowerCase() === String(fields.name).toLowerCase()))
      return invalid('name', `You already have '${fields.name}' in your ${fields.model} data. To save this as new ${fields.model} data, use a different name.`);
    const id = Number(store.newId());
    const at = now();
    const attribute: IcDataAttribute = {type: 'data_attribute', id, model: fields.model, name: fields.name, full_name: `custom_attributes.${fields.name}`, label: fields.name, ...(typeof fields.description === 'string' ? {description: fields.description} : {}), data_type: fields.data_type, ...(fields.options ? {options: fields.options.map((o: {value: string}) => o.value)} : {}), custom: true, archived: false, created_at: at, updated_at: at};
    store.attributes.set(id, attribute);
    return {status: 200, json: attribute};
  }, {body: ['name', 'model', 'data_type', 'description', 'options', 'messenger_writable']}));
  router.on('GET', '/tags', api(() => ({status: 200, json: {type: 'list', data: [...store.tags.values()]}})));
  router.on('POST', '/tags', api((request) => {
    const {name} = body(request);
    if (typeof name !== 'string' || !name.trim()) return missing('name');
    return {status: 200, json: store.tag(name)};
  }, {body: ['name', 'id', 'companies', 'users']}));

  // ---- Help Center ------------------------------------------------------------------------------
  router.on('GET', '/help_center/collections', api((request) => numberedPage([...store.collections.values()], request, (c) => c, 150, 50), {query: ['page', 'per_page']}));
  router.on('POST', '/help_center/collections', api((request) => {
    const fields = body(request);
    if (typeof fields.name !== 'string' || !fields.name) return missing('name');
    if (fields.parent_id !== undefined && fields.parent_id !== null && !store.collections.has(String(fields.parent_id))) return errorList(404, 'collection_not_found', 'Collection not found');
    const id = store.newId();
    const at = now();
    const collection: IcCollection = {id, name: fields.name, description: fields.description ?? null, created_at: at, updated_at: at, parent_id: fields.parent_id ? String(fields.parent_id) : null, help_center_id: fields.help_center_id ?? 1};
    store.collections.set(id, collection);
    return {status: 200, json: collection};
  }, {body: ['name', 'description', 'translated_content', 'parent_id', 'help_center_id']}));
  router.on('GET', '/articles', api((request) => numberedPage([...store.articles.values()], request, (a) => a, 250, 50), {query: ['page', 'per_page']}));
  const ARTICLE_FIELDS = ['title', 'description', 'body', 'author_id', 'state', 'parent_id', 'parent_type', 'translated_content'];
  const articleErrors = (fields: Record<string, any>) => {
    if (fields.author_id !== undefined && !store.admins.has(String(fields.author_id))) return invalid('author_id', 'author_id must be the id of an admin of the workspace');
    if (fields.state !== undefined && fields.state !== 'published' && fields.state !== 'draft') return invalid('state', "state must be 'published' or 'draft'");
    if (fields.parent_id !== undefined && fields.parent_id !== null && !store.collections.has(String(fields.parent_id))) return errorList(404, 'collection_not_found', 'Collection not found');
    return undefined;
  };
  router.on('POST', '/articles', api((request) => {
    const fields = body(request);
    if (!fields.title) return missing('title');
    if (fields.author_id === undefined) return missing('author_id');
    const refused = articleErrors(fields);
    if (refused) return refused;
    const id = store.newId();
    const at = now();
    const article: IcArticle = {type: 'article', id, title: fields.title, description: fields.description ?? null, body: fields.body ?? '', author_id: Number(fields.author_id), state: fields.state ?? 'draft', created_at: at, updated_at: at, parent_id: fields.parent_id ?? null, parent_type: fields.parent_id ? 'collection' : null};
    store.articles.set(id, article);
    return {status: 200, json: article};
  }, {body: ARTICLE_FIELDS}));
  router.on('GET', '/articles/:id', api((request) => {
    const article = store.articles.get(request.params.id!);
    return article ? {status: 200, json: article} : notFound('Article not found');
  }));
  router.on('PUT', '/articles/:id', api((request) => {
    const article = store.articles.get(request.params.id!);
    if (!article) return notFound('Article not found');
    const fields = body(request);
    const refused = articleErrors(fields);
    if (refused) return refused;
    Object.assign(article, fields, {updated_at: now()});
    return {status: 200, json: article};
  }, {body: ARTICLE_FIELDS}));

  // Files are served at their own address (attachment `url`), as Intercom's are.
  router.on('GET', '/__files/:id/:name', (request: EmulatorRequest) => {
    const file = store.files.get(request.params.id!);
    return file ? {status: 200, body: store.bytesOf(file), headers: {'content-type': file.content_type}} : notFound();
  });
}
