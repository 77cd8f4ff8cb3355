// Tiny DOM helpers: elements are built with createElement and text nodes, never from
// HTML strings, so server data can never inject markup.

export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith("on") && typeof value === "function") {
      el.addEventListener(key.slice(2).toLowerCase(), value);
    } else if (key === "class") {
      el.className = value;
    } else if (key === "value" && "value" in el) {
      el.value = value;
    } else {
      el.setAttribute(key, value === true ? "" : String(value));
    }
  }
  append(el, children);
  return el;
}

export function append(el, children) {
  for (const child of [children].flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : String(child));
  }
  return el;
}

export function clear(el) {
  el.replaceChildren();
  return el;
}

let uniq = 0;
export function uid(prefix = "f") {
  uniq += 1;
  return `${prefix}-${uniq}`;
}

// A labelled form control: <label for> + control (+ hint wired through aria-describedby).
export function field(labelText, control, hint) {
  const id = control.id || uid("field");
  control.id = id;
  const wrap = h("div", { class: "field" }, h("label", { for: id }, labelText));
  if (hint) {
    const hintId = `${id}-hint`;
    control.setAttribute("aria-describedby", hintId);
    wrap.append(h("p", { class: "hint", id: hintId }, hint));
  }
  wrap.append(control);
  return wrap;
}

export function fmtDate(value) {
  if (!value) return "—";
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? String(value) : date.toLocaleString();
}

export function fmtScore(value) {
  return value === null || value === undefined ? "—" : String(Math.round(Number(value)));
}

export function toast(message) {
  const box = document.getElementById("toasts");
  const item = h("div", { class: "toast" }, message);
  box.append(item);
  setTimeout(() => item.remove(), 5000);
}

// Snippets come with matches wrapped in <mark>…</mark> and the rest raw: keep the marks,
// render everything else as text.
export function highlighted(snippet) {
  const out = [];
  const parts = String(snippet || "").split(/(<mark>|<\/mark>)/);
  let inMark = false;
  for (const part of parts) {
    if (part === "<mark>") inMark = true;
    else if (part === "</mark>") inMark = false;
    else if (part) out.push(inMark ? h("mark", {}, part) : document.createTextNode(part));
  }
  return out;
}

export function download(filename, blob) {
  const url = URL.createObjectURL(blob);
  const link = h("a", { href: url, download: filename, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
