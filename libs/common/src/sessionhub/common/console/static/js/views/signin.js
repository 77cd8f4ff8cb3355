// Sign in: paste a bearer token, or (dev only) mint one for any user id and role.

import { api, auth, showProblem } from "../api.js";
import { h, field } from "../dom.js";

function destination(query) {
  const next = query.get("next") || "/training";
  return next.startsWith("/") && !next.startsWith("//") && next !== "/sign-in" ? next : "/training";
}

export async function signInView(root, { query, navigate, message }) {
  root.append(h("h1", {}, "Sign in"));
  if (message) root.append(h("div", { class: "problem", role: "alert" }, h("strong", {}, "You were signed out"), message));
  const alert = h("div", { "aria-live": "assertive" });
  root.append(alert);

  const tokenInput = h("textarea", { name: "token", rows: 4, autocomplete: "off", spellcheck: "false" });
  const tokenForm = h(
    "form",
    { class: "card", "aria-labelledby": "token-heading" },
    h("h2", { id: "token-heading" }, "With a bearer token"),
    field("Bearer token", tokenInput, "From your identity provider, or `uv run sessionhub token --user alice --role manager`."),
    h("div", { class: "actions" }, h("button", { type: "submit" }, "Sign in with token")),
  );
  tokenForm.addEventListener("submit", async (event) => {
    event.preventDefault();
    const token = tokenInput.value.trim().replace(/^Bearer\s+/i, "");
    if (!token) {
      showProblem(alert, new Error("Paste a token first."));
      tokenInput.focus();
      return;
    }
    await signIn(token);
  });
  root.append(tokenForm);

  async function signIn(token) {
    auth.set(token);
    try {
      // Any authenticated read proves the token; the server's 401 says why it does not.
      await api("/api/training-sessions?limit=1");
      navigate(destination(query), { replace: true });
    } catch (error) {
      auth.clear();
      showProblem(alert, error);
    }
  }

  let config = { dev_sign_in: false };
  try {
    config = await api("/console/config.json");
  } catch (error) {
    showProblem(alert, error);
  }
  if (!config.dev_sign_in) return;

  const userInput = h("input", { name: "user_id", value: "alice", autocomplete: "username", required: true });
  const roleSelect = h(
    "select",
    { name: "role" },
    h("option", { value: "trainee" }, "trainee"),
    h("option", { value: "manager" }, "manager"),
    h("option", { value: "admin" }, "admin"),
  );
  const devForm = h(
    "form",
    { class: "card", "aria-labelledby": "dev-heading" },
    h("h2", { id: "dev-heading" }, "Development sign-in"),
    h("p", { class: "hint" }, "Only in the dev environment (SESSIONHUB_ENV=dev): the server signs a token for any user."),
    h("div", { class: "row" }, field("User id", userInput), field("Role", roleSelect)),
    h("div", { class: "actions" }, h("button", { type: "submit" }, "Sign in as this user")),
  );
  devForm.addEventListener("submit", async (event) => {
    event.preventDefault();
    try {
      const minted = await api("/api/dev/sign-in", { method: "POST", body: { user_id: userInput.value.trim(), role: roleSelect.value } });
      await signIn(minted.access_token);
    } catch (error) {
      showProblem(alert, error);
    }
  });
  root.insertBefore(devForm, tokenForm);
}
