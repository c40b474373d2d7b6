// The emulator's Help Center writes: categories, sections, articles and their
// translations (Guide managers; here: admins). Article labels exist only on some plans
// ("Article labels are only available on the Professional and Enterprise plans",
// developer.zendesk.com/api-reference/help_center/help-center-api/article_labels/): on a tier
// without them the emulator refuses label_names (see labelsRefused for the shape).
import type {EmulatorRequest} from '../shared/emulator-kit.js';
import type {ZdArticle, ZdCategory, ZdSection} from './api-shapes.js';
import {ApiError, isoSeconds, notFound, recordInvalid, type ApiRegistrar} from './emulator-http.js';
import type {ZendeskStore} from './emulator-store.js';
import {add, bodyOf, check, created, ok, pick, type Body} from './emulator-bodies.js';

/** Suite tiers whose Guide plan has no article labels (docs/platforms/zendesk.md: the mapping of Suite tiers to Guide plans is Unsure). */
export const TIERS_WITHOUT_LABELS = ['essential', 'team'];

/** How the emulator refuses labels on such a plan: 403, as Zendesk answers plan-gated features (exact body Unsure). */
export function labelsRefused(): ApiError {
  return new ApiError(403, {error: 'Forbidden', description: 'Article labels are not available on your plan. Upgrade to Guide Professional or Enterprise to use labels.'});
}

export function registerHelpCenterWrites(api: ApiRegistrar, store: ZendeskStore, now: () => number, isAgent: (id: unknown) => boolean) {
  const stamp = () => isoSeconds(now());
  const idParam = (request: EmulatorRequest) => Number(request.params.id);
  // ---- Help Center: categories, sections, articles (Guide managers; here: admins)
  const named = (input: Body, field: string, label: string) => {
    if (typeof input[field] !== 'string' || !input[field].trim()) throw recordInvalid({[field]: [`${label}: cannot be blank`]});
  };
  api(
    'POST',
    '/api/v2/help_center/categories',
    (request) => {
      const input = bodyOf(request, 'category');
      named(input, 'name', 'Name');
      const at = stamp();
      const category: ZdCategory = {id: store.nextId('hc'), name: input.name, description: input.description ?? '', locale: input.locale ?? store.locale, source_locale: input.locale ?? store.locale, position: input.position ?? 0, created_at: at, updated_at: at};
      store.categories.set(category.id, category);
      return created({category});
    },
    {admin: true},
  );
  api(
    'POST',
    '/api/v2/help_center/categories/:id/sections',
    (request) => {
      if (!store.categories.has(idParam(request))) throw notFound();
      const input = bodyOf(request, 'section');
      named(input, 'name', 'Name');
      const at = stamp();
      const section: ZdSection = {id: store.nextId('hc'), category_id: idParam(request), name: input.name, description: input.description ?? '', locale: input.locale ?? store.locale, source_locale: input.locale ?? store.locale, position: input.position ?? 0, created_at: at, updated_at: at};
      store.sections.set(section.id, section);
      return created({section});
    },
    {admin: true},
  );
  function validateArticle(input: Body, creating: boolean) {
    const details: Record<string, string[]> = {};
    if (creating && (typeof input.title !== 'string' || !input.title.trim())) add(details, 'title', 'Title: cannot be blank');
    if (creating && (input.permission_group_id === undefined || input.permission_group_id === null)) add(details, 'permission_group_id', "Permission group: can't be blank");
    else if (input.permission_group_id !== undefined && !store.permissionGroups.has(Number(input.permission_group_id))) add(details, 'permission_group_id', 'Permission group: is invalid');
    if (input.author_id !== undefined && !isAgent(input.author_id)) add(details, 'author_id', 'Author: must be an agent');
    check(details);
  }
  api(
    'POST',
    '/api/v2/help_center/sections/:id/articles',
    (request, caller) => {
      if (!store.sections.has(idParam(request))) throw notFound();
      const input = bodyOf(request, 'article');
      if ((input.label_names ?? []).length && !store.labelsAvailable) throw labelsRefused();
      validateArticle(input, true);
      const at = stamp();
      const article: ZdArticle = {
        id: store.nextId('hc'),
        section_id: idParam(request),
        title: input.title,
        body: input.body ?? '',
        author_id: input.author_id ? Number(input.author_id) : caller.user.id,
        draft: !!input.draft,
        label_names: input.label_names ?? [],
        locale: input.locale ?? store.locale,
        source_locale: input.locale ?? store.locale,
        permission_group_id: Number(input.permission_group_id),
        user_segment_id: input.user_segment_id ?? null,
        created_at: at,
        updated_at: at,
      };
      store.articles.set(article.id, article);
      return created({article});
    },
    {admin: true},
  );
  api(
    'PUT',
    '/api/v2/help_center/articles/:id',
    (request) => {
      const article = store.articles.get(idParam(request));
      if (!article) throw notFound();
      const input = bodyOf(request, 'article');
      if ((input.label_names ?? []).length && !store.labelsAvailable) throw labelsRefused();
      validateArticle(input, false);
      Object.assign(article, pick(input, ['author_id', 'label_names', 'section_id', 'permission_group_id', 'user_segment_id']), {updated_at: stamp()});
      return ok({article});
    },
    {admin: true},
  );
  // Titles and bodies live in translations.
  api(
    'PUT',
    '/api/v2/help_center/:kind/:id/translations/:locale',
    (request) => {
      const input = bodyOf(request, 'translation');
      const kind = request.params.kind;
      const item = kind === 'articles' ? store.articles.get(idParam(request)) : kind === 'categories' ? store.categories.get(idParam(request)) : kind === 'sections' ? store.sections.get(idParam(request)) : undefined;
      if (!item || request.params.locale !== store.locale) throw notFound();
      if (input.title !== undefined && !String(input.title).trim()) throw recordInvalid({title: ['Title: cannot be blank']});
      if (kind === 'articles') Object.assign(item, pick(input, ['title', 'body', 'draft']));
      else Object.assign(item, input.title !== undefined ? {name: input.title} : {}, input.body !== undefined ? {description: input.body} : {});
      item.updated_at = stamp();
      return ok({translation: {locale: store.locale, title: input.title, body: input.body, updated_at: item.updated_at}});
    },
    {admin: true},
  );
}
