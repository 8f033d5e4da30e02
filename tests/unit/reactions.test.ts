// What the reaction forms accept, and the bar they render: buttons for a
// signed-in reader, counts for anyone else, a reader's own reactions pressed.
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/lib/errors.ts';
import { reactInput } from '../../src/lib/reactions/input.ts';
import { EMPTY_TALLY } from '../../src/lib/reactions/kinds.ts';
import { markGiven, reactionBarHtml } from '../../src/lib/reactions/render.ts';
import { parseInput } from '../../src/lib/validation.ts';

function fieldsOf(input: unknown): Record<string, string> {
  try {
    parseInput(reactInput, input);
  } catch (error) {
    if (error instanceof ValidationError) return error.fields;
    throw error;
  }
  return {};
}

describe('the reaction form', () => {
  it('takes a heart, "me too" or "thank you" on a post or a comment', () => {
    expect(parseInput(reactInput, { subject: 'comment', subject_id: '12', kind: 'me-too' })).toEqual({
      subject: 'comment',
      subject_id: 12,
      kind: 'me-too',
    });
    for (const kind of ['heart', 'thanks']) {
      expect(parseInput(reactInput, { subject: 'post', subject_id: '1', kind }).kind).toBe(kind);
    }
  });

  it('refuses a wish (cheered on the board), other kinds and odd ids, each beside its field', () => {
    expect(fieldsOf({ subject: 'wish', subject_id: '1', kind: 'heart' })).toHaveProperty('subject');
    expect(fieldsOf({ subject: 'post', subject_id: '1', kind: 'cheer' })).toEqual({
      kind: 'Choose a heart, "Me too" or "Thank you".',
    });
    expect(fieldsOf({ subject: 'post', subject_id: '-3', kind: 'heart' })).toEqual({
      subject_id: 'Missing or invalid id.',
    });
    expect(fieldsOf({ subject: null, subject_id: null, kind: null })).toEqual({
      subject: 'This form is missing what it reacts to; please reload the page.',
      subject_id: 'Missing or invalid id.',
      kind: 'Choose a heart, "Me too" or "Thank you".',
    });
  });
});

describe('the reaction bar', () => {
  const tally = { heart: 3, 'me-too': 1, thanks: 0 };

  it('gives a signed-in reader a button per reaction, none pressed, with the count a screen reader reads', () => {
    const html = reactionBarHtml({
      subject: 'comment',
      subjectId: 7,
      tally,
      action: '?_action=r',
      anchor: 'comment-7',
    });
    expect(html).toContain('<form class="rx" method="POST" action="?_action=r#comment-7">');
    expect(html).toContain('<div class="rx-g" role="group" aria-label="Reactions to this comment">');
    expect(html.match(/<button /g)).toHaveLength(3);
    expect(html).not.toContain('aria-pressed="true"');
    expect(html).toContain('<span class="visually-hidden">Heart:</span> <span class="rx-n">3</span>');
    expect(html).toContain(
      'value="thanks" data-rx="comment-7-thanks" aria-pressed="false">Thank you <span class="rx-n">0</span>',
    );
  });

  it('shows anyone else the counts alone: a comment only those given, a post every kind', () => {
    const comment = reactionBarHtml({ subject: 'comment', subjectId: 7, tally, action: null, anchor: 'comment-7' });
    expect(comment).not.toContain('<form');
    expect(comment).toContain('Me too <span class="rx-n">1</span>');
    expect(comment).not.toContain('Thank you');
    expect(reactionBarHtml({ subject: 'comment', subjectId: 7, tally: EMPTY_TALLY, action: null, anchor: 'x' })).toBe(
      '',
    );
    const post = reactionBarHtml({
      subject: 'post',
      subjectId: 1,
      tally,
      action: null,
      anchor: 'reactions',
      everyKind: true,
    });
    expect(post).toContain('Thank you <span class="rx-n">0</span>');
  });

  it('presses exactly the reactions a reader gave', () => {
    const html =
      reactionBarHtml({ subject: 'comment', subjectId: 7, tally, action: '?a', anchor: 'c7' }) +
      reactionBarHtml({ subject: 'comment', subjectId: 70, tally, action: '?a', anchor: 'c70' });
    const marked = markGiven(html, [
      { subject_kind: 'comment', subject_id: 7, kind: 'heart' },
      { subject_kind: 'wish', subject_id: 7, kind: 'cheer' },
    ]);
    expect(marked.match(/aria-pressed="true"/g)).toHaveLength(1);
    expect(marked).toContain('data-rx="comment-7-heart" aria-pressed="true"');
    expect(marked).toContain('data-rx="comment-70-heart" aria-pressed="false"');
  });
});
