import { describe, expect, it } from 'vitest';
import {
  composeMail,
  fillSiteName,
  oneLine,
  personalise,
  LINK_SLOT,
  SITE_NAME_SLOT,
} from '../../src/lib/mail/compose.ts';
import { signWith, verifyWith } from '../../src/lib/mail/tokens.ts';
import { classifyFailure, retryDelaySeconds, senderOf } from '../../src/lib/mail/worker.ts';

const context = { siteUrl: 'https://wishes.example.org/blog', siteTimezone: 'UTC', moderationBatchMinutes: 15 };

describe('composing mail', () => {
  it('escapes plain text in the HTML part and keeps it readable in the text part', () => {
    const mail = composeMail(
      context,
      {
        subject: 'Eve <b>"x"</b>\r\nBcc: victim@example.org replied',
        paragraphs: ['Eve <img src=x onerror=alert(1)> & co replied'],
        action: { label: 'Read it', url: 'https://wishes.example.org/blog/posts/a?x=1&y=2#comment-3' },
        reason: 'Because.',
      },
      'https://wishes.example.org/blog/unsubscribe?token=abc',
    );
    expect(mail.subject).toBe('Eve <b>"x"</b> Bcc: victim@example.org replied');
    expect(mail.html).toContain('Eve &lt;img src=x onerror=alert(1)&gt; &amp; co replied');
    expect(mail.html).not.toMatch(/<img|<script/);
    expect(mail.html).toContain('href="https://wishes.example.org/blog/posts/a?x=1&amp;y=2#comment-3"');
    expect(mail.text).toContain('Eve <img src=x onerror=alert(1)> & co replied');
    expect(mail.text).toContain('Stop these emails: https://wishes.example.org/blog/unsubscribe?token=abc');
    expect(mail.headers).toMatchObject({
      'List-Unsubscribe': '<https://wishes.example.org/blog/unsubscribe?token=abc>',
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    });
    expect(mail.messageId).toMatch(/^<[0-9a-f-]{36}@wishes\.example\.org>$/);
  });

  it('leaves account mail without unsubscribe headers', () => {
    const mail = composeMail(context, { subject: 'Reset', paragraphs: [], reason: 'r' }, null);
    expect(mail.headers['List-Unsubscribe']).toBeUndefined();
    expect(mail.text).not.toContain('Stop these emails');
  });

  it('fills one template per recipient with their own link and Message-ID', () => {
    const template = composeMail(context, { subject: 'Board', paragraphs: ['Open'], reason: 'r' }, LINK_SLOT);
    const a = personalise(template, context, 'https://w.example/unsubscribe?token=a&b');
    const b = personalise(template, context, 'https://w.example/unsubscribe?token=b');
    expect(a.headers['List-Unsubscribe']).toBe('<https://w.example/unsubscribe?token=a&b>');
    expect(a.html).toContain('href="https://w.example/unsubscribe?token=a&amp;b"');
    expect(a.text).not.toContain(LINK_SLOT);
    expect(a.messageId).not.toBe(b.messageId);
  });

  it('cuts long subjects', () => {
    expect(oneLine('x'.repeat(300))).toHaveLength(150);
  });
});

describe('signed unsubscribe tokens', () => {
  const key = Buffer.alloc(32, 7);
  it('round-trips and refuses any change', () => {
    const token = signWith(key, { recipient: 'u:123', kind: 'digest' });
    expect(verifyWith(key, token)).toEqual({ recipient: 'u:123', kind: 'digest' });
    const [payload, mac] = token.split('.');
    const other = Buffer.from(JSON.stringify(['u:124', 'digest'])).toString('base64url');
    expect(verifyWith(key, `${other}.${mac}`)).toBeNull();
    expect(verifyWith(key, `${payload}.${mac}x`)).toBeNull();
    expect(verifyWith(Buffer.alloc(32, 8), token)).toBeNull();
    expect(verifyWith(key, 'garbage')).toBeNull();
  });
});

describe('SMTP failures', () => {
  it('retries 4xx and connection errors, gives up on 5xx', () => {
    expect(classifyFailure({ responseCode: 451, response: '451 4.7.1 Greylisted' })).toEqual({
      temporary: true,
      reason: '451 4.7.1 Greylisted',
    });
    expect(classifyFailure({ responseCode: 550, response: '550 No such user' }).temporary).toBe(false);
    expect(classifyFailure({ code: 'ECONNECTION', message: 'connect ECONNREFUSED' })).toEqual({
      temporary: true,
      reason: 'ECONNECTION: connect ECONNREFUSED',
    });
    // A refused login is the relay's configuration, not the message: worth retrying once fixed.
    expect(classifyFailure({ code: 'EAUTH', responseCode: 535, response: '535 Bad login' }).temporary).toBe(true);
  });

  it('backs off exponentially up to a ceiling', () => {
    const o = { backoffSeconds: 60, maxBackoffSeconds: 3600 };
    expect([1, 2, 3, 4, 7, 20].map((n) => retryDelaySeconds(n, o))).toEqual([60, 120, 240, 480, 3600, 3600]);
  });
});

describe("the site's name in mail", () => {
  it('signs every mail with the site name and address, filled in with the name of the moment', () => {
    const mail = composeMail(
      context,
      { subject: `News from ${SITE_NAME_SLOT}`, paragraphs: ['Hi'], reason: 'R.' },
      null,
    );
    const filled = fillSiteName(mail, 'Tom & <Jerry>');
    expect(filled.subject).toBe('News from Tom & <Jerry>');
    expect(filled.text).toContain('-- \nTom & <Jerry> · https://wishes.example.org/blog\nR.');
    expect(filled.html).toContain('>Tom &amp; &lt;Jerry&gt;</a>');
    expect(filled.html).not.toContain('<Jerry>');
    expect(`${filled.subject}${filled.text}${filled.html}`).not.toContain(SITE_NAME_SLOT);
  });

  it('sends a bare MAIL_FROM under the site name and keeps one that names its sender', () => {
    expect(senderOf('hello@example.org', 'Krista\r\nBcc: x@y.org')).toEqual({
      name: 'Krista Bcc: x@y.org',
      address: 'hello@example.org',
    });
    expect(senderOf('Desk <hello@example.org>', 'Krista')).toBe('Desk <hello@example.org>');
  });
});
