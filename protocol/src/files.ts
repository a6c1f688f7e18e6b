import { z } from 'zod';
import { Id } from './common.js';

/** image: shown inline (a display version and a thumbnail); document: offered for download. */
export const AttachmentKind = z.enum(['image', 'document']);
export type AttachmentKind = z.infer<typeof AttachmentKind>;

/**
 * A file sent in a conversation. `GET /api/files/:id` serves the original; images also have
 * `/display` (longest side 2048 px, WebP, metadata stripped) and `/thumbnail`.
 */
export const Attachment = z.object({
  id: Id,
  /** The name it was uploaded with (for the download); the type is decided from its bytes, not this. */
  name: z.string(),
  size: z.number().int().nonnegative(),
  mime: z.string(),
  kind: AttachmentKind,
  width: z.number().int().positive().optional(),
  height: z.number().int().positive().optional(),
  hasDisplay: z.boolean(),
  hasThumbnail: z.boolean(),
});
export type Attachment = z.infer<typeof Attachment>;

/** Uploaded files to send with one message (`SendMessage.fileIds`, `VisitorSend.fileIds`). */
export const FileIds = z.array(Id).min(1).max(10);

/** The answer to an upload: the stored files, in the order they were sent. */
export const UploadedFiles = z.object({ files: z.array(Attachment) });
export type UploadedFiles = z.infer<typeof UploadedFiles>;

/** What may be sent, by detected type; clients use it for the file picker and to refuse early. */
export const ACCEPTED_FILE_TYPES = {
  'application/pdf': ['pdf'],
  'application/msword': ['doc'],
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': ['docx'],
  'application/vnd.ms-powerpoint': ['ppt'],
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': ['pptx'],
  'application/vnd.ms-excel': ['xls'],
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': ['xlsx'],
  'text/plain': ['txt'],
  'application/rtf': ['rtf'],
  'image/jpeg': ['jpg', 'jpeg'],
  'image/png': ['png'],
  'image/gif': ['gif'],
  'image/bmp': ['bmp'],
  'image/webp': ['webp'],
  'image/tiff': ['tif', 'tiff'],
  'image/heic': ['heic'],
  'image/heif': ['heif'],
} as const satisfies Record<string, readonly string[]>;

/** For `<input type=file accept=…>`. */
export const ACCEPT_ATTRIBUTE = Object.values(ACCEPTED_FILE_TYPES)
  .flat()
  .map((ext) => `.${ext}`)
  .join(',');

export const DEFAULT_MAX_UPLOAD_BYTES = 25 * 1024 * 1024;
