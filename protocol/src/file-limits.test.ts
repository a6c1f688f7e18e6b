import { describe, expect, it } from 'vitest';
import type { ChannelFileLimits } from './channel-core.js';
import { fileRefusal } from './file-limits.js';

const MB = 1024 * 1024;
const whatsapp: ChannelFileLimits = {
  maxFiles: null,
  maxTotalBytes: null,
  types: [
    { mimes: ['image/jpeg', 'image/png'], maxBytes: 5 * MB },
    { mimes: ['application/pdf', 'text/plain'], maxBytes: 100 * MB },
  ],
};
const sms: ChannelFileLimits = { maxFiles: 10, maxTotalBytes: 5 * MB, types: null };
const messenger: ChannelFileLimits = { maxFiles: null, maxTotalBytes: null, types: [{ mimes: ['*/*'], maxBytes: 25 * MB }] };
const images: ChannelFileLimits = { maxFiles: null, maxTotalBytes: null, types: [{ mimes: ['image/*'], maxBytes: MB }] };

describe('whether a channel can carry a file', () => {
  it.each([
    ['a photo on WhatsApp', { type: 'image/jpeg', size: 2 * MB }, whatsapp, null],
    ['a 6 MB photo on WhatsApp', { type: 'image/png', size: 6 * MB }, whatsapp, { reason: 'size', maxBytes: 5 * MB }],
    ['a GIF on WhatsApp', { type: 'image/gif', size: 1000 }, whatsapp, { reason: 'type' }],
    ['a 50 MB PDF on WhatsApp', { type: 'application/pdf', size: 50 * MB }, whatsapp, null],
    ['a 4 MB PDF by SMS', { type: 'application/pdf', size: 4 * MB }, sms, null],
    ['a 6 MB photo by SMS (5 MB per message)', { type: 'image/jpeg', size: 6 * MB }, sms, { reason: 'size', maxBytes: 5 * MB }],
    ['a 30 MB video on Messenger', { type: 'video/mp4', size: 30 * MB }, messenger, { reason: 'size', maxBytes: 25 * MB }],
    ['a file of unknown type on Messenger', { type: '', size: MB }, messenger, null],
    ['a PNG where any image goes', { type: 'IMAGE/PNG', size: 1000 }, images, null],
    ['a PDF where only images go', { type: 'application/pdf', size: 1000 }, images, { reason: 'type' }],
    ['anything on live chat', { type: 'application/x-msdownload', size: 900 * MB }, null, null],
  ] as const)('%s', (_, file, limits, expected) => {
    expect(fileRefusal(file, limits)).toEqual(expected);
  });
});
