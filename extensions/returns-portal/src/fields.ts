import { h, uid } from "./dom";

type Control = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;

/** A labelled form control with its hint and its error, wired for assistive technology. */
export type Field<T extends Control> = {
  wrap: HTMLDivElement;
  control: T;
  /** Shows or clears the error; the control is marked invalid and described by it. */
  setError: (message: string | null) => void;
  /** Replaces the hint (empty hides it). */
  setHint: (text: string) => void;
};

/** Wraps a control in a field: label, hint and error, all referenced by id. */
export function field<T extends Control>(label: string, control: T, hint = ""): Field<T> {
  control.id ||= uid("field");
  const hintEl = h("p", { id: uid("hint"), class: "dk-hint" });
  const errorEl = h("p", { id: uid("error"), class: "dk-error" });
  let error = "";
  // Only shown texts are referenced: a hidden description would still be read out.
  const describe = () => {
    const ids = [hintEl.textContent ? hintEl.id : "", error ? errorEl.id : ""].filter(Boolean).join(" ");
    if (ids) control.setAttribute("aria-describedby", ids);
    else control.removeAttribute("aria-describedby");
  };
  const setHint = (text: string) => {
    hintEl.textContent = text;
    hintEl.hidden = !text;
    describe();
  };
  const setError = (message: string | null) => {
    error = message ?? "";
    errorEl.textContent = error;
    errorEl.hidden = !error;
    if (error) control.setAttribute("aria-invalid", "true");
    else control.removeAttribute("aria-invalid");
    describe();
  };
  const wrap = h("div", { class: "dk-field" }, h("label", { for: control.id, class: "dk-label" }, label), hintEl, control, errorEl);
  setHint(hint);
  setError(null);
  return { wrap, control, setError, setHint };
}

/** A select with a first, empty option that names what to choose. */
export function select(name: string, placeholder: string, options: Array<[value: string, label: string]>, value: string, required = false): HTMLSelectElement {
  return h(
    "select",
    { name, class: "dk-input", required },
    h("option", { value: "" }, placeholder),
    options.map(([v, label]) => h("option", { value: v, selected: v === value }, label)),
  );
}
