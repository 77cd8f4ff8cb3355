// Chat (seeds 003, 004): the session sidebar and a conversation with streamed replies.

import { api, fetchBlob, newKey, showProblem, stream } from "../api.js";
import { h, field, fmtDate, highlighted, download, toast } from "../dom.js";

export async function chatView(root, { params, navigate, signal }) {
  let currentId = params[0] || null;
  root.append(h("h1", { class: "visually-hidden" }, "Chat"));
  const alert = h("div");
  const showArchived = h("input", { type: "checkbox", name: "archived" });
  const newButton = h("button", { type: "button" }, "+ New");
  const searchInput = h("input", { type: "search", name: "q", placeholder: "Search your chats" });
  const searchForm = h("form", { role: "search", "aria-label": "Search chats" }, field("Search", searchInput), h("div", { class: "actions" }, h("button", { type: "submit", class: "secondary" }, "Search")));
  const searchResults = h("div", { "aria-live": "polite" });
  const list = h("ul", { "data-testid": "chat-sessions" });
  const sidebar = h(
    "nav",
    { class: "sidebar", "aria-label": "Chat sessions" },
    h("div", { class: "actions" }, newButton),
    searchForm,
    searchResults,
    h("h2", {}, "Sessions"),
    h("label", {}, showArchived, " Show archived"),
    list,
  );
  const pane = h("section", { class: "conversation", "aria-label": "Conversation" });
  root.append(alert, h("div", { class: "chat" }, sidebar, pane));

  let personas = [];
  async function loadPersonas() {
    try {
      personas = (await api("/api/chat/personas", { signal })).data;
    } catch (error) {
      if (error.name !== "AbortError") showProblem(alert, error);
    }
  }

  async function loadSessions() {
    const query = showArchived.checked ? "?archived=true&limit=100" : "?archived=false&limit=100";
    const page = await api(`/api/chat/sessions${query}`, { signal });
    list.replaceChildren(
      ...page.data.map((s) =>
        h("li", {},
          h("button", { type: "button", class: "session-link", "aria-current": s.id === currentId ? "true" : "false", "data-id": s.id, onclick: () => open(s.id) },
            h("span", { class: "title" }, s.title || "New chat"),
            s.pinned ? h("span", { class: "meta" }, "Pinned") : null,
            h("span", { class: "preview" }, s.last_message_preview || "No messages yet"),
            h("span", { class: "meta" }, `${s.message_count} message(s) · ${fmtDate(s.last_activity_at)}`),
          ),
        ),
      ),
    );
    if (!page.data.length) list.append(h("li", { class: "muted" }, "No chats yet: start one with “+ New”."));
    return page.data;
  }

  function open(id) {
    if (id === currentId) return;
    navigate(`/chat/${id}`);
  }

  let personasLoaded = null;
  newButton.addEventListener("click", async () => {
    // The list may still be on its way when the button is pressed right after load.
    await personasLoaded;
    const persona = h("select", { name: "persona", required: true }, personas.map((p) => h("option", { value: p.id }, `${p.name} — ${p.description}`)));
    if (personas.some((p) => p.id === "default")) persona.value = "default";
    const title = h("input", { name: "title", placeholder: "Optional: written from the first exchange otherwise" });
    const slot = h("div");
    const create = h("button", { type: "submit" }, "Create session");
    const cancel = h("button", { type: "button", class: "secondary" }, "Cancel");
    const form = h("form", {}, h("h2", { id: "new-chat-heading" }, "New chat session"), slot, field("Persona", persona), field("Display name", title), h("div", { class: "actions" }, create, cancel));
    const dialog = h("dialog", { "aria-labelledby": "new-chat-heading" }, form);
    cancel.addEventListener("click", () => dialog.close());
    dialog.addEventListener("close", () => dialog.remove());
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      create.disabled = true;
      const body = { persona: persona.value };
      if (title.value.trim()) body.title = title.value.trim();
      try {
        const session = await api("/api/chat/sessions", { method: "POST", body, idempotent: true });
        dialog.close();
        navigate(`/chat/${session.id}`);
      } catch (error) {
        showProblem(slot, error);
        create.disabled = false;
      }
    });
    root.append(dialog);
    dialog.showModal();
  });

  searchForm.addEventListener("submit", async (event) => {
    event.preventDefault();
    const q = searchInput.value.trim();
    if (!q) {
      searchResults.replaceChildren();
      return;
    }
    try {
      const page = await api(`/api/chat/search?q=${encodeURIComponent(q)}&limit=20`, { signal });
      searchResults.replaceChildren(
        h("h2", {}, `Results for “${q}”`),
        page.data.length
          ? h("ul", { "data-testid": "search-results" }, page.data.map((r) => h("li", {}, h("a", { href: `/chat/${r.session_id}`, "data-link": true }, r.session_title || "Untitled"), h("p", { class: "hint" }, highlighted(r.snippet)))))
          : h("p", { class: "muted" }, "Nothing matches."),
      );
    } catch (error) {
      showProblem(searchResults, error);
    }
  });
  showArchived.addEventListener("change", () => loadSessions().catch((error) => showProblem(alert, error)));

  let sessions;
  try {
    personasLoaded = loadPersonas();
    [sessions] = await Promise.all([loadSessions(), personasLoaded]);
  } catch (error) {
    if (error.name !== "AbortError") showProblem(alert, error);
    return;
  }
  if (!currentId) {
    if (sessions.length) {
      // The most recent session is selected on load.
      navigate(`/chat/${sessions[0].id}`, { replace: true });
      return;
    }
    pane.append(h("p", { class: "muted" }, "Start a conversation with “+ New”."));
    return;
  }
  await conversation(currentId);

  async function conversation(id) {
    const slot = h("div");
    let session;
    try {
      session = await api(`/api/chat/sessions/${id}`, { signal });
    } catch (error) {
      if (error.name !== "AbortError") showProblem(alert, error);
      return;
    }
    const titleHeading = h("h2", { "data-testid": "chat-title" }, session.title || "New chat");
    const messages = h("ol", { class: "messages", "aria-label": "Messages" });
    const scroller = h("div", { class: "scroll", tabindex: "0", role: "log", "aria-label": "Messages", "aria-live": "polite" }, messages);
    pane.append(titleHeading, h("p", { class: "muted" }, `Persona: ${session.persona}`), sessionActions(session, titleHeading), slot, scroller);

    const byParent = new Map();
    function render(all) {
      // Regenerated replies share a parent: the newest is shown, the earlier ones are kept.
      messages.replaceChildren();
      byParent.clear();
      for (const m of all) {
        if (m.role === "assistant" && m.parent_id) {
          const siblings = byParent.get(m.parent_id) || [];
          siblings.push(m);
          byParent.set(m.parent_id, siblings);
        }
      }
      for (const m of all) {
        if (m.role === "assistant" && m.parent_id) {
          const siblings = byParent.get(m.parent_id);
          if (siblings[siblings.length - 1] !== m) continue;
          messages.append(bubble(m, siblings.slice(0, -1)));
        } else messages.append(bubble(m, []));
      }
      scroller.scrollTop = scroller.scrollHeight;
    }
    function bubble(m, earlier) {
      const label = m.role === "user" ? "You" : m.role === "tool" ? "Tool result" : "Assistant";
      const item = h("li", { class: `bubble ${m.role === "user" ? "mine" : ""}`, "data-role": m.role }, h("span", { class: "who-line" }, label), m.content || "");
      for (const call of m.tool_calls || []) item.append(toolCall(call));
      if (earlier.length) {
        item.append(h("details", { class: "siblings" }, h("summary", {}, `${earlier.length} earlier repl${earlier.length === 1 ? "y" : "ies"} kept`), earlier.map((e) => h("p", { "data-testid": "earlier-reply" }, e.content))));
      }
      return item;
    }
    function toolCall(call) {
      const args = typeof call.arguments === "string" ? call.arguments : JSON.stringify(call.arguments);
      return h("div", { class: "tool-call", "data-testid": "tool-call" }, `Tool call: ${call.name}(${args})`);
    }

    let history = [];
    try {
      const page = await api(`/api/chat/sessions/${id}/messages?direction=backward&limit=100`, { signal });
      history = page.data;
      render(history);
    } catch (error) {
      if (error.name !== "AbortError") showProblem(slot, error);
    }

    const input = h("textarea", { name: "content", rows: 3 });
    const send = h("button", { type: "submit" }, "Send");
    const regenerate = h("button", { type: "button", class: "secondary" }, "Regenerate last reply");
    const status = h("p", { role: "status", class: "muted" });
    const composer = h("form", { class: "card" }, field("Message", input, "Enter sends; Shift+Enter starts a new line."), h("div", { class: "actions" }, send, regenerate), status);
    pane.append(composer);

    async function streamed(path, body) {
      const live = h("li", { class: "bubble streaming", "data-testid": "streaming-reply" }, h("span", { class: "who-line" }, "Assistant"));
      const text = h("span");
      live.append(text);
      status.textContent = "The assistant is replying…";
      send.disabled = true;
      regenerate.disabled = true;
      showProblem(slot, null);
      let added = false;
      try {
        for await (const event of stream(path, { method: "POST", body, signal })) {
          if (event.event === "message") {
            history.push(event.data);
            render(history);
          } else if (event.event === "delta") {
            if (!added) {
              messages.append(live);
              added = true;
            }
            text.textContent += event.data.content;
            scroller.scrollTop = scroller.scrollHeight;
          } else if (event.event === "tool_call") {
            live.append(toolCall(event.data));
          } else if (event.event === "reset") {
            text.textContent = "";
          } else if (event.event === "done") {
            history.push(event.data);
            render(history);
          } else if (event.event === "json") {
            for (const m of [event.data.message, event.data.reply, event.data].filter((x) => x && x.id && x.role)) history.push(m);
            render(history);
          } else if (event.event === "error") {
            showProblem(slot, Object.assign(new Error(event.data.detail), {}));
          }
        }
        return true;
      } catch (error) {
        if (error.name !== "AbortError") showProblem(slot, error);
        return false;
      } finally {
        live.remove();
        status.textContent = "";
        send.disabled = false;
        regenerate.disabled = false;
        loadSessions().catch(() => {});
      }
    }

    composer.addEventListener("submit", async (event) => {
      event.preventDefault();
      const content = input.value.trim();
      if (!content) {
        input.focus();
        return;
      }
      const ok = await streamed(`/api/chat/sessions/${id}/messages`, { content, client_message_id: newKey() });
      if (ok) {
        input.value = "";
        // The title may be written from the first exchange.
        api(`/api/chat/sessions/${id}`, { signal }).then((s) => (titleHeading.textContent = s.title || "New chat")).catch(() => {});
      }
      input.focus();
    });
    input.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && !event.shiftKey) {
        event.preventDefault();
        composer.requestSubmit();
      }
    });
    regenerate.addEventListener("click", () => streamed(`/api/chat/sessions/${id}/regenerate`));
  }

  function sessionActions(session, titleHeading) {
    const slot = h("div");
    const rename = h("input", { name: "title", value: session.title || "" });
    const renameForm = h("form", { class: "row" }, field("Title", rename), h("div", { class: "shrink" }, h("button", { type: "submit", class: "secondary" }, "Rename")));
    const patch = async (body, message) => {
      try {
        const updated = await api(`/api/chat/sessions/${session.id}`, { method: "PATCH", body });
        Object.assign(session, updated);
        titleHeading.textContent = updated.title || "New chat";
        pin.textContent = updated.pinned ? "Unpin" : "Pin";
        archive.textContent = updated.archived ? "Unarchive" : "Archive";
        toast(message);
        await loadSessions();
      } catch (error) {
        showProblem(slot, error);
      }
    };
    renameForm.addEventListener("submit", (event) => {
      event.preventDefault();
      patch({ title: rename.value.trim() }, "Renamed.");
    });
    const pin = h("button", { type: "button", class: "secondary" }, session.pinned ? "Unpin" : "Pin");
    pin.addEventListener("click", () => patch({ pinned: !session.pinned }, session.pinned ? "Unpinned." : "Pinned."));
    const archive = h("button", { type: "button", class: "secondary" }, session.archived ? "Unarchive" : "Archive");
    archive.addEventListener("click", () => patch({ archived: !session.archived }, session.archived ? "Back from the archive." : "Archived."));
    const exportMd = h("button", { type: "button", class: "secondary" }, "Export (Markdown)");
    const exportJson = h("button", { type: "button", class: "secondary" }, "Export (JSON)");
    for (const [button, format] of [[exportMd, "markdown"], [exportJson, "json"]]) {
      button.addEventListener("click", async () => {
        try {
          const { blob, filename } = await fetchBlob(`/api/chat/sessions/${session.id}/export?format=${format}`);
          download(filename || `chat-${session.id}.${format === "json" ? "json" : "md"}`, blob);
        } catch (error) {
          showProblem(slot, error);
        }
      });
    }
    const remove = h("button", { type: "button", class: "danger" }, "Delete");
    remove.addEventListener("click", () => {
      const yes = h("button", { type: "button", class: "danger" }, "Delete this chat");
      const no = h("button", { type: "button", class: "secondary" }, "Cancel");
      const dialog = h("dialog", { "aria-labelledby": "delete-chat" }, h("h2", { id: "delete-chat" }, `Delete “${session.title || "New chat"}”?`), h("p", {}, "Its messages are deleted with it."), h("div", { class: "actions" }, no, yes));
      no.addEventListener("click", () => dialog.close());
      dialog.addEventListener("close", () => dialog.remove());
      yes.addEventListener("click", async () => {
        try {
          await api(`/api/chat/sessions/${session.id}`, { method: "DELETE" });
          dialog.close();
          toast("Chat deleted.");
          navigate("/chat", { replace: true });
        } catch (error) {
          dialog.close();
          showProblem(slot, error);
        }
      });
      root.append(dialog);
      dialog.showModal();
      no.focus();
    });
    return h("div", { class: "card" }, slot, renameForm, h("div", { class: "actions" }, pin, archive, exportMd, exportJson, remove));
  }
}
