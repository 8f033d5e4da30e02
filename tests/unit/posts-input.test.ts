// The editor form's rules, without a database: limits, slugs, and scheduling in the site's zone.
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/lib/errors.ts';
import {
  formValuesFor,
  readPostForm,
  resolvePublication,
  type RawPostForm,
  type ScheduleContext,
} from '../../src/lib/posts/input.ts';

const NOW = new Date('2026-03-29T00:30:00Z'); // 01:30 in Berlin, half an hour before clocks go forward
const context: ScheduleContext = { now: NOW, timeZone: 'Europe/Berlin', current: null };

function raw(overrides: Partial<RawPostForm> = {}): RawPostForm {
  return {
    title: 'Title',
    slug: null,
    body: 'Body',
    excerpt: null,
    tags: null,
    comments_closed: null,
    publish_at: null,
    intent: 'draft',
    ...overrides,
  };
}

function fieldsOf(work: () => unknown): Record<string, string> {
  try {
    work();
  } catch (error) {
    if (error instanceof ValidationError) return error.fields;
    throw error;
  }
  throw new Error('expected a ValidationError');
}

describe('resolvePublication', () => {
  it('reads the schedule time in the site zone, across a DST change', () => {
    // 03:30 Berlin on 29 March 2026 is CEST (UTC+2), an hour after the change.
    expect(resolvePublication('schedule', '2026-03-29T03:30', context)).toEqual({
      status: 'scheduled',
      publishedAt: new Date('2026-03-29T01:30:00Z'),
    });
    // 01:45 is still CET (UTC+1).
    expect(resolvePublication('schedule', '2026-03-29T01:45', context).publishedAt).toEqual(
      new Date('2026-03-29T00:45:00Z'),
    );
  });

  it('refuses a time that has passed, or is now, with a message for the field', () => {
    expect(fieldsOf(() => resolvePublication('schedule', '2026-03-29T01:30', context)).publish_at).toMatch(
      /in the future \(it is now 29 March 2026 at 01:30, Europe\/Berlin\)/,
    );
    expect(fieldsOf(() => resolvePublication('schedule', '2025-12-31T23:59', context)).publish_at).toMatch(/future/);
    expect(fieldsOf(() => resolvePublication('schedule', null, context)).publish_at).toMatch(/Choose the date/);
    expect(fieldsOf(() => resolvePublication('schedule', 'tomorrow', context)).publish_at).toMatch(/like 2026-12-01/);
  });

  it('publishes now, but keeps the date of a post already out', () => {
    expect(resolvePublication('publish', null, context)).toEqual({ status: 'published', publishedAt: NOW });
    const out = { status: 'published' as const, publishedAt: new Date('2026-01-01T00:00:00Z') };
    expect(resolvePublication('publish', null, { ...context, current: out }).publishedAt).toEqual(out.publishedAt);
    // A scheduled post published early goes out now.
    const later = { status: 'scheduled' as const, publishedAt: new Date('2026-05-01T00:00:00Z') };
    expect(resolvePublication('publish', null, { ...context, current: later }).publishedAt).toEqual(NOW);
  });

  it('saves drafts without a date and ignores any schedule time', () => {
    expect(resolvePublication('draft', '2000-01-01T00:00', context)).toEqual({ status: 'draft', publishedAt: null });
  });
});

describe('readPostForm', () => {
  it('tidies the input: slug from what was typed, tags, checkbox', () => {
    const form = readPostForm(
      raw({ slug: ' Café Chats ', tags: 'networking, Wish Day, networking', comments_closed: 'on', intent: 'publish' }),
      context,
    );
    expect(form).toMatchObject({
      slug: 'cafe-chats',
      tags: ['networking', 'Wish Day'],
      commentsClosed: true,
      intent: 'publish',
      publication: { status: 'published', publishedAt: NOW },
    });
    expect(readPostForm(raw(), context)).toMatchObject({ slug: null, tags: [], commentsClosed: false, excerpt: null });
  });

  it('names every field that is wrong, each within its limits', () => {
    const fields = fieldsOf(() =>
      readPostForm(
        raw({
          title: '   ',
          slug: '!!!',
          body: 'b'.repeat(100_001),
          excerpt: 'e'.repeat(501),
          tags: `${'t'.repeat(41)}, ok`,
          intent: 'schedule',
          publish_at: '2020-01-01T00:00',
        }),
        context,
      ),
    );
    expect(fields).toEqual({
      title: 'Title is required.',
      slug: 'Use letters, digits and hyphens, like my-first-post.',
      body: 'Body must be at most 100,000 characters.',
      excerpt: 'Excerpt must be at most 500 characters.',
      tags: 'Each tag can be at most 40 characters.',
      publish_at: expect.stringMatching(/future/),
    });
    expect(fieldsOf(() => readPostForm(raw({ title: 't'.repeat(201) }), context)).title).toMatch(/at most 200/);
    const tags = Array.from({ length: 21 }, (_, i) => `t${i}`).join(',');
    expect(fieldsOf(() => readPostForm(raw({ tags }), context)).tags).toBe('Use at most 20 tags.');
    expect(readPostForm(raw({ tags: tags.replace(/,t20$/, '') }), context).tags).toHaveLength(20);
    expect(fieldsOf(() => readPostForm(raw({ intent: 'explode' }), context)).intent).toMatch(/Choose/);
  });

  it('needs alt text beside a cover, and reads the cover with it', () => {
    const noAlt = () => readPostForm(raw({ cover_media_id: '4', cover_alt: ' ' }), context);
    expect(noAlt).toThrow(ValidationError);
    try {
      noAlt();
    } catch (error) {
      expect(Object.keys((error as ValidationError).fields)).toEqual(['cover_alt']);
    }
    expect(readPostForm(raw({ cover_media_id: '4', cover_alt: 'A  kite' }), context).cover).toEqual({
      mediaId: 4,
      alt: 'A kite',
    });
    expect(readPostForm(raw({ cover_media_id: '', cover_alt: 'left over' }), context).cover).toBeNull();
  });

  it('previews without needing a publication', () => {
    expect(readPostForm(raw({ intent: 'preview', publish_at: '2000-01-01T00:00' }), context).publication).toBeNull();
  });
});

describe('formValuesFor', () => {
  it('fills the editor with a scheduled post, its time in the site zone', () => {
    const values = formValuesFor(
      {
        title: 'T',
        slug: 't',
        bodyMd: 'B',
        excerpt: 'E',
        tags: [{ name: 'a' }, { name: 'b c' }],
        commentsClosed: true,
        status: 'scheduled',
        publishedAt: new Date('2026-07-01T07:00:00Z'),
        cover: { mediaId: 4, alt: 'A kite' },
      },
      'Europe/Berlin',
    );
    expect(values).toEqual({
      title: 'T',
      slug: 't',
      body: 'B',
      excerpt: 'E',
      tags: 'a, b c',
      comments_closed: 'on',
      publish_at: '2026-07-01T09:00',
      cover_media_id: '4',
      cover_alt: 'A kite',
    });
  });
});
