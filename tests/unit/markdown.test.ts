import { describe, expect, it } from 'vitest';
import { markdownToText, renderMarkdown, truncateText } from '../../src/lib/markdown/markdown.ts';

describe('renderMarkdown, post policy', () => {
  it('renders headings, lists, emphasis, code, tables and images', () => {
    const html = renderMarkdown(
      '# Title\n\n## Part\n\n- **bold** and *it*\n\n`code`\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n![alt](https://example.org/x.png)',
      'post',
    );
    expect(html).toContain('<h2>Title</h2>');
    expect(html).toContain('<h2>Part</h2>');
    expect(html).toContain('<strong>bold</strong>');
    expect(html).toContain('<em>it</em>');
    expect(html).toContain('<code>code</code>');
    expect(html).toContain('<table>');
    expect(html).toMatch(/<img src="https:\/\/example.org\/x.png" alt="alt"/);
  });

  it('removes scripts, handlers and dangerous URLs', () => {
    const html = renderMarkdown(
      '<script>alert(1)</script><img src=x onerror=alert(1)>[x](javascript:alert(1)) <a href="JaVaScRiPt:alert(1)">y</a> <iframe src="https://evil"></iframe>',
      'post',
    );
    expect(html).not.toMatch(/<script|onerror|href="javascript:|<iframe/i);
    expect(html).toContain('<a rel="noopener">y</a>');
  });
});

describe('renderMarkdown, strict policy', () => {
  it('keeps paragraphs, emphasis, lists, quotes and code, with safe links', () => {
    const html = renderMarkdown('Hi *there* [site](https://example.org)\n\n> quote\n\n1. one', 'strict');
    expect(html).toContain('<em>there</em>');
    expect(html).toContain('<a href="https://example.org" rel="nofollow ugc noopener">site</a>');
    expect(html).toContain('<blockquote>');
    expect(html).toContain('<ol>');
  });

  it('drops headings, images and raw HTML', () => {
    const html = renderMarkdown('# Big\n\n![x](https://example.org/x.png)\n\n<div class="x">raw</div>', 'strict');
    expect(html).not.toMatch(/<h1|<h2|<img|<div/);
    expect(html).toContain('Big');
  });
});

describe('markdownToText and truncateText', () => {
  it('gives plain, unescaped text', () => {
    expect(markdownToText('Tom & **Jerry** <3')).toBe('Tom & Jerry <3');
  });
  it('cuts at a word boundary with an ellipsis', () => {
    expect(truncateText('one two three four five', 16)).toBe('one two three…');
    expect(truncateText('short', 16)).toBe('short');
  });
});
