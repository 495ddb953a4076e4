import { BrandMark } from "@/components/ui/brand-mark";
import { GlassCard } from "@/components/ui/glass-card";
import { StatusChange } from "@/components/ui/motion";
import { StatusBadge } from "@/components/ui/status-badge";
import { otherValidNote } from "@/lib/integrations/provider-status";
import type { IntegrationStatus } from "@/lib/integrations/queries";

/**
 * What one tile shows: plain data, and only what the tile draws, since the grid is a client
 * component and every field is in the page's RSC payload 27 times.
 */
export interface TileData {
  id: string;
  name: string;
  /** Sprite reference of the brand glyph, or null for the geometric mark. */
  iconHref: string | null;
  /** The line under the name (tileDetail: account and credential count, else the description). */
  detail: string;
  status: IntegrationStatus;
  /** Valid credentials besides the default: said on the tile when the default is not Valid. */
  otherValid: number;
}

/** `celebrate`: the tile turned VALID since this tab last saw the grid, so its badge animates once. */
export function IntegrationTile({ tile, href, celebrate = false }: { tile: TileData; href: string; celebrate?: boolean }) {
  const note = otherValidNote(tile);
  return (
    // One grid with no wrapper elements (globals.css, .catalog-tile): the page draws 27 of these.
    <GlassCard href={href} className="catalog-tile" data-provider={tile.id}>
      <BrandMark href={tile.iconHref} brand={tile.id} name={tile.name} size={40} />
      <h3>{tile.name}</h3>
      <StatusChange status={tile.status} celebrate={celebrate}>
        <StatusBadge status={tile.status} />
      </StatusChange>
      <p>{tile.detail}</p>
      {note && <p className="text-fg" data-other-valid={tile.otherValid}>{note}</p>}
    </GlassCard>
  );
}
