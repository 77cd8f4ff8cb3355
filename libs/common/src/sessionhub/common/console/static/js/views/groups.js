// Groups (seed 000): bulk creation with a group name, the group page, templates,
// export and import.

import { api, auth, showProblem } from "../api.js";
import { h, field, fmtDate, fmtScore, download, toast } from "../dom.js";

function resultsView(result) {
  const created = new Map(result.sessions.map((s) => [s.index, s.id]));
  const failed = new Map(result.errors.map((e) => [e.index, e.detail]));
  const total = created.size + failed.size;
  const rows = [];
  for (let i = 0; i < total; i += 1) {
    rows.push(
      created.has(i)
        ? h("li", { "data-testid": `result-${i}` }, h("span", { class: "ok" }, `Session ${i + 1}: created `), h("a", { href: `/training/${created.get(i)}`, "data-link": true }, `#${created.get(i)}`))
        : h("li", { "data-testid": `result-${i}` }, h("span", { class: "failed" }, `Session ${i + 1}: failed — `), failed.get(i) || "no reason given"),
    );
  }
  return h(
    "section",
    { class: "card", "aria-labelledby": "results-heading", "data-testid": "bulk-results" },
    h("h3", { id: "results-heading" }, `${result.group_name}: ${result.created_count} created, ${result.failed_count} failed`),
    h("p", {}, result.message),
    h("ul", {}, rows),
    h("a", { class: "button", href: `/groups/${result.group_id}`, "data-link": true }, "Open the group"),
  );
}

function bulkDialog(onDone) {
  const manager = auth.isManager();
  const alert = h("div");
  const name = h("input", { name: "group_name", value: `Training Group - ${new Date().toLocaleDateString()}` });
  const rows = h("tbody");
  const progress = h("div", { role: "status", "aria-live": "polite" });
  const results = h("div");
  const createButton = h("button", { type: "submit" }, "Create all sessions");
  const addButton = h("button", { type: "button", class: "secondary" }, "Add a session");
  const closeButton = h("button", { type: "button", class: "secondary" }, "Close");

  function renumber() {
    [...rows.children].forEach((tr, i) => {
      tr.querySelector("th").textContent = String(i + 1);
      for (const input of tr.querySelectorAll("input")) input.setAttribute("aria-label", `${input.dataset.label} of session ${i + 1}`);
      tr.querySelector("button").setAttribute("aria-label", `Remove session ${i + 1}`);
      tr.querySelector("button").disabled = rows.children.length === 1;
    });
  }
  function addRow(values = {}) {
    const cell = (key, label) => h("td", {}, h("input", { name: key, "data-label": label, value: values[key] || "" }));
    const remove = h("button", { type: "button", class: "secondary" }, "Remove");
    const tr = h("tr", {}, h("th", { scope: "row" }), cell("title", "Title"), cell("scenario", "Scenario"), cell("persona", "Persona"), manager ? cell("assignee_user_id", "Assign to (user id)") : null, h("td", {}, remove));
    remove.addEventListener("click", () => {
      const next = tr.nextElementSibling || tr.previousElementSibling;
      tr.remove();
      renumber();
      next?.querySelector("input")?.focus();
    });
    rows.append(tr);
    renumber();
    return tr;
  }
  addRow({ title: "Booking Complaint Handling", scenario: "Guest complains about double booking", persona: "Frustrated business traveler" });
  addButton.addEventListener("click", () => addRow().querySelector("input").focus());

  const form = h(
    "form",
    { method: "dialog" },
    h("h2", { id: "bulk-heading" }, "Create a group of sessions"),
    alert,
    field("Group name", name, "Every session below is created in this group; a failed session does not stop the others."),
    h("div", { class: "table-wrap" },
      h("table", {},
        h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "#"), h("th", { scope: "col" }, "Title"), h("th", { scope: "col" }, "Scenario"), h("th", { scope: "col" }, "Persona"), manager ? h("th", { scope: "col" }, "Assign to (manager)") : null, h("th", { scope: "col" }, h("span", { class: "visually-hidden" }, "Actions")))),
        rows,
      ),
    ),
    h("div", { class: "actions" }, addButton, createButton, closeButton),
    progress,
    results,
  );
  const dialog = h("dialog", { "aria-labelledby": "bulk-heading" }, form);
  closeButton.addEventListener("click", () => dialog.close());
  dialog.addEventListener("close", () => dialog.remove());

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    showProblem(alert, null);
    const sessions = [...rows.children].map((tr) => {
      const config = {};
      for (const input of tr.querySelectorAll("input")) {
        const value = input.value.trim();
        if (input.name === "assignee_user_id") {
          if (value) config.assignee_user_id = value;
        } else config[input.name] = value;
      }
      return config;
    });
    createButton.disabled = true;
    addButton.disabled = true;
    results.replaceChildren();
    progress.replaceChildren(h("p", {}, h("progress", { "aria-label": "Creating sessions" }), ` Creating ${sessions.length} session(s)…`));
    try {
      const body = { sessions };
      if (name.value.trim()) body.group_name = name.value.trim();
      const result = await api("/api/groups", { method: "POST", body, idempotent: true });
      progress.replaceChildren(h("p", {}, `Done: ${result.created_count} of ${sessions.length} created.`));
      results.replaceChildren(resultsView(result));
      results.querySelector("h3").setAttribute("tabindex", "-1");
      results.querySelector("h3").focus();
      onDone();
    } catch (error) {
      progress.replaceChildren();
      showProblem(alert, error);
    } finally {
      createButton.disabled = false;
      addButton.disabled = false;
    }
  });
  return dialog;
}

