import type { Config } from '../config.js';

/** The server's own WebSocket origin, for connect-src: not every browser counts ws(s) as 'self' yet. */
function socketOrigin(publicUrl: string): string {
  const url = new URL(publicUrl);
  return `${url.protocol === 'https:' ? 'wss:' : 'ws:'}//${url.host}`;
}

const policy = (directives: Record<string, string>) =>
  Object.entries(directives)
    .map(([name, value]) => `${name} ${value}`)
    .join('; ');

/**
 * The web client: only our own scripts, styles and connections (Vite builds external files; React sets
 * styles through the DOM, which style-src does not govern), never framed. data:/blob: images and media
 * are the notification icon and a custom sound previewed before it is uploaded.
 */
export function webClientHeaders(config: Config): Record<string, string> {
  return {
    'content-security-policy': policy({
      'default-src': "'self'",
      'script-src': "'self'",
      'style-src': "'self'",
      'img-src': "'self' data: blob:",
      'media-src': "'self' data: blob:",
      'connect-src': `'self' ${socketOrigin(config.publicUrl)}`,
      'object-src': "'none'",
      'base-uri': "'none'",
      'form-action': "'self'",
      'frame-ancestors': "'none'",
    }),
    'x-frame-options': 'DENY',
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'same-origin',
  };
}

/**
 * The /demo page stands for a customer's website: its own inline styles, and the widget, which puts
 * its stylesheet in a <style> of its shadow root. Still no inline script, plugins or framing.
 */
export function demoPageHeaders(config: Config): Record<string, string> {
  return {
    ...webClientHeaders(config),
    'content-security-policy': policy({
      'default-src': "'self'",
      'script-src': "'self'",
      'style-src': "'self' 'unsafe-inline'",
      'img-src': "'self' data: blob:",
      'connect-src': `'self' ${socketOrigin(config.publicUrl)}`,
      'object-src': "'none'",
      'base-uri': "'none'",
      'frame-ancestors': "'none'",
    }),
  };
}

/** The widget script runs on other sites: it may be loaded from anywhere, but never sniffed into anything else. */
export const widgetScriptHeaders: Record<string, string> = {
  'x-content-type-options': 'nosniff',
  'cross-origin-resource-policy': 'cross-origin',
};
