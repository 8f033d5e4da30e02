// A post's comments as RSS items. Readers render <description> and
// <content:encoded> as HTML, so both carry HTML that is safe as it is: the
// escaped plain text of the comment, and its sanitised rendering.
import type { FeedItem } from '../feeds/rss.ts';
import { htmlToText, textToHtml, truncateText } from '../markdown/markdown.ts';
import type { FeedComment } from './thread.ts';

const COMMENT_SUMMARY_LENGTH = 300;

/** A comment as a feed item; its title (the commenter's name) is escaped by src/lib/feeds. */
export function toCommentFeedItem(comment: FeedComment, post: { title: string; url: string }): FeedItem {
  return {
    title: `${comment.authorName} on ${post.title}`,
    link: `${post.url}#comment-${comment.id}`,
    pubDate: comment.createdAt,
    // The text of the comment as rendered (raw HTML typed in it is text there
    // too), truncated before escaping so no entity is ever cut in half.
    description: textToHtml(truncateText(htmlToText(comment.bodyHtml), COMMENT_SUMMARY_LENGTH)),
    // Sanitised when the comment was saved (src/lib/markdown, strict policy).
    content: comment.bodyHtml,
  };
}
