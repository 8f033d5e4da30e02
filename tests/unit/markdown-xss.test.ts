// Every rendering policy (strict: comments, wishes, offers; post: the author's
// posts) fed known XSS vectors and random input: nothing executable, no
// event handler, no javascript:/data: URL, no frame, object, embed, base, meta
// or style may ever come out.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { renderMarkdown, type MarkdownPolicy, type ResponsiveImage } from '../../src/lib/markdown/markdown.ts';

const STRICT_ALLOWED: Record<string, string[]> = {
  p: [],
  br: [],
  em: [],
  strong: [],
  del: [],
  a: ['href', 'title', 'rel'],
  code: ['class'],
  pre: [],
  blockquote: [],
  ul: [],
  ol: ['start'],
  li: [],
};

const POST_ALLOWED: Record<string, string[]> = {
  ...STRICT_ALLOWED,
  ...Object.fromEntries(
    ['h2', 'h3', 'h4', 'h5', 'h6', 'hr', 'table', 'thead', 'tbody', 'tr', 'sup', 'sub', 'figure', 'figcaption'].map(
      (t) => [t, []],
    ),
  ),
  th: ['align'],
  td: ['align'],
  img: ['src', 'srcset', 'sizes', 'alt', 'title', 'width', 'height', 'loading', 'decoding'],
  picture: [],
  source: ['type', 'srcset', 'sizes'],
};
const MEDIA_URL = /^\/media\/[0-9a-f]{32}\.(avif|webp|jpg|png)$/;

const ALLOWED: Record<MarkdownPolicy, Record<string, string[]>> = { strict: STRICT_ALLOWED, post: POST_ALLOWED };
// eslint-disable-next-line no-control-regex -- these are what browsers skip in a URL's scheme
const INVISIBLE = /[\u0000-\u0020\u007f-\u009f]/g;
const FORBIDDEN_TAGS = ['script', 'iframe', 'object', 'embed', 'base', 'meta', 'style', 'link', 'svg', 'math', 'form'];

interface Tag {
  name: string;
  attributes: [string, string][];
}

