import { type Child, h, uid } from "./dom";
import type { Translate } from "./i18n";

/** A photo the shopper picked: kept in memory until the return exists, then uploaded. */
export type Photo = {
  key: string;
  file: File;
  /** An object URL for the thumbnail; revoked when the photo is removed. */
  preview: string;
  state: "ready" | "uploading" | "uploaded" | "failed";
  progress: number;
  error: string;
  /** Whether sending it again could succeed (the network or the server failed, not the file). */
  retriable: boolean;
};

/** API.md's limit for one photo, checked here too so that nobody waits for an upload that cannot succeed. */
export const MAX_PHOTO_BYTES = 10 * 1024 * 1024;
const TYPES = new Set(["image/jpeg", "image/png", "image/webp", "image/heic", "image/heif"]);
// Some systems give HEIC files no type, or a generic one, so the name decides when the type says nothing.
const NAMES = /\.(jpe?g|png|webp|heic|heif)$/i;
/** The file input's `accept`, types and extensions both, for the same reason. */
export const PHOTO_ACCEPT = "image/jpeg,image/png,image/webp,image/heic,image/heif,.jpg,.jpeg,.png,.webp,.heic,.heif";

/** Splits picked files into acceptable photos and one error sentence per refused file. */
export function acceptPhotos(files: Iterable<File>, t: Translate): { photos: Photo[]; errors: string[] } {
  const photos: Photo[] = [];
  const errors: string[] = [];
  for (const file of files) {
    const untyped = !file.type || file.type === "application/octet-stream";
    if (!TYPES.has(file.type) && !(untyped && NAMES.test(file.name))) errors.push(t("photo_type_error", { name: file.name }));
    else if (file.size > MAX_PHOTO_BYTES) errors.push(t("photo_size_error", { name: file.name }));
    else photos.push({ key: uid("photo"), file, preview: URL.createObjectURL(file), state: "ready", progress: 0, error: "", retriable: false });
  }
  return { photos, errors };
}

/** A file size for people: "850 kB", "2.4 MB". */
export function fileSize(bytes: number, locale: string): string {
  const mb = bytes >= 1e6;
  return new Intl.NumberFormat(locale, { style: "unit", unit: mb ? "megabyte" : "kilobyte", maximumFractionDigits: 1 }).format(mb ? bytes / 1e6 : Math.max(1, bytes / 1e3));
}

/** A visually hidden but focusable file input with a button-like label, calling `onPick` with what was chosen. */
export function photoPicker(t: Translate, describedBy: string, onPick: (files: File[]) => void): { wrap: HTMLElement; input: HTMLInputElement } {
  const input = h("input", { type: "file", id: uid("photos"), class: "dk-file", accept: PHOTO_ACCEPT, multiple: true, "aria-describedby": describedBy });
  input.addEventListener("change", () => {
    const files = Array.from(input.files ?? []);
    // Cleared so that picking the same file again after removing it still fires a change.
    input.value = "";
    if (files.length) onPick(files);
  });
  const wrap = h("div", { class: "dk-picker" }, input, h("label", { for: input.id, class: "dk-button dk-button--quiet" }, t("add_photos")));
  return { wrap, input };
}

/** A photo's list entry: thumbnail (a plain tile where the browser cannot show the format), name and size, then `extra`. */
export function photoTile(photo: Photo, locale: string, ...extra: Child[]): HTMLLIElement {
  const nameId = uid("photo-name");
  const thumb = h("img", { src: photo.preview, alt: "", width: 64, height: 64, class: "dk-thumb" });
  thumb.addEventListener("error", () => thumb.replaceWith(h("span", { class: "dk-thumb dk-thumb--file", "aria-hidden": "true" }, photo.file.name.split(".").pop() ?? "")));
  return h(
    "li",
    { class: "dk-photo", "data-name-id": nameId },
    thumb,
    h("div", { class: "dk-photo-body" }, h("p", { id: nameId, class: "dk-photo-name" }, photo.file.name, " ", h("span", { class: "dk-muted" }, fileSize(photo.file.size, locale))), extra),
  );
}
