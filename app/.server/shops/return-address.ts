import { readShopSettings } from "./shop-settings";

/**
 * Whether an approved return can tell the shopper where its items go: shipping back is on with an
 * address, or drop-off is on with at least one location. This is the one place the setup checklist
 * asks it, so it follows the return-method settings (app/.server/returns/methods).
 */
export function hasReturnAddress(settings: unknown): boolean {
  const { ship, dropOff } = readShopSettings(settings).returnMethods;
  return (ship.enabled && ship.address.trim().length > 0) || (dropOff.enabled && dropOff.locations.length > 0);
}
