import type { Db } from '../db/database.js';
import { errors } from '../http/errors.js';
import type { App } from '../http/types.js';
import type { FilesService } from '../files/service.js';
import { fileStorage } from '../files/storage.js';
import type { MediaLinks } from './media-links.js';

/**
 * `GET /media/:token`: a file we send by link (MMS), for the provider to fetch. Public by design: the
 * signed, expiring token is the permission. A forged or expired token is a plain 404.
 */
export function mediaLinkRoutes(app: App, links: MediaLinks, files: FilesService, db: Db): void {
  app.get('/media/:token', { config: { public: true }, schema: { hide: true } }, async (request, reply) => {
    const { token } = request.params as { token: string };
    const fileId = links.verify(token);
    const row = fileId === undefined ? undefined : await fileStorage.byId(db, fileId);
    if (!row) throw errors.notFound('Media');
    return reply
      .header('cache-control', 'private, no-store')
      .header('x-content-type-options', 'nosniff')
      .type(row.mime)
      .send(await files.openOriginal(row.id));
  });
}
