// My sessions: the caller's training sessions, newest first, with filters and cursor paging.

import { api, showProblem } from "../api.js";
import { h, field, fmtDate, fmtScore } from "../dom.js";

export async function sessionsView(root, { query, signal }) {
  root.append(h("h1", {}, "My sessions"));
  const alert = h("div");
  const status = h("select", { name: "status" }, ["", "active", "completed", "failed"].map((s) => h("option", { value: s }, s || "any")));
  status.value = query.get("status") || "";
  const group = h("input", { name: "group_id", placeholder: "Group id (optional)", value: query.get("group_id") || "" });
  const filters = h("form", { class: "row card", role: "search", "aria-label": "Filter sessions" }, field("Status", status), field("Group", group), h("div", { class: "shrink" }, h("button", { type: "submit" }, "Apply filters")));
  const tbody = h("tbody");
  const more = h("button", { type: "button", class: "secondary", hidden: true }, "Load more");
  const summary = h("p", { role: "status", class: "muted" });
  root.append(
    filters,
    alert,
    h("div", { class: "table-wrap" },
      h("table", {},
        h("thead", {}, h("tr", {}, ["Session", "Scenario", "Status", "Grading", "Overall", "Started"].map((c) => h("th", { scope: "col" }, c)))),
        tbody,
      ),
    ),
    summary,
    more,
  );

  let cursor = null;
  // Only the latest load renders: a filter applied while the first page is still in flight
  // must not see that page's rows appended to its own.
  let generation = 0;
  async function load(reset) {
    const mine = ++generation;
    if (reset) {
      tbody.replaceChildren();
      cursor = null;
    }
    const params = new URLSearchParams({ limit: "20" });
    if (status.value) params.set("status", status.value);
    if (group.value.trim()) params.set("group_id", group.value.trim());
    if (cursor) params.set("cursor", cursor);
    more.disabled = true;
    try {
      const page = await api(`/api/training-sessions?${params}`, { signal });
      if (mine !== generation) return;
      showProblem(alert, null);
      for (const s of page.data) {
        const href = s.status === "active" ? `/training/${s.id}` : `/analytics/${s.id}`;
        tbody.append(
          h("tr", {},
            h("td", {}, h("a", { href, "data-link": true }, s.title || `#${s.id}`)),
            h("td", {}, s.scenario || "—"),
            h("td", {}, s.status),
            h("td", {}, s.grading_status || "—"),
            h("td", {}, fmtScore(s.overall_score)),
            h("td", {}, fmtDate(s.started_at)),
          ),
        );
      }
      cursor = page.next_cursor;
      more.hidden = !cursor;
      summary.textContent = `${tbody.children.length} session(s) shown${cursor ? "; more available" : ""}.`;
    } catch (error) {
      if (error.name !== "AbortError") showProblem(alert, error);
    } finally {
      more.disabled = false;
    }
  }
  filters.addEventListener("submit", (event) => {
    event.preventDefault();
    const params = new URLSearchParams();
    if (status.value) params.set("status", status.value);
    if (group.value.trim()) params.set("group_id", group.value.trim());
    history.replaceState({}, "", `/sessions${params.size ? `?${params}` : ""}`);
    load(true);
  });
  more.addEventListener("click", () => load(false));
  await load(true);
}
