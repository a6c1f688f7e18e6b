import { describe, expect, it } from 'vitest';
import { type LinkSegment, splitLinks } from './links.js';

const link = (text: string, href = text): LinkSegment => ({ kind: 'link', text, href });
const text = (t: string): LinkSegment => ({ kind: 'text', text: t });

describe('links in a message, as the agent and the visitor see them', () => {
  it.each<[string, LinkSegment[]]>([
    ['see https://x.org/a.', [text('see '), link('https://x.org/a'), text('.')]],
    ['http://x.org, then', [link('http://x.org'), text(', then')]],
    ['(see https://x.org/docs)', [text('(see '), link('https://x.org/docs'), text(')')]],
    ['https://en.wikipedia.org/wiki/Foo_(bar) ok', [link('https://en.wikipedia.org/wiki/Foo_(bar)'), text(' ok')]],
    ['go to www.example.com!', [text('go to '), link('www.example.com', 'https://www.example.com'), text('!')]],
    ['write to anna@example.org.', [text('write to '), link('anna@example.org', 'mailto:anna@example.org'), text('.')]],
    ['mailto:anna@example.org', [link('mailto:anna@example.org')]],
    ['HTTPS://X.ORG/Path?q=1#top', [link('HTTPS://X.ORG/Path?q=1#top')]],
    ['a https://a.org b https://b.org', [text('a '), link('https://a.org'), text(' b '), link('https://b.org')]],
  ])('links %j', (input, expected) => {
    expect(splitLinks(input)).toEqual(expected);
  });

  it.each([
    'javascript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'ftp://files.example.org',
    'file:///etc/passwd',
    'https://',
    'mailto:',
    'no links here',
    'xhttps://x.org',
    'version 1.2.3',
  ])('leaves %j as plain text', (input) => {
    expect(splitLinks(input)).toEqual([text(input)]);
  });

  it('never links a javascript: address, even one carrying a web address', () => {
    const hrefs = splitLinks("javascript:alert('https://x.org')").flatMap((s) => (s.kind === 'link' ? [s.href] : []));
    expect(hrefs).toEqual(['https://x.org']);
  });

  it('keeps the whole text, so nothing the sender wrote is lost', () => {
    const input = 'Hi (https://x.org/a), mail bob@x.de or www.x.de.';
    expect(
      splitLinks(input)
        .map((s) => s.text)
        .join(''),
    ).toBe(input);
  });
});
