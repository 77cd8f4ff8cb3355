// Analytics: one session's grade (waiting for it over SSE), and the caller's progress.

import { api, auth, showProblem, stream } from "../api.js";
import { h, fmtDate, fmtScore } from "../dom.js";

const CATEGORIES = [
  ["rapport_score", "Rapport"],
  ["discovery_score", "Discovery"],
  ["objection_handling_score", "Objection handling"],
  ["closing_score", "Closing"],
];

function meter(label, value) {
  const pct = value === null || value === undefined ? 0 : Math.max(0, Math.min(100, Number(value)));
  return h(
    "div",
    { class: "meter" },
    h("span", {}, label),
    h("div", { class: "bar", role: "meter", "aria-label": label, "aria-valuemin": 0, "aria-valuemax": 100, "aria-valuenow": pct }, h("span", { style: `width:${pct}%` })),
    h("span", { "data-testid": `score-${label.toLowerCase().replace(/ /g, "-")}` }, fmtScore(value)),
  );
}

// Feedback items are strings, or objects carrying the transcript quote they rest on.
function feedbackItem(item) {
  if (typeof item === "string") return h("li", {}, item);
  const text = item.text || item.point || item.summary || JSON.stringify(item);
  const quotes = [item.evidence, item.quote, ...(item.evidence_quotes || item.quotes || [])].flat().filter(Boolean);
  return h("li", {}, text, quotes.map((q) => h("blockquote", { class: "muted" }, `“${typeof q === "string" ? q : q.text || JSON.stringify(q)}”`)));
}

function confidenceOf(grade) {
  const value = grade.grade_report?.confidence;
  return value ? String(value) : "not reported";
}

// The report's feedback items point at the transcript line they rest on: quote it.
function feedbackList(grade, kind, fallback) {
  const report = grade.grade_report;
  if (!report?.feedback?.length) return fallback.map(feedbackItem);
  const lines = new Map((grade.transcript || []).map((l) => [l.seq, l]));
  return report.feedback
    .filter((f) => f.kind === kind)
    .map((f) => {
      const line = f.seq ? lines.get(f.seq) : null;
      return h("li", {}, f.text, line ? h("blockquote", { class: "muted", "data-testid": "evidence" }, `${line.speaker === "trainee" ? "You" : "Persona"}: “${line.text}”`) : null);
    });
}

function gradeView(grade) {
  const box = h("section", { "aria-labelledby": "grade-heading", "data-testid": "grade" });
  box.append(h("h2", { id: "grade-heading" }, "Scores"));
  box.append(
    h("div", { class: "grid" },
      h("div", { class: "card" }, h("div", { class: "muted" }, "Overall"), h("div", { class: "big", "data-testid": "overall" }, fmtScore(grade.overall_score))),
      h("div", { class: "card" }, h("div", { class: "muted" }, "Virtual earnings"), h("div", { class: "big", "data-testid": "earnings" }, `$${Number(grade.virtual_earnings || 0).toFixed(2)}`)),
      h("div", { class: "card" }, h("div", { class: "muted" }, "Graded by"), h("div", { "data-testid": "grader" }, grade.grader || "—"), h("div", { class: "muted", "data-testid": "confidence" }, `Confidence: ${confidenceOf(grade)}`), grade.grade_report?.rubric_version ? h("div", { class: "muted" }, `Rubric ${grade.grade_report.rubric_version}`) : null, grade.grade_report?.fallback_reason ? h("div", { class: "muted" }, `Offline because: ${grade.grade_report.fallback_reason}`) : null, h("div", { class: "muted" }, `At ${fmtDate(grade.graded_at)}`)),
    ),
  );
  for (const [key, label] of CATEGORIES) box.append(meter(label, grade[key]));
  box.append(
    h("div", { class: "grid" },
      h("div", {}, h("h3", {}, "Strengths"), h("ul", { "data-testid": "strengths" }, feedbackList(grade, "strength", grade.feedback_strengths || []))),
      h("div", {}, h("h3", {}, "To improve"), h("ul", { "data-testid": "improvements" }, feedbackList(grade, "improvement", grade.feedback_improvements || []))),
    ),
  );
  return box;
}

