// Pages as the rest of the app sees them.
import type { PageRow, PageStatus } from '../../../db/schema.ts';

export interface Page {
  id: number;
  slug: string;
  title: string;
  bodyMd: string;
  bodyHtml: string;
  status: PageStatus;
  showInMenu: boolean;
  menuOrder: number;
  updatedAt: Date;
}

/** A link in the site menu. */
export interface MenuLink {
  slug: string;
  title: string;
}

export function toPage(row: PageRow): Page {
  return {
    id: row.id,
    slug: row.slug,
    title: row.title,
    bodyMd: row.body_md,
    bodyHtml: row.body_html,
    status: row.status,
    showInMenu: row.show_in_menu,
    menuOrder: row.menu_order,
    updatedAt: row.updated_at,
  };
}

export function pagePath(slug: string): string {
  return `/${slug}`;
}
