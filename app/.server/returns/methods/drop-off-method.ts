import type { ReturnMethod } from "./types";

/** The shopper hands the items over at one of the store's locations and shows the return's code. */
export const dropOffMethod: ReturnMethod = {
  kind: "drop_off",
  offers: ({ settings }) => settings.dropOff.enabled && settings.dropOff.locations.length > 0,
  option: ({ settings, reference }) => ({
    method: "drop_off",
    title: settings.dropOff.locations.length === 1 ? `Drop it off at ${settings.dropOff.locations[0]!.name}` : "Drop it off at one of our locations",
    steps: [
      "Bring the items, packed or in a bag, to a location below.",
      ...(settings.dropOff.instructions.trim() ? [settings.dropOff.instructions.trim()] : []),
      `Show the QR code on your return page (or say the reference ${reference}) at the counter.`,
    ],
    note: settings.dropOff.instructions.trim() || null,
    address: null,
    locations: settings.dropOff.locations.map((l) => ({ name: l.name, address: l.address, hours: l.hours?.trim() || null })),
    showCode: true,
    labelUrl: null,
    carrier: null,
  }),
};
