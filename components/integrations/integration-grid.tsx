"use client";

import { IntegrationTile, type TileData } from "./integration-tile";
import { useNewlyValid } from "./use-newly-valid";

export interface TileSection {
  category: string;
  title: string;
  tiles: TileData[];
}

/**
 * The catalog grid. A client component so the page's RSC payload carries each tile's data once
 * instead of its whole element tree (measured by `npm run bench`); status animations live here too.
 */
export function IntegrationGrid({ orgSlug, sections }: { orgSlug: string; sections: TileSection[] }) {
  const newlyValid = useNewlyValid(orgSlug, Object.fromEntries(sections.flatMap((s) => s.tiles.map((t) => [t.id, t.status]))));
  return sections.map((section) => (
    <section key={section.category} aria-labelledby={`cat-${section.category}`} className="mb-10">
      <h2 id={`cat-${section.category}`} className="mb-4 text-sm font-medium uppercase tracking-wider text-fg-muted">{section.title}</h2>
      <ul className="grid grid-cols-1 gap-4 sm:grid-cols-2 lg:grid-cols-3">
        {section.tiles.map((tile) => (
          <li key={tile.id}>
            <IntegrationTile tile={tile} href={`/${orgSlug}/integrations/${tile.id}`} celebrate={newlyValid.has(tile.id)} />
          </li>
        ))}
      </ul>
    </section>
  ));
}
