// The console's shell: client-side routes (the server answers every page path with this
// page), sign-in state, navigation and focus management.

import { auth, setUnauthorizedHandler } from "./api.js";
import { h, clear } from "./dom.js";
import { signInView } from "./views/signin.js";
import { trainingStartView, trainingLiveView } from "./views/training.js";
import { sessionAnalyticsView, myAnalyticsView } from "./views/analytics.js";
import { sessionsView } from "./views/sessions.js";
import { groupsView, groupView } from "./views/groups.js";
import { chatView } from "./views/chat.js";
import { builderListView, builderDraftView } from "./views/builder.js";

const routes = [
  [/^\/sign-in$/, signInView, null, { public: true }],
  [/^\/training$/, trainingStartView, "training"],
  [/^\/training\/(\d+)$/, trainingLiveView, "training"],
  [/^\/sessions$/, sessionsView, "sessions"],
  [/^\/analytics$/, myAnalyticsView, "analytics"],
  [/^\/analytics\/(\d+)$/, sessionAnalyticsView, "analytics"],
  [/^\/groups$/, groupsView, "groups"],
  [/^\/groups\/([0-9a-f-]{36})$/, groupView, "groups"],
  [/^\/chat$/, chatView, "chat"],
  [/^\/chat\/([0-9a-f-]{36})$/, chatView, "chat"],
  [/^\/builder$/, builderListView, "builder"],
  [/^\/builder\/([0-9a-f-]{36})$/, builderDraftView, "builder"],
];

const main = document.getElementById("main");
let cleanup = null;
let controller = null;
let signInMessage = null;

export function navigate(path, { replace = false } = {}) {
  if (replace) history.replaceState({}, "", path);
  else history.pushState({}, "", path);
  render();
}

function renderHeader(section) {
  const claims = auth.claims();
  const nav = document.getElementById("nav");
  nav.hidden = !claims;
  for (const link of nav.querySelectorAll("a")) {
    if (link.dataset.section === section) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  }
  const who = clear(document.getElementById("who"));
  if (claims) {
    who.append(
      h("span", { "data-testid": "whoami" }, `${claims.user} (${claims.role})`),
      h("button", { class: "secondary", type: "button", onclick: () => signOut(null) }, "Sign out"),
    );
  }
}

function signOut(message) {
  auth.clear();
  signInMessage = message;
  navigate(`/sign-in?next=${encodeURIComponent(location.pathname)}`, { replace: true });
}

setUnauthorizedHandler((problem) => {
  if (location.pathname !== "/sign-in") signOut(problem.detail || problem.title);
});

async function render() {
  // Streams and timers of the page being left stop here.
  if (controller) controller.abort();
  controller = new AbortController();
  const signal = controller.signal;
  if (cleanup) {
    try {
      cleanup();
    } catch (error) {
      console.warn(error);
    }
    cleanup = null;
  }
  let path = location.pathname.replace(/\/+$/, "") || "/";
  if (path === "/") {
    history.replaceState({}, "", auth.token ? "/training" : "/sign-in");
    path = location.pathname;
  }
  const match = routes.map(([re, view, section, opts]) => [re.exec(path), view, section, opts || {}]).find(([m]) => m);
  clear(main);
  if (!match) {
    renderHeader(null);
    main.append(h("h1", { tabindex: "-1" }, "Page not found"), h("p", {}, h("a", { href: "/training", "data-link": true }, "Go to Training")));
    focusHeading();
    return;
  }
  const [found, view, section, opts] = match;
  if (!opts.public && !auth.token) {
    signOut(null);
    return;
  }
  renderHeader(section);
  const context = { params: found.slice(1), query: new URLSearchParams(location.search), navigate, message: signInMessage, signal };
  signInMessage = null;
  const root = h("div", { class: "page" });
  main.append(root);
  try {
    const done = view(root, context);
    focusHeading();
    const result = await done;
    if (!signal.aborted) cleanup = result || null;
    else if (typeof result === "function") result();
  } catch (error) {
    if (error.name !== "AbortError") console.error(error);
  }
}

let firstPage = true;
function focusHeading() {
  // On a page change, screen-reader and keyboard users land on the new page's heading;
  // a fresh load keeps the browser's own start (the skip link comes first).
  if (firstPage) {
    firstPage = false;
    return;
  }
  const heading = main.querySelector("h1");
  if (heading) {
    heading.setAttribute("tabindex", "-1");
    heading.focus({ preventScroll: false });
  } else main.focus();
}

document.addEventListener("click", (event) => {
  const link = event.target.closest("a[data-link]");
  if (!link || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
  event.preventDefault();
  navigate(link.getAttribute("href"));
});
window.addEventListener("popstate", render);
render();
