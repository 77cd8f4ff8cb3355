// Builder (seed 002): Setup with autosave under If-Match, Generate (variants over SSE),
// Review & Edit (the outline's sections), Finalize (the readiness checklist).

import { api, showProblem, stream, Problem } from "../api.js";
import { h, field, fmtDate, toast } from "../dom.js";

const SETUP_FIELDS = [
  ["title", "Title", "input"],
  ["sessionType", "Session type", "select", ["", "training", "workshop", "webinar", "event"]],
  ["category", "Category", "input"],
  ["desiredOutcome", "Desired outcome", "textarea"],
  ["currentProblem", "Current problem", "textarea"],
  ["specificTopics", "Specific topics", "textarea"],
  ["startDate", "Start date", "date"],
  ["startTime", "Start time", "time"],
  ["endTime", "End time", "time"],
  ["timezone", "Time zone", "input"],
  ["location", "Location", "input"],
];
const KINDS = ["opening", "content", "activity", "discussion", "break", "wrap_up"];
const AUTOSAVE_DELAY_MS = 800;

// Autosave answers only the revision, validation and readiness: the page applies what it
// sent itself (RFC 7396), so an outline is never sent back and forth on every keystroke.
function applyMergePatch(target, patch) {
  if (!patch || typeof patch !== "object" || Array.isArray(patch)) return patch;
  const out = target && typeof target === "object" && !Array.isArray(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete out[key];
    else out[key] = applyMergePatch(out[key], value);
  }
  return out;
}

// New sections get their id here, so later saves and section operations keep addressing
// them (the server would give a section sent without an id a fresh one on every save).
const newSectionId = () => Array.from(crypto.getRandomValues(new Uint8Array(6)), (b) => b.toString(16).padStart(2, "0")).join("");

export async function builderListView(root, { navigate, signal }) {
  root.append(h("h1", {}, "Session builder"));
  const alert = h("div");
  const create = h("button", { type: "button" }, "New draft");
  const list = h("tbody");
  root.append(alert, h("div", { class: "actions" }, create), h("div", { class: "table-wrap" }, h("table", {}, h("thead", {}, h("tr", {}, ["Draft", "Status", "Readiness", "Saved"].map((c) => h("th", { scope: "col" }, c)))), list)));
  create.addEventListener("click", async () => {
    create.disabled = true;
    try {
      const draft = await api("/api/builder/drafts", { method: "POST", body: {}, idempotent: true });
      navigate(`/builder/${draft.id}`);
    } catch (error) {
      showProblem(alert, error);
      create.disabled = false;
    }
  });
  try {
    const page = await api("/api/builder/drafts?limit=50", { signal });
    for (const d of page.data) {
      list.append(h("tr", {}, h("td", {}, h("a", { href: `/builder/${d.id}`, "data-link": true }, d.title || "Untitled draft")), h("td", {}, d.status), h("td", {}, `${d.readiness_score}%`), h("td", {}, fmtDate(d.last_autosave_at || d.updated_at))));
    }
    if (!page.data.length) list.append(h("tr", {}, h("td", { colspan: 4, class: "muted" }, "No drafts yet.")));
  } catch (error) {
    if (error.name !== "AbortError") showProblem(alert, error);
  }
}

