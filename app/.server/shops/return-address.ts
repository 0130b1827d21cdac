/**
 * Whether the shop has told Dokani where returned items go. This is the one place the setup
 * checklist asks it, so it follows the settings wherever the return address is kept: an address
 * object with at least a first line and a city, or a non-empty address text.
 */
export function hasReturnAddress(settings: unknown): boolean {
  if (!settings || typeof settings !== "object") return false;
  const raw = (settings as Record<string, unknown>).returnAddress;
  if (typeof raw === "string") return raw.trim().length > 0;
  if (!raw || typeof raw !== "object") return false;
  const address = raw as Record<string, unknown>;
  const filled = (key: string) => typeof address[key] === "string" && (address[key] as string).trim().length > 0;
  return (filled("address1") || filled("line1")) && filled("city");
}
