// Training (seed 001): start a session, talk in it with the persona, end it.

import { api, showProblem, stream } from "../api.js";
import { h, field, fmtDate } from "../dom.js";

export async function trainingStartView(root, { navigate }) {
  root.append(h("h1", {}, "Start a training session"));
  const alert = h("div");
  const agent = h("input", { name: "agent_name", value: "Riley", required: true });
  const scenario = h("input", { name: "scenario", value: "Price objection" });
  const persona = h("input", { name: "persona", value: "Skeptical small-business owner" });
  const title = h("input", { name: "title", placeholder: "Optional" });
  const submit = h("button", { type: "submit" }, "Start session");
  const form = h(
    "form",
    { class: "card" },
    h("div", { class: "row" }, field("Agent (persona name)", agent), field("Persona", persona)),
    h("div", { class: "row" }, field("Scenario", scenario), field("Title", title)),
    h("div", { class: "actions" }, submit),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    submit.disabled = true;
    showProblem(alert, null);
    const body = { agent_name: agent.value.trim() };
    for (const [key, input] of [["scenario", scenario], ["persona", persona], ["title", title]]) {
      if (input.value.trim()) body[key] = input.value.trim();
    }
    try {
      const created = await api("/api/training-sessions", { method: "POST", body, idempotent: true });
      navigate(`/training/${created.id}`);
    } catch (error) {
      showProblem(alert, error);
      submit.disabled = false;
    }
  });
  root.append(alert, form, h("p", {}, "Your earlier sessions are under ", h("a", { href: "/sessions", "data-link": true }, "My sessions"), "."));
}

function speakerLabel(speaker) {
  return speaker === "trainee" ? "You" : "Persona";
}

export async function trainingLiveView(root, { params, navigate, signal }) {
  const id = params[0];
  const heading = h("h1", {}, `Training session #${id}`);
  const meta = h("p", { class: "muted" });
  const alert = h("div");
  const transcript = h("ol", { class: "transcript", "aria-label": "Transcript", "aria-live": "polite" });
  const seen = new Set();
  root.append(heading, meta, alert, h("h2", {}, "Transcript"), h("div", { class: "scroll", tabindex: "0", role: "region", "aria-label": "Transcript" }, transcript));

  function addLine(line) {
    if (seen.has(line.seq)) return;
    seen.add(line.seq);
    const item = h("li", { class: `bubble ${line.speaker === "trainee" ? "mine" : ""}`, "data-seq": line.seq }, h("span", { class: "who-line" }, speakerLabel(line.speaker)), line.text);
    const after = [...transcript.children].find((el) => Number(el.dataset.seq) > line.seq);
    transcript.insertBefore(item, after || null);
    item.scrollIntoView({ block: "nearest" });
  }

  let session;
  try {
    session = await api(`/api/training-sessions/${id}`, { signal });
  } catch (error) {
    showProblem(alert, error);
    return;
  }
  heading.textContent = session.title || `Training session #${id}`;
  meta.textContent = `${session.agent_name} · ${session.scenario || "no scenario"} · ${session.persona || "no persona"} · started ${fmtDate(session.started_at)}`;
  for (const line of session.transcript || []) addLine(line);
  if (session.status !== "active") {
    root.append(h("p", { class: "notice" }, `This session is ${session.status}. `, h("a", { href: `/analytics/${id}`, "data-link": true }, "See its analytics")));
    return;
  }

  // Live lines from any client (other tabs, a voice bridge) arrive on the session's stream.
  (async () => {
    try {
      const last = Math.max(0, ...seen);
      for await (const message of stream(`/api/training-sessions/${id}/events?after_seq=${last}`, { signal })) {
        if (message.event === "line") addLine(message.data);
        if (message.event === "deleted") showProblem(alert, new Error("This session was deleted."));
      }
    } catch (error) {
      if (error.name !== "AbortError") showProblem(alert, error);
    }
  })();

  const text = h("textarea", { name: "line", rows: 2 });
  const autoReply = h("input", { type: "checkbox", name: "auto_reply", checked: true });
  const sendButton = h("button", { type: "submit" }, "Send line");
  const replyButton = h("button", { type: "button", class: "secondary" }, "Ask the persona to reply");
  const endButton = h("button", { type: "button", class: "danger" }, "End session");
  const replyStatus = h("p", { role: "status", class: "muted" });
  const form = h(
    "form",
    { class: "card" },
    field("Your line", text, "Enter sends; Shift+Enter starts a new line."),
    h("label", {}, autoReply, " The persona replies to each line"),
    h("div", { class: "actions" }, sendButton, replyButton, endButton),
    replyStatus,
  );
  root.append(form);

  async function personaReply() {
    replyButton.disabled = true;
    replyStatus.textContent = "The persona is replying…";
    const bubble = h("li", { class: "bubble streaming", "data-testid": "streaming-reply" }, h("span", { class: "who-line" }, "Persona"));
    const body = h("span");
    bubble.append(body);
    transcript.append(bubble);
    try {
      for await (const message of stream(`/api/training-sessions/${id}/reply`, { method: "POST", signal })) {
        if (message.event === "delta") body.textContent += message.data.text;
        // The reply's `line` event carries the same object as the JSON answer: {id, line, source}.
        else if (message.event === "line" || message.event === "json") addLine(message.data.line);
        else if (message.event === "error") showProblem(alert, new Error(message.data.detail));
      }
      replyStatus.textContent = "";
    } catch (error) {
      if (error.name !== "AbortError") showProblem(alert, error);
      replyStatus.textContent = "";
    } finally {
      bubble.remove();
      replyButton.disabled = false;
    }
  }

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const value = text.value.trim();
    if (!value) {
      text.focus();
      return;
    }
    sendButton.disabled = true;
    showProblem(alert, null);
    try {
      const answer = await api(`/api/training-sessions/${id}`, {
        method: "PATCH",
        body: { transcript_line: { speaker: "trainee", text: value, timestamp: new Date().toISOString() } },
      });
      for (const line of answer.lines) addLine(line);
      text.value = "";
      if (autoReply.checked) await personaReply();
    } catch (error) {
      showProblem(alert, error);
    } finally {
      sendButton.disabled = false;
      text.focus();
    }
  });
  text.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey) {
      event.preventDefault();
      form.requestSubmit();
    }
  });
  replyButton.addEventListener("click", personaReply);
  endButton.addEventListener("click", async () => {
    endButton.disabled = true;
    try {
      const done = await api(`/api/training-sessions/${id}/complete`, { method: "POST" });
      navigate(done.redirect_to || `/analytics/${id}`);
    } catch (error) {
      showProblem(alert, error);
      endButton.disabled = false;
    }
  });
}