export async function builderDraftView(root, { params, signal }) {
  const id = params[0];
  const heading = h("h1", {}, "Draft");
  const alert = h("div");
  const indicator = h("p", { role: "status", "data-testid": "autosave", class: "muted" }, "Loading…");
  const conflict = h("div");
  const tabs = h("div", { role: "tablist", "aria-label": "Builder steps", class: "actions" });
  const panel = h("div", { role: "tabpanel", tabindex: "-1" });
  root.append(heading, indicator, conflict, alert, tabs, panel);

  let draft;
  let pending = {};
  let timer = null;
  let saving = null;
  // Bumped when the user drops their changes: a save still in flight must not bring them back.
  let epoch = 0;

  async function load() {
    draft = await api(`/api/builder/drafts/${id}`, { signal });
    heading.textContent = draft.metadata.title || "Untitled draft";
  }
  try {
    await load();
  } catch (error) {
    showProblem(alert, error);
    indicator.textContent = "";
    return;
  }
  indicator.textContent = `Saved (revision ${draft.revision})`;

  function merge(patch) {
    for (const [key, value] of Object.entries(patch)) {
      pending[key] = value && typeof value === "object" && !Array.isArray(value) ? { ...(pending[key] || {}), ...value } : value;
    }
    indicator.textContent = "Unsaved changes…";
    clearTimeout(timer);
    timer = setTimeout(save, AUTOSAVE_DELAY_MS);
  }

  async function save() {
    clearTimeout(timer);
    if (saving) await saving;
    if (!Object.keys(pending).length) return;
    const patch = pending;
    const started = epoch;
    pending = {};
    indicator.textContent = "Saving…";
    saving = (async () => {
      try {
        const result = await api(`/api/builder/drafts/${id}`, { method: "PATCH", body: patch, headers: { "If-Match": `"${draft.revision}"` } });
        draft = { ...applyMergePatch(draft, patch), ...result };
        heading.textContent = draft.metadata?.title || "Untitled draft";
        indicator.textContent = `Saved (revision ${draft.revision}) at ${new Date().toLocaleTimeString()}`;
        showProblem(alert, null);
        onSaved();
      } catch (error) {
        if (started !== epoch) return;
        pending = { ...patch, ...pending };
        if (error instanceof Problem && error.status === 412) showConflict(error);
        else {
          indicator.textContent = "Not saved: see the error below.";
          showProblem(alert, error);
        }
      } finally {
        saving = null;
      }
    })();
    await saving;
  }

  function showConflict(error) {
    indicator.textContent = "Not saved: this draft changed elsewhere.";
    const reload = h("button", { type: "button", class: "secondary" }, "Reload the latest (drop my changes)");
    const overwrite = h("button", { type: "button" }, "Overwrite with my changes");
    conflict.replaceChildren(
      h("div", { class: "problem", role: "alert", "data-testid": "conflict" },
        h("strong", {}, `${error.title} (412)`),
        error.detail,
        h("div", { class: "actions" }, reload, overwrite)),
    );
    reload.addEventListener("click", async () => {
      epoch += 1;
      pending = {};
      clearTimeout(timer);
      try {
        await load();
        conflict.replaceChildren();
        indicator.textContent = `Reloaded revision ${draft.revision}`;
        showStep(current);
      } catch (e) {
        showProblem(alert, e);
      }
    });
    overwrite.addEventListener("click", async () => {
      try {
        // Take the latest revision as the base and apply my changes on top of it.
        const mine = pending;
        await load();
        pending = mine;
        conflict.replaceChildren();
        await save();
      } catch (e) {
        showProblem(alert, e);
      }
    });
    conflict.querySelector("button").focus();
  }

  let onSaved = () => {};
  const steps = [
    ["setup", "1. Setup", setupStep],
    ["generate", "2. Generate", generateStep],
    ["review", "3. Review & Edit", reviewStep],
    ["finalize", "4. Finalize", finalizeStep],
  ];
  let current = "setup";
  const tabButtons = steps.map(([key, label]) => {
    const button = h("button", { type: "button", role: "tab", class: "secondary", id: `tab-${key}`, "aria-selected": "false", onclick: () => showStep(key) }, label);
    tabs.append(button);
    return button;
  });
  let stepAbort = null;
  async function showStep(key) {
    await save();
    current = key;
    if (stepAbort) stepAbort.abort();
    stepAbort = new AbortController();
    signal.addEventListener("abort", () => stepAbort.abort(), { once: true });
    tabButtons.forEach((b, i) => b.setAttribute("aria-selected", String(steps[i][0] === key)));
    panel.setAttribute("aria-labelledby", `tab-${key}`);
    panel.replaceChildren();
    onSaved = () => {};
    steps.find(([k]) => k === key)[2](panel, stepAbort.signal);
  }

  function setupStep(box) {
    const form = h("form", { class: "card", novalidate: true });
    const issueSlots = {};
    for (const [name, label, kind, options] of SETUP_FIELDS) {
      const value = draft.metadata[name] ?? "";
      let control;
      if (kind === "select") control = h("select", { name }, options.map((o) => h("option", { value: o }, o || "—")));
      else if (kind === "textarea") control = h("textarea", { name, rows: 2 });
      else control = h("input", { name, type: kind === "input" ? "text" : kind });
      control.value = kind === "time" ? String(value).slice(0, 5) : value;
      const issue = h("p", { class: "failed", id: `issue-${name}`, "data-testid": `issue-${name}` });
      issueSlots[name] = [control, issue];
      control.addEventListener("input", () => merge({ metadata: { [name]: control.value === "" ? null : control.value } }));
      // Inline validation on blur: save now and show what the server says about it.
      control.addEventListener("blur", () => {
        if (!conflict.childElementCount) save();
      });
      const wrap = field(label, control);
      wrap.append(issue);
      form.append(wrap);
    }
    const saveNow = h("button", { type: "button" }, "Save now");
    saveNow.addEventListener("click", () => save());
    const undo = h("button", { type: "button", class: "secondary" }, "Undo last save");
    undo.addEventListener("click", async () => {
      await save();
      try {
        draft = await api(`/api/builder/drafts/${id}/undo`, { method: "POST", headers: { "If-Match": `"${draft.revision}"` } });
        indicator.textContent = `Restored the previous version (revision ${draft.revision})`;
        showStep("setup");
      } catch (error) {
        if (error instanceof Problem && error.status === 412) showConflict(error);
        else showProblem(alert, error);
      }
    });
    form.append(h("div", { class: "actions" }, saveNow, undo));
    box.append(form);
    const showIssues = () => {
      for (const [name, [control, slot]] of Object.entries(issueSlots)) {
        const issues = draft.validation.filter((i) => i.field === `metadata.${name}`);
        slot.textContent = issues.map((i) => i.message).join(" ");
        if (issues.length) {
          control.setAttribute("aria-invalid", "true");
          control.setAttribute("aria-describedby", slot.id);
        } else {
          control.removeAttribute("aria-invalid");
          control.removeAttribute("aria-describedby");
        }
      }
    };
    showIssues();
    onSaved = showIssues;
  }

  function variantCard(v) {
    const use = h("button", { type: "button", class: "secondary" }, `Use “${v.label}”`);
    use.addEventListener("click", async () => {
      await save();
      try {
        // Selecting keeps the variant as an AI version and makes it the outline.
        draft = await api(`/api/builder/drafts/${id}/variants/${v.id}/select`, { method: "POST", headers: { "If-Match": `"${draft.revision}"` } });
        indicator.textContent = `Saved (revision ${draft.revision}): outline from “${v.label}”`;
        toast(`Outline from “${v.label}” applied.`);
      } catch (error) {
        if (error instanceof Problem && error.status === 412) showConflict(error);
        else showProblem(alert, error);
      }
    });
    const c = v.contribution;
    return h("article", { class: "card", "data-testid": "variant" },
      h("h3", {}, v.label),
      h("p", { class: "muted" }, `${v.description} · ${v.provider}${v.status === "failed" ? ` · failed: ${v.error}` : ""}`),
      c ? h("p", {}, `Contribution: AI ${Math.round(c.ai * 100)}%, knowledge ${Math.round(c.rag * 100)}%, your input ${Math.round(c.user * 100)}%`) : null,
      h("ol", {}, (v.outline?.sections || []).map((s) => h("li", {}, `${s.title} (${s.duration_minutes} min)`))),
      v.sources.length ? h("details", {}, h("summary", {}, `${v.sources.length} source(s)`), h("ul", {}, v.sources.map((s) => h("li", {}, `${s.document_title} #${s.chunk_id}`)))) : null,
      v.status === "ok" ? use : null,
    );
  }

  function generateStep(box, stepSignal) {
    const slot = h("div");
    const status = h("p", { role: "status" });
    const cards = h("div", { class: "grid", "aria-live": "polite" });
    const generate = h("button", { type: "button" }, "Generate variants");
    box.append(h("div", { class: "actions" }, generate), slot, status, cards);
    generate.addEventListener("click", async () => {
      showProblem(slot, null);
      try {
        await api(`/api/builder/drafts/${id}/variants`, { method: "POST", body: {} });
        cards.replaceChildren();
      } catch (error) {
        showProblem(slot, error);
      }
    });
    (async () => {
      try {
        for await (const event of stream(`/api/builder/drafts/${id}/events`, { signal: stepSignal })) {
          if (event.event === "pending") {
            cards.replaceChildren();
            status.replaceChildren(h("progress", { "aria-label": "Generating" }), " Generating variants…");
          } else if (event.event === "variant") cards.append(variantCard(event.data));
          else if (event.event === "done") status.textContent = `Generation finished${event.data.fallback ? " (offline fallback)" : ""}.`;
          else if (event.event === "failed") showProblem(slot, new Error(`Generation failed: ${event.data.error || "no reason given"}`));
        }
      } catch (error) {
        if (error.name !== "AbortError") showProblem(slot, error);
      }
    })();
  }

  function reviewStep(box) {
    let sections = (draft.outline?.sections || []).map((s) => ({ ...s }));
    const list = h("ol", { class: "transcript" });
    const commit = () => merge({ outline: { sections } });
    function render() {
      list.replaceChildren(
        ...sections.map((s, i) => {
          const title = h("input", { name: "section_title", value: s.title, "aria-label": `Title of section ${i + 1}` });
          const minutes = h("input", { type: "number", min: 0, max: 1440, value: s.duration_minutes, "aria-label": `Minutes of section ${i + 1}` });
          const kind = h("select", { "aria-label": `Kind of section ${i + 1}` }, KINDS.map((k) => h("option", { value: k }, k)));
          kind.value = s.kind || "content";
          title.addEventListener("input", () => { s.title = title.value; commit(); });
          minutes.addEventListener("input", () => { s.duration_minutes = Number(minutes.value) || 0; commit(); });
          kind.addEventListener("change", () => { s.kind = kind.value; commit(); });
          const act = (label, fn) => h("button", { type: "button", class: "secondary", onclick: () => { fn(); commit(); render(); } }, label);
          return h("li", { class: "card", "data-testid": "section" },
            h("div", { class: "row" }, title, minutes, kind),
            h("div", { class: "actions" },
              act(`Move section ${i + 1} up`, () => i > 0 && sections.splice(i - 1, 0, sections.splice(i, 1)[0])),
              act(`Move section ${i + 1} down`, () => i < sections.length - 1 && sections.splice(i + 1, 0, sections.splice(i, 1)[0])),
              act(`Duplicate section ${i + 1}`, () => sections.splice(i + 1, 0, { ...s, id: newSectionId() })),
              act(`Delete section ${i + 1}`, () => sections.splice(i, 1)),
            ));
        }),
      );
    }
    const quick = h("div", { class: "actions" }, KINDS.map((k) => h("button", { type: "button", class: "secondary", onclick: () => { sections.push({ id: newSectionId(), title: k.replace("_", " "), description: "", duration_minutes: 10, kind: k }); commit(); render(); } }, `+ ${k.replace("_", " ")}`)));
    render();
    box.append(h("h2", {}, "Sections"), list, h("h3", {}, "Quick add"), quick);
    // The comparison follows the outline as its edits are saved.
    compareVersions(box).then((refresh) => {
      if (refresh && current === "review") onSaved = refresh;
    });
  }

  async function compareVersions(box) {
    const slot = h("div");
    const section = h("section", { "aria-labelledby": "compare-heading" }, h("h2", { id: "compare-heading" }, "Compare versions"), slot);
    box.append(section);
    let versions;
    try {
      versions = await api(`/api/builder/drafts/${id}/versions`, { signal });
    } catch (error) {
      if (error.name !== "AbortError") showProblem(slot, error);
      return;
    }
    if (!versions.length) {
      slot.append(h("p", { class: "muted" }, "No AI versions yet: use a variant from the Generate step."));
      return;
    }
    const options = [["current", "Current outline"], ...versions.map((v) => [v.id, `${v.label} · ${fmtDate(v.created_at)}`])];
    const pick = (label, value) => {
      const select = h("select", {}, options.map(([v, text]) => h("option", { value: v }, text)));
      select.value = value;
      return [select, field(label, select)];
    };
    const [a, aField] = pick("Version A", versions[0].id);
    const [b, bField] = pick("Version B", "current");
    const result = h("div", { "data-testid": "comparison" });
    const outlineOf = async (key) => (key === "current" ? { label: "Current outline", outline: (await api(`/api/builder/drafts/${id}`, { signal })).outline } : versions.find((v) => v.id === key));
    async function compare() {
      try {
        const [diff, left, right] = await Promise.all([
          api(`/api/builder/drafts/${id}/versions/compare?a=${a.value}&b=${b.value}`, { signal }),
          outlineOf(a.value),
          outlineOf(b.value),
        ]);
        const column = (v) => h("div", { class: "card" }, h("h3", {}, v.label), h("ol", {}, (v.outline?.sections || []).map((s) => h("li", {}, `${s.title} (${s.duration_minutes} min)`))));
        const line = (label, items, fmt) => (items.length ? h("li", {}, `${label}: ${items.map(fmt).join(", ")}`) : null);
        result.replaceChildren(
          h("div", { class: "grid" }, column(left), column(right)),
          h("ul", {},
            line("Added in B", diff.added, (x) => x.title),
            line("Removed from A", diff.removed, (x) => x.title),
            line("Moved", diff.moved, (x) => `${x.title} (${x.from_index + 1} → ${x.index + 1})`),
            line("Changed", diff.changed, (x) => `${x.title} (${Object.keys(x.fields).join(", ")})`),
            h("li", {}, `Sections ${diff.summary.sections_a} → ${diff.summary.sections_b}, minutes ${diff.summary.minutes_a} → ${diff.summary.minutes_b}`),
          ),
        );
      } catch (error) {
        if (error.name !== "AbortError") showProblem(result, error);
      }
    }
    a.addEventListener("change", compare);
    b.addEventListener("change", compare);
    slot.append(h("div", { class: "row" }, aField, bField), result);
    await save();
    compare();
    return compare;
  }

  function finalizeStep(box) {
    const r = draft.readiness;
    const slot = h("div");
    const published = h("div", { "data-testid": "published" });
    const publish = h("button", { type: "button" }, "Publish");
    publish.addEventListener("click", async () => {
      await save();
      publish.disabled = true;
      showProblem(slot, null);
      try {
        const result = await api(`/api/builder/drafts/${id}/publish`, { method: "POST", headers: { "If-Match": `"${draft.revision}"` } });
        toast(result.created ? `Published as content version ${result.content_version}.` : "This revision was already published.");
        await load();
        await showPublished(published, result.session_id);
      } catch (error) {
        if (error instanceof Problem && error.status === 412) showConflict(error);
        else showProblem(slot, error);
      } finally {
        publish.disabled = false;
      }
    });
    box.append(
      h("h2", {}, `Readiness: ${r.score}% (needs ${r.threshold}%)`),
      h("ul", { "data-testid": "checklist" }, r.checklist.map((c) => h("li", {}, h("span", { class: c.passed ? "ok" : "failed" }, c.passed ? "✓ " : "✗ "), `${c.label}: ${c.message}`))),
      h("div", { class: "actions" }, publish),
      slot,
      published,
    );
    if (draft.published_session_id) showPublished(published, draft.published_session_id);
  }

  async function showPublished(box, sessionId) {
    try {
      const [session, versions] = await Promise.all([
        api(`/api/builder/sessions/${sessionId}`, { signal }),
        api(`/api/builder/sessions/${sessionId}/versions`, { signal }),
      ]);
      box.replaceChildren(
        h("section", { class: "card", "aria-labelledby": "published-heading" },
          h("h2", { id: "published-heading" }, `Published: ${session.title}`),
          h("p", {}, `${session.session_type} · ${session.category} · content version ${session.content.version} (draft revision ${session.content.draft_revision})`),
          h("ol", {}, session.content.outline.sections.map((s) => h("li", {}, `${s.title} (${s.duration_minutes} min)`))),
          h("h3", {}, "Content versions"),
          h("ul", {}, versions.map((v) => h("li", {}, `Version ${v.version} · revision ${v.draft_revision} · readiness ${v.readiness_score}% · ${v.published_by} · ${fmtDate(v.published_at)}`))),
        ),
      );
    } catch (error) {
      if (error.name !== "AbortError") showProblem(box, error);
    }
  }

  await showStep("setup");
  return () => clearTimeout(timer);
}
