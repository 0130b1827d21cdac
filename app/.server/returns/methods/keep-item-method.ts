import { parseCents } from "../../money";
import type { ReturnMethod } from "./types";

/** Returns worth no more than the store's limit need no parcel: a parcel would cost more than the item. */
export const keepItemMethod: ReturnMethod = {
  kind: "keep_item",
  offers: ({ settings, valueCents }) => settings.keepItem.enabled && valueCents <= parseCents(settings.keepItem.maxValue),
  option: () => null,
};
