// Help Center articles on a Zendesk target, with a marker that survives plans without labels.
// "Article labels are only available on the Professional and Enterprise plans"
// (developer.zendesk.com/api-reference/help_center/help-center-api/article_labels/), so the
// marker is written twice: as a hidden HTML comment at the end of the body (every plan) and as
// a "ferry:<key>" label where the plan has labels. A plan that refuses label_names (403, or a
// 422 naming labels) is remembered and the article is written without them.
// The article's own PUT does not take `draft` ("Can be set when creating but not when
// updating. For updating, see Translations", articles reference): the translation carries it.
import type {WriteContext} from '../../source/contracts/connector.js';
import {HttpRecordError} from '../../source/contracts/errors.js';
import type {HttpClient} from '../../source/contracts/http.js';
import type {Id, KbArticle} from '../../source/contracts/model.js';
import {articleBody} from './api-bodies.js';
import {bodyMarker, markerLabel, type ZdArticle} from './api-shapes.js';
import {cursorPages} from './paging.js';
import {ENDPOINT} from './source-session.js';

export function articleWriter(http: HttpClient, helpCenter: () => Promise<{locale: string; permissionGroupId: number}>) {
  /** Unknown until the account answers a write with labels. */
  let labels: boolean | undefined;
  const LABELS_LACKING = 'Help Center article labels are not on the target plan: the article marker is kept in a hidden comment of the body instead';

  function refusesLabels(status: number, body: unknown): boolean {
    return status === 403 || (status === 422 && /label/i.test(JSON.stringify(body)));
  }

  /** A write with labels, again without them when the plan refuses them. */
  async function withLabels<T>(send: (useLabels: boolean) => Promise<{status: number; body: T}>, context: WriteContext): Promise<T> {
    if (labels !== false) {
      const answer = await send(true);
      if (!refusesLabels(answer.status, answer.body)) {
        labels = true;
        return answer.body;
      }
      labels = false;
    }
    context.note(LABELS_LACKING);
    const answer = await send(false);
    // Without labels the same refusal is a real one (Help Center off or no Guide rights).
    if (answer.status >= 400) throw new HttpRecordError(`Zendesk answered ${answer.status} to the article write`, answer.status, answer.body);
    return answer.body;
  }

  async function create(article: KbArticle, context: WriteContext): Promise<Id> {
    const {locale, permissionGroupId} = await helpCenter();
    const body = await withLabels(async (useLabels) => {
      const json = articleBody(article, locale, permissionGroupId, context.sourceKey, useLabels);
      const response = await http.request<{article: ZdArticle}>({method: 'POST', url: `/api/v2/help_center/sections/${article.sectionId}/articles.json`, json, endpoint: ENDPOINT.helpCenter, what: `article ${article.title}`, accept: useLabels ? [403, 422] : []});
      return response;
    }, context);
    // Help Center keeps its own article dates, for every article: a platform limitation (limits.neverKeeps), said once.
    return String(body.article.id);
  }

  async function update(targetId: Id, article: KbArticle, context: WriteContext) {
    const {locale} = await helpCenter();
    await withLabels(async (useLabels) => {
      const json = {article: {...(useLabels ? {label_names: [...article.tags, markerLabel(context.sourceKey)]} : {}), ...(article.authorId ? {author_id: Number(article.authorId)} : {})}, notify_subscribers: false};
      return http.request({method: 'PUT', url: `/api/v2/help_center/articles/${targetId}.json`, json, endpoint: ENDPOINT.helpCenter, what: `article ${targetId}`, accept: useLabels ? [403, 422] : []});
    }, context);
    const translation = {title: article.title, body: article.body + bodyMarker(context.sourceKey), draft: article.draft};
    await http.request({method: 'PUT', url: `/api/v2/help_center/articles/${targetId}/translations/${locale}.json`, json: {translation}, endpoint: ENDPOINT.helpCenter, what: `article ${targetId}`});
  }

  /** By label where the plan has labels, else (or when not found) by the body marker. */
  async function findByMarker(sourceKey: string): Promise<Id | undefined> {
    if (labels !== false) {
      const label = markerLabel(sourceKey);
      const response = await http.request<{articles?: ZdArticle[]}>({method: 'GET', url: '/api/v2/help_center/articles.json', searchParams: {label_names: label}, endpoint: ENDPOINT.helpCenter, accept: [400, 403, 422]});
      const found = response.status === 200 ? response.body.articles?.find((article) => article.label_names.includes(label)) : undefined;
      if (found) return String(found.id);
      // Labels that work and found nothing: the article was not created.
      if (response.status === 200 && labels === true) return undefined;
    }
    const marker = bodyMarker(sourceKey);
    for await (const page of cursorPages<ZdArticle>(http, {url: '/api/v2/help_center/articles.json', key: 'articles', endpoint: ENDPOINT.helpCenter, what: 'articles'})) {
      const found = page.items.find((article) => (article.body ?? '').includes(marker));
      if (found) return String(found.id);
    }
    return undefined;
  }

  return {create, update, findByMarker};
}