export async function groupsView(root, { signal }) {
  root.append(h("h1", {}, "Groups"));
  const alert = h("div");
  const newButton = h("button", { type: "button" }, "New group (bulk creation)");
  const list = h("tbody");
  const more = h("button", { type: "button", class: "secondary", hidden: true }, "Load more");
  const templates = h("ul", { "data-testid": "templates" });
  const importFile = h("input", { type: "file", accept: "application/json,.json", name: "import" });
  const importButton = h("button", { type: "submit" }, "Import");
  const importResults = h("div");
  const importForm = h("form", { class: "card", "aria-labelledby": "import-heading" }, h("h2", { id: "import-heading" }, "Import a group"), field("Exported group file (JSON)", importFile), h("div", { class: "actions" }, importButton), importResults);

  root.append(
    alert,
    h("div", { class: "actions" }, newButton),
    h("h2", {}, "Your groups"),
    h("div", { class: "table-wrap" }, h("table", {}, h("thead", {}, h("tr", {}, ["Group", "Sessions", "Graded", "Created"].map((c) => h("th", { scope: "col" }, c)))), list)),
    more,
    h("h2", {}, "Templates"),
    templates,
    importForm,
  );

  let cursor = null;
  async function load(reset) {
    if (reset) {
      list.replaceChildren();
      cursor = null;
    }
    try {
      const page = await api(`/api/groups?limit=20${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`, { signal });
      for (const g of page.data) {
        list.append(h("tr", {}, h("td", {}, h("a", { href: `/groups/${g.id}`, "data-link": true }, g.group_name)), h("td", {}, String(g.session_count)), h("td", {}, g.graded ? "yes" : "not yet"), h("td", {}, fmtDate(g.created_at))));
      }
      if (!list.children.length) list.append(h("tr", {}, h("td", { colspan: 4, class: "muted" }, "No groups yet.")));
      cursor = page.next_cursor;
      more.hidden = !cursor;
    } catch (error) {
      if (error.name !== "AbortError") showProblem(alert, error);
    }
  }
  async function loadTemplates() {
    try {
      const page = await api("/api/groups/templates", { signal });
      const items = Array.isArray(page) ? page : page.data || [];
      templates.replaceChildren(...items.map(templateItem));
      if (!items.length) templates.append(h("li", { class: "muted" }, "No templates yet: save one from a group's page."));
    } catch (error) {
      if (error.name !== "AbortError") showProblem(alert, error);
    }
  }
  function templateItem(t) {
    const button = h("button", { type: "button", class: "secondary" }, `Create a group from “${t.name}”`);
    const out = h("div");
    button.addEventListener("click", async () => {
      try {
        const result = await api(`/api/groups/templates/${t.id}/groups`, { method: "POST", body: {}, idempotent: true });
        out.replaceChildren(resultsView(result));
        load(true);
      } catch (error) {
        showProblem(out, error);
      }
    });
    return h("li", {}, `${t.name} (${t.sessions.length} sessions) `, button, out);
  }

  newButton.addEventListener("click", () => {
    const dialog = bulkDialog(() => load(true));
    root.append(dialog);
    dialog.showModal();
  });
  more.addEventListener("click", () => load(false));
  importForm.addEventListener("submit", async (event) => {
    event.preventDefault();
    const file = importFile.files[0];
    if (!file) {
      showProblem(importResults, new Error("Choose an exported group file first."));
      importFile.focus();
      return;
    }
    let documentBody;
    try {
      documentBody = JSON.parse(await file.text());
    } catch (error) {
      showProblem(importResults, new Error(`That file is not JSON: ${error.message}`));
      return;
    }
    importButton.disabled = true;
    try {
      const result = await api("/api/groups/import", { method: "POST", body: documentBody, idempotent: true });
      importResults.replaceChildren(resultsView(result));
      load(true);
    } catch (error) {
      showProblem(importResults, error);
    } finally {
      importButton.disabled = false;
    }
  });
  await Promise.all([load(true), loadTemplates()]);
}

