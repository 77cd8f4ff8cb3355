// The public HTTP API as a front end uses it: bearer token, RFC 9457 problems,
// Idempotency-Key on creating requests, Server-Sent Events over fetch (EventSource
// cannot send an Authorization header).

import { h } from "./dom.js";

const TOKEN_KEY = "sessionhub.token";

export class Problem extends Error {
  constructor(status, body) {
    const detail = body.detail || body.title || `HTTP ${status}`;
    super(detail);
    this.status = status;
    this.title = body.title || `HTTP ${status}`;
    this.detail = body.detail || "";
    this.type = body.type || "about:blank";
    this.errors = Array.isArray(body.errors) ? body.errors : [];
    this.body = body;
  }
}

export const auth = {
  get token() {
    return sessionStorage.getItem(TOKEN_KEY);
  },
  set(token) {
    sessionStorage.setItem(TOKEN_KEY, token);
  },
  clear() {
    sessionStorage.removeItem(TOKEN_KEY);
  },
  // The claims the console needs to decide what to show; the server still decides
  // what is allowed.
  claims() {
    const token = this.token;
    if (!token) return null;
    try {
      const payload = token.split(".")[1].replace(/-/g, "+").replace(/_/g, "/");
      const padded = payload + "=".repeat((4 - (payload.length % 4)) % 4);
      const claims = JSON.parse(atob(padded));
      return { user: String(claims.sub), role: claims.role || "trainee", exp: claims.exp };
    } catch {
      return null;
    }
  },
  isManager() {
    const role = this.claims()?.role;
    return role === "manager" || role === "admin";
  },
};

// Called on every 401: the app returns to sign-in with the server's message.
let onUnauthorized = () => {};
export function setUnauthorizedHandler(handler) {
  onUnauthorized = handler;
}

export function newKey() {
  if (crypto.randomUUID) return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

async function problemOf(response) {
  const type = response.headers.get("content-type") || "";
  let body = {};
  try {
    if (type.includes("json")) body = await response.json();
    else {
      const text = await response.text();
      body = { title: response.statusText || `HTTP ${response.status}`, detail: text.slice(0, 500) };
    }
  } catch {
    body = { title: response.statusText || `HTTP ${response.status}` };
  }
  if (typeof body !== "object" || body === null) body = { detail: String(body) };
  const problem = new Problem(response.status, body);
  const retry = response.headers.get("retry-after");
  if (retry) problem.retryAfter = retry;
  return problem;
}

async function send(path, { method = "GET", body, headers = {}, idempotent = false, signal, accept } = {}) {
  const init = { method, headers: { Accept: accept || "application/json", ...headers }, signal };
  if (auth.token) init.headers.Authorization = `Bearer ${auth.token}`;
  if (body !== undefined) {
    init.headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  if (idempotent) init.headers["Idempotency-Key"] = newKey();
  let response;
  try {
    response = await fetch(path, init);
  } catch (error) {
    if (error.name === "AbortError") throw error;
    throw new Problem(0, { title: "Network error", detail: `The server could not be reached (${error.message}).` });
  }
  if (!response.ok) {
    const problem = await problemOf(response);
    if (response.status === 401) onUnauthorized(problem);
    throw problem;
  }
  return response;
}

export async function api(path, options = {}) {
  const response = await send(path, options);
  if (response.status === 204) return null;
  const type = response.headers.get("content-type") || "";
  return type.includes("json") ? response.json() : response.text();
}

export async function fetchBlob(path) {
  const response = await send(path, { accept: "*/*" });
  const disposition = response.headers.get("content-disposition") || "";
  const match = /filename="?([^";]+)"?/.exec(disposition);
  return { blob: await response.blob(), filename: match ? match[1] : null };
}

// Yields {event, data, id} for each Server-Sent Event of a streamed answer.
export async function* stream(path, options = {}) {
  const response = await send(path, { ...options, accept: "text/event-stream" });
  const type = response.headers.get("content-type") || "";
  if (!type.includes("text/event-stream")) {
    // A server may answer in JSON (e.g. an idempotent replay): hand it over as one event.
    yield { event: "json", data: await response.json(), id: null };
    return;
  }
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += value;
      // A CR at the very end may be the first half of CRLF: wait for the next chunk.
      const keep = buffer.endsWith("\r") ? 1 : 0;
      const ready = buffer.slice(0, buffer.length - keep).replace(/\r\n?/g, "\n");
      const blocks = ready.split("\n\n");
      buffer = blocks.pop() + buffer.slice(buffer.length - keep);
      for (const block of blocks) {
        const parsed = parseBlock(block);
        if (parsed) yield parsed;
      }
    }
  } finally {
    reader.releaseLock();
  }
}

function parseBlock(block) {
  let event = "message";
  let id = null;
  const data = [];
  for (const line of block.split("\n")) {
    if (!line || line.startsWith(":")) continue;
    const colon = line.indexOf(":");
    const name = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "");
    if (name === "event") event = value;
    else if (name === "data") data.push(value);
    else if (name === "id") id = value;
  }
  if (!data.length) return null;
  const text = data.join("\n");
  let parsed = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    /* plain-text data stays a string */
  }
  return { event, data: parsed, id };
}

// A problem rendered for a person: what happened, what the server said, which fields.
export function problemView(error) {
  if (!(error instanceof Problem)) {
    return h("div", { class: "problem", role: "alert" }, h("strong", {}, "Something went wrong"), String(error?.message || error));
  }
  const fields = error.errors.map((e) => {
    const where = Array.isArray(e.loc) ? e.loc.filter((p) => p !== "body").join(".") : String(e.field || "").replace(/^body\.?/, "");
    return h("li", {}, where ? `${where}: ` : "", e.msg || e.detail || e.message || JSON.stringify(e));
  });
  return h(
    "div",
    { class: "problem", role: "alert", "data-status": error.status },
    h("strong", {}, error.status ? `${error.title} (${error.status})` : error.title),
    error.detail ? h("span", { class: "detail" }, error.detail) : null,
    error.retryAfter && !/retry|again/i.test(error.detail) ? h("span", {}, ` Try again in ${error.retryAfter} s.`) : null,
    fields.length ? h("ul", {}, fields) : null,
  );
}

// Replace the contents of an alert slot with the problem (or clear it with null).
export function showProblem(slot, error) {
  slot.replaceChildren(...(error ? [problemView(error)] : []));
  if (error && error.name !== "AbortError") console.warn(error);
}
