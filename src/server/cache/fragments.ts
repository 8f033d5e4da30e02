// Parts of pages kept between renders (a wish card), each under the scopes it
// shows: when one wish changes, its board is rendered again from the kept cards
// of all the others, and only the changed card is rendered anew. Which parts
// are kept, and under which key, is their domain's to say (lib/wishes/board/card-key.ts).
import { KeptValues } from '../../lib/content/kept.ts';

export const keptFragments = new KeptValues<string>({
  maxBytes: 8 * 1024 * 1024,
  sizeOf: (html) => 2 * html.length,
});
