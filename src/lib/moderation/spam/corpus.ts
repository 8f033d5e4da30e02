// The text of a mail from the public corpus as a comment would read: its subject
// and body, without headers or HTML tags. Used by the model's training script and
// the bench, never at run time.
export function mailAsComment(raw: string): string {
  const split = raw.search(/\r?\n\r?\n/);
  const headers = split === -1 ? '' : raw.slice(0, split);
  const body = split === -1 ? raw : raw.slice(split);
  const subject = /^Subject:(.*)$/im.exec(headers)?.[1]?.trim() ?? '';
  const text = body
    .replace(/<(style|script)[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&nbsp;/g, ' ');
  return `${subject}\n${text}`.slice(0, 5000);
}
