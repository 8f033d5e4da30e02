/** A row id from an address (`/comments/12/edit`): up to nine digits and above zero, else null (a 404). */
export function parseRowId(text: string | null | undefined): number | null {
  if (!text || !/^\d{1,9}$/.test(text)) return null;
  const id = Number(text);
  return id > 0 ? id : null;
}