/** Every tag in the output. sanitize-html escapes `<` in text, so each `<` must open a well-formed tag. */
function tagsOf(html: string): Tag[] {
  const tags: Tag[] = [];
  const tagPattern = /<\/?([a-zA-Z][a-zA-Z0-9]*)((?:\s+[^\s"'<>/=]+(?:="[^"]*")?)*)\s*\/?>/g;
  let consumed = 0;
  for (const match of html.matchAll(tagPattern)) {
    consumed++;
    const attributes = [...match[2]!.matchAll(/\s+([^\s"'<>/=]+)(?:="([^"]*)")?/g)].map(
      (a) => [a[1]!.toLowerCase(), a[2] ?? ''] as [string, string],
    );
    tags.push({ name: match[1]!.toLowerCase(), attributes });
  }
  expect(consumed, `stray "<" in ${html}`).toBe((html.match(/</g) ?? []).length);
  return tags;
}

function decode(value: string): string {
  return value
    .replace(/&#x([0-9a-f]+);?/gi, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16)))
    .replace(/&#(\d+);?/g, (_, dec: string) => String.fromCodePoint(Number(dec)))
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

function assertSafe(input: string, policy: MarkdownPolicy): void {
  assertSafeHtml(renderMarkdown(input, policy), policy);
}

function assertSafeHtml(html: string, policy: MarkdownPolicy): void {
  const allowed = ALLOWED[policy];
  expect(html).not.toMatch(/<script/i);
  for (const tag of tagsOf(html)) {
    expect(FORBIDDEN_TAGS).not.toContain(tag.name);
    if (policy === 'strict') expect(tag.name).not.toBe('img');
    expect(Object.keys(allowed), `tag <${tag.name}> in ${html}`).toContain(tag.name);
    for (const [name, value] of tag.attributes) {
      expect(name).not.toMatch(/^on/);
      expect(name).not.toBe('style');
      expect(allowed[tag.name], `attribute ${name} on <${tag.name}>`).toContain(name);
      // Browsers ignore whitespace and control characters inside a scheme.
      const url = decode(value).replace(INVISIBLE, '').toLowerCase();
      expect(url).not.toMatch(/^(javascript|data|vbscript|file):/);
      if (name === 'href' && /^[a-z][a-z0-9+.-]*:/.test(url)) expect(url).toMatch(/^(https?|mailto):/);
      if (name === 'src' && /^[a-z][a-z0-9+.-]*:/.test(url)) expect(url).toMatch(/^https?:/);
      if (name === 'src' || name === 'href') expect(url).not.toMatch(/^\/\//);
      if (policy === 'strict' && tag.name === 'a' && name === 'rel') expect(value).toBe('nofollow ugc noopener');
      // Responsive images may only list our own uploads.
      if (name === 'srcset') {
        for (const candidate of decode(value).split(',')) expect(candidate.trim().split(/\s+/)[0]).toMatch(MEDIA_URL);
      }
      if (tag.name === 'source' && name === 'type') expect(['image/avif', 'image/webp']).toContain(value);
    }
  }
}

// From the OWASP XSS filter evasion cheat sheet, HTML5 Security Cheatsheet and Markdown-specific tricks.
const VECTORS = [
  '<script>alert(1)</script>',
  '<SCRIPT SRC=https://xss.example/xss.js></SCRIPT>',
  '<scr<script>ipt>alert(1)</scr</script>ipt>',
  '<img src=x onerror=alert(1)>',
  '<IMG SRC="javascript:alert(\'XSS\');">',
  '<IMG SRC=JaVaScRiPt:alert(1)>',
  '<IMG SRC=&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;&#97;&#108;&#101;&#114;&#116;&#40;&#39;&#88;&#83;&#83;&#39;&#41;>',
  '<IMG SRC="jav&#x09;ascript:alert(1);">',
  '<svg/onload=alert(1)>',
  '<svg><script>alert(1)</script></svg>',
  '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
  '<body onload=alert(1)>',
  '<iframe src="javascript:alert(1)"></iframe>',
  '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
  '<object data="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=="></object>',
  '<embed src="https://xss.example/x.swf">',
  '<base href="javascript:alert(1)//">',
  '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
  '<style>@import "https://xss.example/x.css";</style>',
  '<div style="background:url(javascript:alert(1))">x</div>',
  '<a href="javascript:alert(1)">click</a>',
  '<a href="JAVASCRIPT:alert(1)">click</a>',
  '<a href=" &#14;  javascript:alert(1)">click</a>',
  '<a href="java\nscript:alert(1)">click</a>',
  '<a href="data:text/html,<script>alert(1)</script>">click</a>',
  '<a href="vbscript:msgbox(1)">click</a>',
  '<a onclick="alert(1)" href="https://example.org">click</a>',
  '<a href="https://example.org" onmouseover=alert(1)>hover</a>',
  '<p title="x" onclick="alert(1)">p</p>',
  '<details open ontoggle=alert(1)>',
  '<input autofocus onfocus=alert(1)>',
  '<form action="javascript:alert(1)"><button>go</button></form>',
  '<video><source onerror="alert(1)"></video>',
  '<!--<img src="--><img src=x onerror=alert(1)//">',
  '<![CDATA[<script>alert(1)</script>]]>',
  '[click](javascript:alert(1))',
  '[click](JaVaScRiPt:alert(1))',
  '[click](javascript&#58;alert(1))',
  '[click](&#106;avascript:alert(1))',
  '[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
  '[click](vbscript:alert(1))',
  '[click]( javascript:alert(1))',
  '[click](<javascript:alert(1)>)',
  '[click][ref]\n\n[ref]: javascript:alert(1)',
  '<javascript:alert(1)>',
  '![x](javascript:alert(1))',
  '![x](https://example.org/x.png"onerror="alert(1))',
  '[x](https://example.org "title\\" onmouseover=\\"alert(1)")',
  '[a](https://example.org)"onclick="alert(1)',
  '`<script>alert(1)</script>`',
  '```html\n<script>alert(1)</script>\n```',
  '```"><script>alert(1)</script>\n```',
  '> <script>alert(1)</script>',
  '- <img src=x onerror=alert(1)>',
  '**<a href="javascript:alert(1)">bold</a>**',
  '<a href="https://example.org" style="position:fixed">x</a>',
  '<a href="//evil.example">protocol-relative</a>',
  '<code class="language-js\' onclick=alert(1)">x</code>',
  '<ol start="1" onclick="alert(1)"><li>x</li></ol>',
  '<<script>script>alert(1)<</script>/script>',
  '<scri\u0000pt>alert(1)</scri\u0000pt>',
  '<a href="&#x6A;avascript:alert(1)">x</a>',
  '<a href="javas&#99;ript:alert(1)">x</a>',
  '<a href="&Tab;javascript:alert(1)">x</a>',
  '<a href="jav&NewLine;ascript:alert(1)">x</a>',
  '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
  '<select><template><style></template><img src=x onerror=alert(1)>',
  '<table><tr><td><a href="javascript:alert(1)">x</a></td></tr></table>',
  // Responsive images: only /media/ files in srcset, only image types on <source>.
  '<picture><source srcset="javascript:alert(1) 1w" type="image/avif"><img src="/media/x.jpg"></picture>',
  '<picture><source srcset="https://evil.example/a.avif 480w" type="image/avif"><img src=x srcset="https://evil.example/b.jpg 480w"></picture>',
  `<source srcset="/media/${'ab'.repeat(16)}.avif 480w" type="text/html">`,
  `<source srcset="/media/${'ab'.repeat(16)}.avif 480w, data:image/svg+xml,<svg/onload=alert(1)> 2w" type="image/avif">`,
  '<img src="/media/1" srcset="/media/../../etc/passwd 1w" sizes="100vw">',
  '<img srcset="//evil.example/x.jpg 1w, /media/x 2w">',
  '<source src="javascript:alert(1)" media="all" onerror="alert(1)">',
  '<picture onclick="alert(1)" style="x"><img src="/media/1" sizes="expression(alert(1))" onload="alert(1)"></picture>',
  '<video><source srcset="javascript:alert(1) 1w" type="image/webp"></video>',
  '![x](/media/1 "t\\" onerror=\\"alert(1)")',
];

const DANGEROUS_PIECES = fc.constantFrom(
  '<',
  '>',
  '</',
  '"',
  "'",
  '=',
  '&#',
  ';',
  ':',
  '`',
  '```',
  '[',
  '](',
  ')',
  '!',
  '\n',
  '\n\n',
  ' ',
  '\t',
  '\u0000',
  'script',
  'a href=',
  'img src=x ',
  'svg',
  'iframe',
  'style',
  'onerror=',
  'onclick=',
  'javascript:',
  'JaVaScRiPt:',
  'data:text/html,',
  'vbscript:',
  'alert(1)',
  'https://example.org',
  '&#106;',
  '&#x6A;',
  '<!--',
  '-->',
  '> ',
  '- ',
  '1. ',
  '*',
  '_',
  'picture',
  'source srcset=',
  ' 480w',
  '/media/',
  'ab'.repeat(16),
  '.avif',
  'type="image/avif"',
);

describe.each(['strict', 'post'] as const)('%s rendering against XSS', (policy) => {
  it.each(VECTORS)('neutralises %s', (vector) => {
    assertSafe(vector, policy);
    // Wrapped in ordinary text and Markdown, too.
    assertSafe(`Hello *there*\n\n${vector}\n\n- item [ok](https://example.org)`, policy);
  });

  it('is safe for random input built from dangerous pieces (property-based)', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(DANGEROUS_PIECES, fc.string({ maxLength: 6 })), { maxLength: 40 }), (parts) => {
        assertSafe(parts.join(''), policy);
      }),
      { numRuns: 2000 },
    );
  });

  it('is safe for arbitrary Unicode text (property-based)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (text) => {
        assertSafe(text, policy);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('strict rendering keeps what comments may use', () => {
  it('still renders what comments may use', () => {
    const html = renderMarkdown('*a* **b** [c](https://example.org) `d`\n\n> e\n\n- f', 'strict');
    expect(html).toContain('<a href="https://example.org" rel="nofollow ugc noopener">c</a>');
    expect(html).toMatch(/<em>a<\/em>.*<strong>b<\/strong>.*<code>d<\/code>/s);
  });
});

describe('uploaded images through the post hook', () => {
  const hostile: ResponsiveImage = {
    alt: '"><script>alert(1)</script>',
    decorative: false,
    width: 10,
    height: 10,
    sources: [
      { type: 'image/avif', srcset: 'javascript:alert(1) 480w' },
      { type: 'image/webp', srcset: `/media/${'cd'.repeat(16)}.webp 480w, https://evil.example/x.webp 960w` },
    ],
    fallback: { src: 'javascript:alert(1)', srcset: '" onerror="alert(1)' },
  };

  it('sanitises whatever the hook returns: sanitize-html has the last word', () => {
    // No alt in the Markdown: the library's (hostile) alt is used.
    const html = renderMarkdown('![](/media/1)', 'post', { resolveImage: () => hostile });
    assertSafeHtml(html, 'post');
    expect(html).not.toMatch(/<source|javascript|evil/);
    expect(html).toContain('alt="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"');
  });

  it('never gives comments, wishes or offers a picture', () => {
    const good: ResponsiveImage = {
      ...hostile,
      sources: [{ type: 'image/avif', srcset: `/media/${'cd'.repeat(16)}.avif 480w` }],
      fallback: { src: `/media/${'cd'.repeat(16)}.jpg`, srcset: `/media/${'cd'.repeat(16)}.jpg 480w` },
    };
    const html = renderMarkdown('![a](/media/1) <picture><source srcset="x"></picture>', 'strict', {
      resolveImage: () => good,
    });
    assertSafeHtml(html, 'strict');
    expect(html).not.toMatch(/<picture|<source|<img/);
  });

  it('is safe for random Markdown around media references (property-based)', () => {
    const good: ResponsiveImage = {
      alt: 'x',
      decorative: false,
      width: 480,
      height: 320,
      sources: [{ type: 'image/webp', srcset: `/media/${'ef'.repeat(16)}.webp 480w` }],
      fallback: { src: `/media/${'ef'.repeat(16)}.jpg`, srcset: `/media/${'ef'.repeat(16)}.jpg 480w` },
    };
    fc.assert(
      fc.property(
        fc.array(fc.oneof(DANGEROUS_PIECES, fc.constant('![a](/media/7)'), fc.string({ maxLength: 6 })), {
          maxLength: 30,
        }),
        (parts) => assertSafeHtml(renderMarkdown(parts.join(''), 'post', { resolveImage: () => good }), 'post'),
      ),
      { numRuns: 1000 },
    );
  });
});
