// Shared helpers for the WindowWatch pages (no external libraries).
// Every label comes from the API's one vocabulary (/api/vocabulary, defined in vision/vocabulary.py):
// loadVocabulary() fills these maps and each <select data-vocab="..."> before a page draws.
const STATE_LABEL = {}, TYPE_LABEL = {}, REVIEW_LABEL = {}, ACTION_LABEL = {}, REASON_LABEL = {};
let vocabulary = null;

async function loadVocabulary() {
  if (vocabulary) return vocabulary;
  vocabulary = await api("/api/vocabulary");
  const both = (t) => `${t.zh} ${t.en}`;
  const fill = (target, table, text) => { for (const [k, t] of Object.entries(table)) target[k] = text(t); };
  fill(STATE_LABEL, vocabulary.seat_states, both);
  fill(TYPE_LABEL, vocabulary.rules, (t) => t.zh);
  fill(REVIEW_LABEL, vocabulary.reviews, both);
  fill(ACTION_LABEL, vocabulary.review_actions, both);
  fill(REASON_LABEL, vocabulary.false_alarm_reasons, both);
  for (const select of document.querySelectorAll("select[data-vocab]")) {  // after its own ("all") options
    for (const [k, t] of Object.entries(vocabulary[select.dataset.vocab])) select.append(new Option(both(t), k));
  }
  return vocabulary;
}

function csrf() {
  const m = document.cookie.match(/(?:^|; )ww_csrf=([^;]+)/);
  return m ? decodeURIComponent(m[1]) : "";
}

async function api(path, options = {}) {
  const init = { credentials: "same-origin", ...options, headers: { ...(options.headers || {}) } };
  if (init.method && init.method !== "GET") init.headers["X-CSRF-Token"] = csrf();
  if (init.body && typeof init.body !== "string") {
    init.body = JSON.stringify(init.body);
    init.headers["Content-Type"] = "application/json";
  }
  const response = await fetch(path, init);
  if (response.status === 401) {
    location.href = "/login?next=" + encodeURIComponent(location.pathname + location.search);
    throw new Error("not logged in");
  }
  if (!response.ok) {
    const body = await response.json().catch(() => ({}));
    throw new Error(typeof body.detail === "string" ? body.detail : JSON.stringify(body.detail || response.status));
  }
  return response.status === 204 ? null : response.json();
}

function localTime(iso) {
  return iso ? new Date(iso).toLocaleString("zh-CN", { hour12: false }) : "—";
}

function span(seconds) {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return s + " 秒";
  if (s < 3600) return Math.floor(s / 60) + " 分 " + (s % 60) + " 秒";
  return Math.floor(s / 3600) + " 小时 " + Math.floor((s % 3600) / 60) + " 分";
}

function ago(iso) {
  return span((Date.now() - new Date(iso).getTime()) / 1000);
}

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "class") node.className = v; else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v);
  }
  for (const child of children) node.append(child instanceof Node ? child : document.createTextNode(child ?? ""));
  return node;
}

async function setupHeader() {
  const me = await api("/api/auth/me");
  document.getElementById("who").textContent = `${me.username} (${me.role})`;
  document.getElementById("logout").addEventListener("click", async () => {
    await api("/api/auth/logout", { method: "POST" });
    location.href = "/login";
  });
  return me;
}
