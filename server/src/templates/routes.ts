import {
  IdParam,
  Ok,
  Template,
  TemplateCategory,
  TemplateCategoryInput,
  TemplateCategoryList,
  TemplateCategoryQuery,
  TemplateCategoryRename,
  TemplateGroupList,
  TemplateInput,
  TemplateList,
  TemplateQuery,
} from '@switchboard/protocol';
import type { App } from '../http/types.js';
import type { TemplatesService } from './service.js';

export function templatesRoutes(app: App, templates: TemplatesService): void {
  app.get('/api/template-groups', { schema: { response: { 200: TemplateGroupList } } }, async (request) => ({
    groups: await templates.groups(request.actor),
  }));

  app.get('/api/templates', { schema: { querystring: TemplateQuery, response: { 200: TemplateList } } }, async (request) => ({
    templates: await templates.list(request.actor, request.query),
  }));

  app.post('/api/templates', { schema: { body: TemplateInput, response: { 201: Template } } }, async (request, reply) =>
    reply.status(201).send(await templates.create(request.actor, request.body)),
  );

  app.put('/api/templates/:id', { schema: { params: IdParam, body: TemplateInput, response: { 200: Template } } }, (request) =>
    templates.update(request.actor, request.params.id, request.body),
  );

  app.delete('/api/templates/:id', { schema: { params: IdParam, response: { 200: Ok } } }, async (request) => {
    await templates.remove(request.actor, request.params.id);
    return { ok: true as const };
  });

  app.get('/api/template-categories', { schema: { querystring: TemplateCategoryQuery, response: { 200: TemplateCategoryList } } }, async (request) => ({
    categories: await templates.categories(request.actor, request.query.groupId),
  }));

  app.post('/api/template-categories', { schema: { body: TemplateCategoryInput, response: { 201: TemplateCategory } } }, async (request, reply) =>
    reply.status(201).send(await templates.createCategory(request.actor, request.body.groupId, request.body.name)),
  );

  app.put('/api/template-categories/:id', { schema: { params: IdParam, body: TemplateCategoryRename, response: { 200: TemplateCategory } } }, (request) =>
    templates.renameCategory(request.actor, request.params.id, request.body.name),
  );

  app.delete('/api/template-categories/:id', { schema: { params: IdParam, response: { 200: Ok } } }, async (request) => {
    await templates.removeCategory(request.actor, request.params.id);
    return { ok: true as const };
  });
}
