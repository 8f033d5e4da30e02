// ts_headline returns the matched text with our markers around the hits. That
// text comes from what people wrote, so it is never trusted as HTML: it is
// escaped first, and only then do the markers become <mark> elements.
import { escape, unescape } from 'html-escaper';

/** Control characters cannot occur in stored text (forms refuse them, and the SQL strips them). */
export const START_MARK = '\u0002';
export const STOP_MARK = '\u0003';

const HIT = new RegExp(`${START_MARK}([^${START_MARK}${STOP_MARK}]*)${STOP_MARK}`, 'g');
const STRAY = new RegExp(`[${START_MARK}${STOP_MARK}]`, 'g');

interface HeadlineSource {
  /** Whether the text handed to ts_headline was HTML with its tags removed (its entities still encoded). */
  fromHtml: boolean;
}

/** A ts_headline result as safe HTML: text escaped, hits in <mark>. */
export function headlineToHtml(headline: string, source: HeadlineSource): string {
  // Stored HTML keeps &amp; &lt; &gt; &quot; &#39; in its text; decoded here, escaped again below, exactly once.
  const text = source.fromHtml ? unescape(headline) : headline;
  return escape(text.replace(/\s+/g, ' ').trim())
    .replace(HIT, (_, hit: string) => (hit === '' ? '' : `<mark>${hit}</mark>`))
    .replace(STRAY, '')
    .trim();
}

/**
 * The options string for ts_headline (the markers are control characters, safe
 * unquoted): the whole text with its hits marked, or up to two fragments around them.
 */
export function headlineOptions(kind: 'whole' | 'fragments'): string {
  const marks = `StartSel=${START_MARK}, StopSel=${STOP_MARK}`;
  return kind === 'whole'
    ? `${marks}, HighlightAll=true`
    : `${marks}, MaxFragments=2, MaxWords=28, MinWords=10, ShortWord=2, FragmentDelimiter=" … "`;
}
