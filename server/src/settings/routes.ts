import multipart from '@fastify/multipart';
import { CUSTOM_SOUND_MAX_BYTES, ChatSettings, ChatSettingsInput, OrgSettings, OrgSettingsInput } from '@switchboard/protocol';
import { AppError, errors } from '../http/errors.js';
import type { App } from '../http/types.js';
import { tooLarge, type SettingsService } from './service.js';

export function settingsRoutes(app: App, settings: SettingsService): void {
  app.get('/api/settings/org', { schema: { response: { 200: OrgSettings } } }, () => settings.org());

  app.put('/api/settings/org', { schema: { body: OrgSettingsInput, response: { 200: OrgSettings } } }, (request) =>
    settings.updateOrg(request.actor, request.body),
  );

  app.get('/api/me/settings/chat', { schema: { response: { 200: ChatSettings } } }, (request) => settings.chat(request.actor));

  app.put('/api/me/settings/chat', { schema: { body: ChatSettingsInput, response: { 200: ChatSettings } } }, (request) =>
    settings.updateChat(request.actor, request.body),
  );

  app.delete('/api/me/settings/chat/sound', { schema: { response: { 200: ChatSettings } } }, (request) => settings.removeSound(request.actor));

  /** The custom sound, as the type its content was detected as; never sniffed into anything else. */
  app.get('/api/me/settings/chat/sound', { schema: { hide: true } }, async (request, reply) => {
    const file = await settings.soundFile(request.actor);
    return reply
      .header('Content-Type', file.type)
      .header('X-Content-Type-Options', 'nosniff')
      .header('Content-Disposition', 'inline')
      .header('Cache-Control', 'private, no-cache')
      .send(file.data);
  });

  // Multipart in a scope of its own, unless the app already reads it (another feature may register it app-wide).
  void app.register(async (scope) => {
    if (!scope.hasContentTypeParser('multipart/form-data')) await scope.register(multipart);
    scope.post('/api/me/settings/chat/sound', { schema: { consumes: ['multipart/form-data'], response: { 200: ChatSettings } } }, async (request) => {
      if (!request.isMultipart()) throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'Send the sound as multipart/form-data, field "file"');
      const part = await request.file({ limits: { fileSize: CUSTOM_SOUND_MAX_BYTES, files: 1 } });
      if (!part) throw errors.validation('file: attach a sound file');
      let data: Buffer;
      try {
        data = await part.toBuffer();
      } catch (err) {
        if ((err as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw tooLarge();
        throw err;
      }
      return settings.uploadSound(request.actor, part.filename, data);
    });
  });
}
