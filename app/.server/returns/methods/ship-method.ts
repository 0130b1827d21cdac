import type { ReturnMethod } from "./types";

/** The shopper posts the items to the store's return address, with the reference on the parcel. */
export const shipMethod: ReturnMethod = {
  kind: "ship",
  offers: ({ settings }) => settings.ship.enabled && settings.ship.address.trim() !== "",
  option: ({ settings, reference }) => ({
    method: "ship",
    title: "Ship it to us",
    steps: [
      "Pack the items securely, in their original packaging if you still have it.",
      ...(settings.ship.instructions.trim() ? [settings.ship.instructions.trim()] : []),
      `Write the return reference ${reference} on the parcel or put a note with it inside.`,
      "Send the parcel to the address below and keep the proof of postage.",
    ],
    note: settings.ship.instructions.trim() || null,
    address: settings.ship.address.trim(),
    locations: [],
    showCode: false,
    labelUrl: null,
    carrier: null,
  }),
};
