// What arrives from the fediverse before and after Fedify: the host a
// delivery's signature names (its rate-limit bucket), which paths are inboxes,
// and a reply's HTML made as safe as a visitor's comment.
import { describe, expect, it } from 'vitest';
import { claimedSenderHost, isInboxPath } from '../../src/lib/federation/inbox-limit.ts';
import { sanitizeCommentHtml } from '../../src/lib/markdown/markdown.ts';

describe('inbox deliveries', () => {
  it('reads the sender host from a draft-cavage Signature or an RFC 9421 Signature-Input', () => {
    const cavage = new Headers({
      signature: 'keyId="https://Social.Example/users/alice#main-key",algorithm="rsa-sha256",signature="x"',
    });
    expect(claimedSenderHost(cavage)).toBe('social.example');
    const rfc9421 = new Headers({
      'signature-input': 'sig1=("@method" "@target-uri");keyid="https://other.example:8443/users/bob#key";created=1',
    });
    expect(claimedSenderHost(rfc9421)).toBe('other.example:8443');
    expect(claimedSenderHost(new Headers())).toBe(null);
    expect(claimedSenderHost(new Headers({ signature: 'keyId="not a url"' }))).toBe(null);
  });

  it('knows the shared inbox and each actor’s inbox, and nothing else', () => {
    expect(isInboxPath('/ap/inbox')).toBe(true);
    expect(isInboxPath('/ap/actors/blog/inbox')).toBe(true);
    expect(isInboxPath('/ap/actors/wishes/inbox')).toBe(true);
    expect(isInboxPath('/ap/actors/blog/outbox')).toBe(false);
    expect(isInboxPath('/ap/actors/blog/inbox/x')).toBe(false);
  });
});

describe("a reply's HTML", () => {
  it('keeps formatting and links (nofollow) and drops images, scripts, styles, classes and unsafe links', () => {
    const html = sanitizeCommentHtml(
      '<p class="x" style="color:red"><span class="h-card"><a href="https://a.example/@b" class="mention">@b</a></span> <strong>hi</strong><img src="https://e.example/i.png"><script>alert(1)</script><a href="javascript:alert(2)">x</a><iframe src="https://e.example"></iframe></p>',
    );
    expect(html).toBe(
      '<p><a href="https://a.example/@b" rel="nofollow ugc noopener">@b</a> <strong>hi</strong><a rel="nofollow ugc noopener">x</a></p>',
    );
  });
});
