// Where things live on the site, for links in pages, notices and mails.

/** A wish's own page. */
export function wishLink(boardDate: string, wishId: number): string {
  return `/wishes/${boardDate}/${wishId}`;
}

/** An offer on its wish's page. */
export function offerLink(boardDate: string, wishId: number, offerId: number): string {
  return `${wishLink(boardDate, wishId)}#offer-${offerId}`;
}

/** The private thread under an accepted offer. */
export function threadLink(boardDate: string, wishId: number, offerId: number): string {
  return `${wishLink(boardDate, wishId)}#thread-${offerId}`;
}

/** The "How did it go?" answers on a wish's page. */
export function followUpLink(boardDate: string, wishId: number): string {
  return `${wishLink(boardDate, wishId)}#how-did-it-go`;
}