export async function groupView(root, { params, navigate, signal }) {
  const id = params[0];
  const heading = h("h1", {}, "Group");
  const alert = h("div");
  const body = h("div");
  root.append(heading, alert, body);
  let timer = null;

  async function load() {
    let group;
    try {
      group = await api(`/api/groups/${id}`, { signal });
    } catch (error) {
      if (error.name !== "AbortError") showProblem(alert, error);
      return;
    }
    heading.textContent = group.group_name;
    body.replaceChildren(...render(group));
    clearTimeout(timer);
    // Grades land asynchronously: refresh while some are still pending.
    if ((group.grading_counts?.pending || 0) > 0 && !signal.aborted) timer = setTimeout(load, 2000);
    if (group.group_feedback) loadRanking();
  }

  const ranking = h("div");
  async function loadRanking() {
    try {
      const stats = await api(`/api/groups/${id}/analytics`, { signal });
      ranking.replaceChildren(
        h("h2", {}, "Ranking"),
        h("div", { class: "table-wrap" }, h("table", { "data-testid": "ranking" },
          h("thead", {}, h("tr", {}, ["Rank", "Trainee", "Sessions", "Graded", "Average", "Best"].map((c) => h("th", { scope: "col" }, c)))),
          h("tbody", {}, stats.ranking.map((r) => h("tr", {}, h("td", {}, String(r.rank)), h("td", {}, r.user_id), h("td", {}, String(r.sessions)), h("td", {}, String(r.graded)), h("td", {}, fmtScore(r.average_overall)), h("td", {}, fmtScore(r.best_overall))))),
        )),
      );
    } catch (error) {
      if (error.name !== "AbortError") showProblem(ranking, error);
    }
  }

  function render(group) {
    const p = group.progress;
    const out = [];
    out.push(h("p", { class: "muted" }, `Created by ${group.created_by} on ${fmtDate(group.created_at)}`));
    out.push(
      h("div", { class: "grid" },
        h("div", { class: "card" }, h("label", { for: "completed-progress" }, `Completed ${p.completed} of ${p.total}`), h("progress", { id: "completed-progress", max: 100, value: p.percent_completed })),
        h("div", { class: "card" }, h("label", { for: "graded-progress" }, `Graded ${p.graded} of ${p.total}`), h("progress", { id: "graded-progress", max: 100, value: p.percent_graded })),
      ),
    );
    out.push(actions(group));
    out.push(h("h2", {}, "Sessions"));
    out.push(
      h("div", { class: "table-wrap" }, h("table", { "data-testid": "group-sessions" },
        h("thead", {}, h("tr", {}, ["Session", "Trainee", "Status", "Grading", "Overall"].map((c) => h("th", { scope: "col" }, c)))),
        h("tbody", {}, group.sessions.map((s) => h("tr", {},
          h("td", {}, h("a", { href: s.status === "active" ? `/training/${s.id}` : `/analytics/${s.id}`, "data-link": true }, s.title || `#${s.id}`)),
          h("td", {}, s.user_id), h("td", {}, s.status), h("td", {}, s.grading_status || "—"), h("td", {}, fmtScore(s.overall_score))))),
      )),
    );
    const fb = group.group_feedback;
    if (fb) {
      const avg = fb.averages || {};
      out.push(
        h("section", { class: "card", "data-testid": "group-feedback", "aria-labelledby": "feedback-heading" },
          h("h2", { id: "feedback-heading" }, "Group feedback"),
          h("p", {}, `Averages — rapport ${fmtScore(avg.rapport)}, discovery ${fmtScore(avg.discovery)}, objection handling ${fmtScore(avg.objection_handling)}, closing ${fmtScore(avg.closing)}, overall ${fmtScore(avg.overall)}.`),
          h("div", { class: "grid" },
            h("div", {}, h("h3", {}, "Common strengths"), h("ul", {}, (fb.common_strengths || []).map((s) => h("li", {}, typeof s === "string" ? s : s.text || JSON.stringify(s))))),
            h("div", {}, h("h3", {}, "Common improvements"), h("ul", {}, (fb.common_improvements || []).map((s) => h("li", {}, typeof s === "string" ? s : s.text || JSON.stringify(s))))),
          ),
        ),
      );
      out.push(ranking);
    } else out.push(h("p", { class: "muted" }, "Group feedback and ranking appear once every session is graded."));
    return out;
  }

  function actions(group) {
    const box = h("div", { class: "card" });
    const slot = h("div");
    const renameInput = h("input", { name: "group_name", value: group.group_name });
    const renameForm = h("form", { class: "row" }, field("Group name", renameInput), h("div", { class: "shrink" }, h("button", { type: "submit", class: "secondary" }, "Rename")));
    renameForm.addEventListener("submit", async (event) => {
      event.preventDefault();
      try {
        await api(`/api/groups/${id}`, { method: "PATCH", body: { group_name: renameInput.value.trim() } });
        toast("Group renamed.");
        load();
      } catch (error) {
        showProblem(slot, error);
      }
    });
    const completeAll = h("button", { type: "button" }, "Complete all sessions");
    completeAll.addEventListener("click", async () => {
      completeAll.disabled = true;
      try {
        const result = await api(`/api/groups/${id}/complete`, { method: "POST" });
        const failed = result.results.filter((r) => r.outcome === "failed");
        toast(`${result.completed_count} session(s) completed${failed.length ? `, ${failed.length} failed` : ""}.`);
        if (failed.length) showProblem(slot, new Error(failed.map((r) => `#${r.session_id}: ${r.detail}`).join("; ")));
        load();
      } catch (error) {
        showProblem(slot, error);
        completeAll.disabled = false;
      }
    });
    const exportButton = h("button", { type: "button", class: "secondary" }, "Export");
    exportButton.addEventListener("click", async () => {
      try {
        const doc = await api(`/api/groups/${id}/export`);
        download(`${group.group_name.replace(/[^\w.-]+/g, "_")}.json`, new Blob([JSON.stringify(doc, null, 2)], { type: "application/json" }));
      } catch (error) {
        showProblem(slot, error);
      }
    });
    const templateName = h("input", { name: "template_name", value: `${group.group_name} template` });
    const templateForm = h("form", { class: "row" }, field("Template name", templateName), h("div", { class: "shrink" }, h("button", { type: "submit", class: "secondary" }, "Save as template")));
    templateForm.addEventListener("submit", async (event) => {
      event.preventDefault();
      try {
        const t = await api(`/api/groups/${id}/template`, { method: "POST", body: { name: templateName.value.trim() }, idempotent: true });
        toast(`Template “${t.name}” saved.`);
      } catch (error) {
        showProblem(slot, error);
      }
    });
    const deleteButton = h("button", { type: "button", class: "danger" }, "Delete group and all its sessions");
    deleteButton.addEventListener("click", () => {
      const confirmButton = h("button", { type: "button", class: "danger" }, "Delete everything");
      const cancel = h("button", { type: "button", class: "secondary" }, "Cancel");
      const dialog = h("dialog", { "aria-labelledby": "confirm-delete" }, h("h2", { id: "confirm-delete" }, `Delete “${group.group_name}”?`), h("p", {}, `Its ${group.sessions.length} session(s) and their transcripts are deleted too.`), h("div", { class: "actions" }, cancel, confirmButton));
      cancel.addEventListener("click", () => dialog.close());
      dialog.addEventListener("close", () => dialog.remove());
      confirmButton.addEventListener("click", async () => {
        try {
          await api(`/api/groups/${id}`, { method: "DELETE" });
          dialog.close();
          toast("Group deleted.");
          navigate("/groups");
        } catch (error) {
          dialog.close();
          showProblem(slot, error);
        }
      });
      root.append(dialog);
      dialog.showModal();
      cancel.focus();
    });
    box.append(h("h2", {}, "Manage"), slot, renameForm, templateForm, h("div", { class: "actions" }, completeAll, exportButton, deleteButton));
    return box;
  }

  await load();
  return () => clearTimeout(timer);
}