export async function sessionAnalyticsView(root, { params, signal }) {
  const id = params[0];
  const heading = h("h1", {}, `Session #${id} analytics`);
  const alert = h("div");
  const status = h("div", { role: "status", "aria-live": "polite" });
  const body = h("div");
  root.append(heading, alert, status, body);

  let session;
  try {
    session = await api(`/api/training-sessions/${id}`, { signal });
  } catch (error) {
    showProblem(alert, error);
    return;
  }
  heading.textContent = `${session.title || `Session #${id}`}: analytics`;
  root.insertBefore(h("p", { class: "muted" }, `${session.agent_name} · ${session.scenario || "no scenario"} · ${session.line_count ?? 0} lines · ${session.duration_seconds ?? "?"} s`), alert);

  async function showStats() {
    try {
      const stats = await api(`/api/analytics/sessions/${id}`, { signal });
      const ratio = stats.talk_ratio === null ? "—" : `${Math.round(stats.talk_ratio * 100)}%`;
      body.append(h("section", { class: "card" }, h("h2", {}, "Conversation"), h("p", {}, `You spoke ${ratio} of the words and asked ${stats.trainee_questions} questions.`)));
    } catch (error) {
      if (error.name !== "AbortError") showProblem(alert, error);
    }
  }

  async function settle(grade) {
    status.replaceChildren();
    if (!grade.grade_report && grade.grading_status === "graded") {
      // The stream's grade event carries the scores; the report (confidence, the lines the
      // feedback rests on) comes with the whole session.
      try {
        grade = { ...grade, ...(await api(`/api/training-sessions/${id}`, { signal })) };
      } catch (error) {
        if (error.name !== "AbortError") showProblem(alert, error);
      }
    }
    if (grade.grading_status === "failed") {
      showProblem(alert, new Error(`Grading failed: ${grade.grading_error || "no reason given"}`));
    } else {
      body.replaceChildren(gradeView(grade));
      showStats();
    }
    if (auth.isManager()) body.append(regradeButton());
  }

  function regradeButton() {
    const button = h("button", { type: "button", class: "secondary" }, "Regrade (manager)");
    button.addEventListener("click", async () => {
      try {
        await api(`/api/training-sessions/${id}/regrade`, { method: "POST" });
        body.replaceChildren();
        wait();
      } catch (error) {
        showProblem(alert, error);
      }
    });
    return h("div", { class: "actions" }, button);
  }

  async function wait() {
    status.replaceChildren(
      h("p", { class: "notice", "data-testid": "waiting" }, h("progress", { "aria-label": "Grading" }), " Grading your session… this page fills in when the grade lands."),
    );
    try {
      for await (const message of stream(`/api/training-sessions/${id}/events?after_seq=${1e9}`, { signal })) {
        if (message.event === "grade" && ["graded", "failed"].includes(message.data.grading_status)) {
          settle(message.data);
          return;
        }
        if (message.event === "deleted") {
          showProblem(alert, new Error("This session was deleted."));
          return;
        }
      }
    } catch (error) {
      if (error.name !== "AbortError") showProblem(alert, error);
    }
  }

  if (session.status === "active") {
    status.append(h("p", { class: "notice" }, "This session is still active. ", h("a", { href: `/training/${id}`, "data-link": true }, "Continue it"), " and end it to get a grade."));
  } else if (["graded", "failed"].includes(session.grading_status)) settle(session);
  else wait();
}

function chart(points) {
  const width = 600;
  const height = 220;
  const pad = 32;
  const svg = (tag, attrs) => {
    const el = document.createElementNS("http://www.w3.org/2000/svg", tag);
    for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
    return el;
  };
  const root = svg("svg", { viewBox: `0 0 ${width} ${height}`, class: "chart", role: "img", "aria-labelledby": "chart-title" });
  const title = svg("title", { id: "chart-title" });
  title.textContent = `Overall score of your last ${points.length} graded sessions, oldest to newest: ${points.map((p) => p.overall_score).join(", ")}`;
  root.append(title);
  for (const y of [0, 50, 100]) {
    const py = height - pad - (y / 100) * (height - 2 * pad);
    root.append(svg("line", { x1: pad, x2: width - pad / 2, y1: py, y2: py, stroke: "#c9d1d9" }));
    const label = svg("text", { x: 4, y: py + 4, "font-size": 12, fill: "#4a5360" });
    label.textContent = String(y);
    root.append(label);
  }
  const step = points.length > 1 ? (width - 1.5 * pad) / (points.length - 1) : 0;
  const xy = points.map((p, i) => [pad + i * step, height - pad - (p.overall_score / 100) * (height - 2 * pad)]);
  if (xy.length > 1) root.append(svg("polyline", { points: xy.map((p) => p.join(",")).join(" "), fill: "none", stroke: "#0b57d0", "stroke-width": 2 }));
  for (const [x, y] of xy) root.append(svg("circle", { cx: x, cy: y, r: 4, fill: "#0b57d0" }));
  return root;
}

export async function myAnalyticsView(root, { signal }) {
  root.append(h("h1", {}, "My analytics"));
  const alert = h("div");
  root.append(alert);
  let stats;
  try {
    stats = await api("/api/analytics/me?last=20", { signal });
  } catch (error) {
    showProblem(alert, error);
    return;
  }
  const avg = stats.averages || {};
  root.append(
    h("div", { class: "grid" },
      h("div", { class: "card" }, h("div", { class: "muted" }, "Sessions"), h("div", { class: "big" }, String(stats.session_count))),
      h("div", { class: "card" }, h("div", { class: "muted" }, "Graded"), h("div", { class: "big" }, String(stats.graded_count))),
      h("div", { class: "card" }, h("div", { class: "muted" }, "Average overall"), h("div", { class: "big", "data-testid": "average-overall" }, fmtScore(avg.overall))),
      h("div", { class: "card" }, h("div", { class: "muted" }, "Best"), h("div", { class: "big" }, stats.best ? fmtScore(stats.best.overall_score) : "—")),
    ),
  );
  for (const [key, label] of [["rapport", "Rapport"], ["discovery", "Discovery"], ["objection_handling", "Objection handling"], ["closing", "Closing"]]) root.append(meter(label, avg[key]));
  root.append(h("h2", {}, "Scores over time"));
  const trend = stats.trend || [];
  if (!trend.length) {
    root.append(h("p", { class: "muted" }, "No graded sessions yet: finish a training session to see your trend."));
    return;
  }
  root.append(chart(trend));
  root.append(
    h("div", { class: "table-wrap" },
      h("table", {},
        h("caption", { class: "visually-hidden" }, "Graded sessions, oldest to newest"),
        h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Session"), h("th", { scope: "col" }, "Overall"), h("th", { scope: "col" }, "Graded at"))),
        h("tbody", {}, trend.map((p) => h("tr", {}, h("td", {}, h("a", { href: `/analytics/${p.session_id}`, "data-link": true }, `#${p.session_id}`)), h("td", {}, fmtScore(p.overall_score)), h("td", {}, fmtDate(p.graded_at))))),
      ),
    ),
  );
}
