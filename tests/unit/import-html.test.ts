// HTML from other blogs becomes Markdown we render with our own sanitiser:
// WordPress shortcodes and block comments go, captions and tables keep their
// meaning, and nothing hostile survives the trip (in posts or in comments).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { commentToMarkdown, htmlToMarkdown } from '../../src/lib/import/html.ts';
import { cleanWordPressContent, hasBlocks } from '../../src/lib/import/wordpress/shortcodes.ts';
import { renderMarkdown } from '../../src/lib/markdown/markdown.ts';
import { dangerousIn, liveHtmlIn } from '../helpers/live-html.ts';

const post = (html: string) => {
  const md = htmlToMarkdown(cleanWordPressContent(html), { autop: !hasBlocks(html), baseUrl: 'https://old.example' });
  return { md, html: renderMarkdown(md, 'post') };
};
const comment = (text: string) => renderMarkdown(commentToMarkdown(text, { autop: true, baseUrl: null }), 'strict');

describe('WordPress content to Markdown', () => {
  it('removes block comments and keeps the blocks’ content', () => {
    const { md } = post('<!-- wp:paragraph -->\n<p>One <em>two</em></p>\n<!-- /wp:paragraph -->');
    expect(md).toBe('One *two*');
  });

  it('keeps every image of a gallery block, each with its caption (Theme Unit Test: Block: Gallery)', () => {
    const item = (name: string, caption: string) =>
      `<li class="blocks-gallery-item"><figure><a href="https://old.example/?attachment_id=1"><img src="https://old.example/${name}.jpg" alt="${name}" class="wp-image-1"/></a>${caption ? `<figcaption class="blocks-gallery-item__caption">${caption}</figcaption>` : ''}</figure></li>`;
    const { md } = post(
      `<!-- wp:gallery {"ids":[]} -->\n<figure class="wp-block-gallery columns-3"><ul class="blocks-gallery-grid">${item('one', 'First')}${item('two', '')}${item('three', 'Third')}</ul><figcaption class="blocks-gallery-caption"><em>(gallery caption)</em> three</figcaption></figure>\n<!-- /wp:gallery -->`,
    );
    expect(md.match(/<img /g)).toHaveLength(3);
    expect(md).toContain(
      '<figure><img src="https://old.example/one.jpg" alt="one"><figcaption>First</figcaption></figure>',
    );
    expect(md).toContain('<figure><img src="https://old.example/two.jpg" alt="two"></figure>');
    expect(md).toContain('<figcaption>Third</figcaption>');
    expect(md).toContain('*(gallery caption)* three');
  });

  it('links the media of an [audio] given only its address (Theme Unit Test: Post Format: Audio)', () => {
    const { md } = post('Audio shortcode:\n\n[audio https://old.example/blues.mp3]');
    expect(md).toBe('Audio shortcode:\n\n[https://old.example/blues.mp3](https://old.example/blues.mp3)');
  });

  it("keeps a cover block's background image, once (Theme Unit Test: Block: Cover)", () => {
    const { md } = post(
      '<!-- wp:cover {"url":"https://old.example/rain.jpg","alt":"Rain","id":759} -->\n<div class="wp-block-cover" style="background-image:url(https://old.example/rain.jpg)"><p class="wp-block-cover-text">On top</p></div>\n<!-- /wp:cover -->',
    );
    expect(md).toBe('![Rain](https://old.example/rain.jpg)\n\nOn top');
    const later = post(
      '<!-- wp:cover {"url":"https://old.example/rain.jpg","id":759} -->\n<div class="wp-block-cover"><img class="wp-block-cover__image-background" alt="Rain" src="https://old.example/rain.jpg"/><div class="wp-block-cover__inner-container"><p>On top</p></div></div>\n<!-- /wp:cover -->',
    );
    expect(later.md.match(/rain\.jpg/g)).toHaveLength(1);
    const video = post(
      '<!-- wp:cover {"url":"https://old.example/a.mov","backgroundType":"video"} -->\n<div class="wp-block-cover"><p>Text</p></div>\n<!-- /wp:cover -->',
    );
    expect(video.md).toBe('Text');
  });

  it('keeps a link and emphasis in a caption (Theme Unit Test: Markup: Image Alignment)', () => {
    const { md, html } = post(
      '[caption id="attachment_906" width="580"]<img src="https://old.example/a.jpg" alt="A" /> Look at <em>580x300</em> <a href="https://old.example/x/">getting</a> <a href="javascript:alert(1)">love</a>.<script>x()</script>[/caption]',
    );
    expect(md).toContain(
      '<figcaption>Look at <em>580x300</em> <a href="https://old.example/x/">getting</a> <a>love</a>.</figcaption>',
    );
    expect(html).toMatch(/<a href="https:\/\/old\.example\/x\/"[^>]*>getting<\/a>/);
    expect(html).not.toMatch(/javascript|script/);
  });

  it('turns [caption] into a figure with its text, whatever wraps the image', () => {
    const { html } = post(
      '[caption id="attachment_5" align="alignright" width="300"]<a href="https://old.example/full.jpg"><img src="/wp-content/uploads/a.jpg" alt="A" width="300" /></a> The <b>harbour</b>[/caption]',
    );
    expect(html).toMatch(
      /^<figure><img src="https:\/\/old\.example\/wp-content\/uploads\/a\.jpg" alt="A"[^>]*\/><figcaption>The harbour<\/figcaption><\/figure>$/,
    );
  });

  it('removes widget shortcodes, unwraps enclosing ones, links media, keeps bracketed prose', () => {
    const { md } = post(
      'A [gallery ids="1,2"] B [contact-form-7 id="4" title="x"] C [su_box title="T"]inside[/su_box] D [embed]https://vimeo.com/1[/embed] E [audio src="https://old.example/a.mp3"] F [sic] G [[gallery]]',
    );
    expect(md).not.toMatch(/gallery ids|contact-form|su_box|\[embed|\[audio/);
    expect(md).toContain('inside');
    expect(md).toContain('[https://vimeo.com/1](https://vimeo.com/1)');
    expect(md).toContain('(https://old.example/a.mp3)');
    expect(md).toContain('F \\[sic\\] G \\[gallery\\]');
  });

  it('adds paragraphs to classic-editor text, as WordPress shows it', () => {
    expect(post('First line\nsecond line\n\nNew paragraph').html).toBe(
      '<p>First line<br />second line</p>\n<p>New paragraph</p>',
    );
  });

  it('keeps tables as HTML so merged cells survive, cleaned of attributes', () => {
    const { md, html } = post(
      '<table class="x" style="color:red"><tr><td colspan="2" onclick="x()">Both</td></tr></table>',
    );
    expect(md).toBe('<table><tbody><tr><td colspan="2">Both</td></tr></tbody></table>');
    expect(html).toBe(md);
  });

  it('turns embedded frames into links, and drops frames that are not http(s)', () => {
    expect(post('<iframe src="https://www.youtube.com/embed/x"></iframe>').md).toBe(
      '[Embedded content from www.youtube.com](https://www.youtube.com/embed/x)',
    );
    expect(post('<iframe src="javascript:alert(1)"></iframe>').md).toBe('');
  });

  it('renders hostile markup harmless', () => {
    const hostile = [
      '<script>alert(1)</script>',
      '<img src=x onerror="alert(1)">',
      '<a href="javascript:alert(1)">a</a>',
      '<a href="JaVaScRiPt:alert(1)">b</a>',
      '<a href="&#106;avascript:alert(1)">c</a>',
      '<svg onload="alert(1)"><circle /></svg>',
      '<style>body{display:none}</style>',
      '<img src="data:image/svg+xml;base64,PHN2Zz4=">',
      '<form action="https://evil.example"><input name="q"></form>',
      '<p style="background:url(javascript:alert(1))">styled</p>',
      '<table><tr><td><img src=x onerror=alert(1)><script>alert(2)</script></td></tr></table>',
      '<figure><img src="javascript:alert(1)"><figcaption><script>x</script>cap</figcaption></figure>',
      '<object data="https://evil.example/x.swf"></object><embed src="javascript:alert(1)">',
      '[caption]<img src="x" onerror="alert(1)"> <script>alert(2)</script>[/caption]',
    ].join('\n\n');
    const { html } = post(hostile);
    expect(html).not.toMatch(/<script|<style|<svg|<form|<input|<object|<embed|\son\w+=|javascript:|data:|style=/i);
    expect(comment(hostile)).not.toMatch(/<script|<style|<svg|<img|<form|\son\w+=|javascript:|data:|style=/i);
  });

  it('never lets anything executable through, whatever the HTML (property)', () => {
    const piece = fc.constantFrom(
      '<script>x()</script>',
      '<img src=x onerror=y()>',
      '<a href="javascript:z()">',
      '</a>',
      '<iframe src="javascript:q()">',
      '[caption]',
      '[/caption]',
      '<table><tr><td>',
      '</td></tr></table>',
      '<p>',
      '</p>',
      '<!-- wp:paragraph -->',
      'text ',
      '\n\n',
      '<svg/onload=w()>',
      '<b style="x:y">',
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 25 }), (pieces) => {
        const html = pieces.join('');
        // Parsed as a browser would: hostile text shown as text (escaped) is harmless.
        const out = post(html).html + comment(html);
        return dangerousIn(out).length === 0 && !liveHtmlIn(out).attributes.some((a) => /\[style=/.test(a));
      }),
      { numRuns: 1000 },
    );
  });
});

describe('comments', () => {
  it('keeps paragraphs and line breaks of plain text and escapes Markdown', () => {
    expect(comment('Hi *there*\nsecond\n\nthird')).toBe('<p>Hi *there*<br />second</p>\n<p>third</p>');
  });

  it('keeps links and emphasis of HTML comments, shows entities as text', () => {
    expect(comment('I&#039;m <em>sure</em> — <a href="https://x.example">see</a>')).toBe(
      '<p>I\'m <em>sure</em> — <a href="https://x.example" rel="nofollow ugc noopener">see</a></p>',
    );
  });
});
