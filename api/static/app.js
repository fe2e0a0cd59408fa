// Shared helpers for the WindowWatch pages (no external libraries).
// One language at a time: Chinese by default, English when the header's switch set the ww_lang cookie. Static
// text is written in Chinese with its English in data-en (data-en-label / -placeholder / -title for attributes);
// every label of a rule, state, review, reason or role comes from the API's one vocabulary (/api/vocabulary,
// vision/vocabulary.py): loadVocabulary() fills these maps and each <select data-vocab="..."> before a page draws.
const LANG = (document.cookie.match(/(?:^|; )ww_lang=(zh|en)/) || [])[1] || "zh";
const LOCALE = LANG === "en" ? "en-GB" : "zh-CN";
const STATE_LABEL = {}, TYPE_LABEL = {}, REVIEW_LABEL = {}, ACTION_LABEL = {}, REASON_LABEL = {}, ROLE_LABEL = {};
let vocabulary = null;

function t(zh, en) {
  return LANG === "en" ? en : zh;
}

function term(entry) {
  return entry ? entry[LANG] : "";
}

function translatePage() {
  document.documentElement.lang = LANG === "en" ? "en" : "zh-CN";
  if (LANG !== "en") return;
  for (const node of document.querySelectorAll("[data-en]")) node.textContent = node.dataset.en;
  for (const attr of ["label", "placeholder", "title"]) {
    for (const node of document.querySelectorAll(`[data-en-${attr}]`)) {
      node.setAttribute(attr === "label" ? "aria-label" : attr, node.dataset[`en${attr[0].toUpperCase()}${attr.slice(1)}`]);
    }
  }
  if (document.body.dataset.enTitle) document.title = document.body.dataset.enTitle;
}

async function loadVocabulary() {
  if (vocabulary) return vocabulary;
  vocabulary = await api("/api/vocabulary");
  const fill = (target, table) => { for (const [k, entry] of Object.entries(table)) target[k] = term(entry); };
  fill(STATE_LABEL, vocabulary.seat_states);
  fill(TYPE_LABEL, vocabulary.rules);
  fill(REVIEW_LABEL, vocabulary.reviews);
  fill(ACTION_LABEL, vocabulary.review_actions);
  fill(REASON_LABEL, vocabulary.false_alarm_reasons);
  fill(ROLE_LABEL, vocabulary.roles);
  for (const select of document.querySelectorAll("select[data-vocab]")) {  // after its own ("all") options
    for (const [k, entry] of Object.entries(vocabulary[select.dataset.vocab])) select.append(new Option(term(entry), k));
  }
  return vocabulary;
}

function csrf() {
  const m = document.cookie.match(/(?:^|; )ww_csrf=([^;]+)/);
  return m ? decodeURIComponent(m[1]) : "";
}

// A 422's list of {loc, msg} as one sentence a person can act on (never raw JSON).
function humanError(detail, status) {
  if (typeof detail === "string") return detail;
  if (Array.isArray(detail)) {
    return detail.map((d) => {
      const field = (d.loc || []).filter((p) => p !== "body" && p !== "query" && p !== "path").join(".");
      return (field ? `${field}: ` : "") + String(d.msg || "").replace(/^Value error, /, "");
    }).join("; ");
  }
  return { 403: t("没有权限", "not allowed for your account"), 404: t("找不到", "not found"),
           409: t("与当前数据冲突", "conflicts with the current data") }[status] || t(`服务器错误 (${status})`, `server error (${status})`);
}

class ApiError extends Error {
  constructor(message, status) { super(message); this.status = status; }
}

async function api(path, options = {}) {
  const init = { credentials: "same-origin", ...options, headers: { ...(options.headers || {}) } };
  if (init.method && init.method !== "GET") init.headers["X-CSRF-Token"] = csrf();
  if (init.body && typeof init.body !== "string") {
    init.body = JSON.stringify(init.body);
    init.headers["Content-Type"] = "application/json";
  }
  let response;
  try {
    response = await fetch(path, init);
  } catch {
    throw new ApiError(t("无法连接服务器，请检查网络", "cannot reach the server; check the network"), 0);
  }
  if (response.status === 401) {  // an expired session: to the login page, then back here
    location.href = "/login?next=" + encodeURIComponent(location.pathname + location.search);
    throw new ApiError(t("登录已过期", "session expired"), 401);
  }
  if (!response.ok) {
    const body = await response.json().catch(() => ({}));
    throw new ApiError(humanError(body.detail, response.status), response.status);
  }
  return response.status === 204 ? null : response.json();
}

function localTime(iso) {
  return iso ? new Date(iso).toLocaleString(LOCALE, { hour12: false }) : "—";
}

// Clock time for today, date and time otherwise (a board left on overnight stays honest).
function clock(iso, seconds = false) {
  const d = new Date(iso);
  const hm = d.toLocaleTimeString(LOCALE, { hour: "2-digit", minute: "2-digit", ...(seconds ? { second: "2-digit" } : {}),
                                            hour12: false });
  if (d.toDateString() === new Date().toDateString()) return hm;
  return `${d.toLocaleDateString(LOCALE, { month: "2-digit", day: "2-digit" })} ${hm}`;
}

function span(seconds) {
  const s = Math.max(0, Math.round(seconds));
  const [d, h, m] = [Math.floor(s / 86400), Math.floor((s % 86400) / 3600), Math.floor((s % 3600) / 60)];
  if (s < 60) return t(`${s} 秒`, `${s} s`);
  if (s < 3600) return t(`${m} 分 ${s % 60} 秒`, `${m} min ${s % 60} s`);
  if (s < 86400) return t(`${h} 小时 ${m} 分`, `${h} h ${m} min`);
  return t(`${d} 天 ${h} 小时`, `${d} d ${h} h`);
}

function ago(iso) {
  return span((Date.now() - new Date(iso).getTime()) / 1000);
}

function percent(value, digits = 1) {
  return value === null || value === undefined ? "—" : `${(value * 100).toFixed(digits)}%`;
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

// A page's status line (#message): the text, and its state for styles and tests (saved, error, dirty…).
function say(text, state = "") {
  const line = document.getElementById("message");
  line.dataset.state = state;
  line.textContent = text;
}

function toast(message, action) {
  let box = document.getElementById("toast");
  if (!box) box = document.body.appendChild(el("div", { id: "toast", role: "status", "aria-live": "polite" }));
  box.replaceChildren(message, ...(action ? [" ", el("button", { type: "button", onclick: action.run }, action.label)] : []));
  box.hidden = false;
  clearTimeout(box.timer);
  box.timer = setTimeout(() => { box.hidden = true; }, 8000);
}

function languageSwitch() {
  const button = el("button", { type: "button", id: "lang", title: t("Switch to English", "切换到中文") },
    LANG === "en" ? "中文" : "EN");
  button.addEventListener("click", () => {
    document.cookie = `ww_lang=${LANG === "en" ? "zh" : "en"}; path=/; max-age=31536000; SameSite=Lax`;
    location.reload();
  });
  return button;
}

async function setupHeader() {
  translatePage();
  const header = document.querySelector("header");
  header.querySelector("#logout").before(languageSwitch());
  const me = await api("/api/auth/me");
  await loadVocabulary();
  const pages = [["/live", "实时", "Live"], ["/reports", "报告", "Reports"]];
  if (me.role === "admin") pages.push(["/calibration/zones", "区域", "Zones"], ["/calibration/labels", "标注", "Labels"]);
  header.querySelector("h1").after(el("nav", {}, ...pages.map(([href, zh, en]) =>
    el("a", { href, ...(location.pathname === href ? { "aria-current": "page" } : {}) }, t(zh, en)))));
  document.getElementById("who").textContent = `${me.username} (${ROLE_LABEL[me.role] || me.role})`;
  document.getElementById("logout").addEventListener("click", async () => {
    await api("/api/auth/logout", { method: "POST" });
    location.href = "/login";
  });
  return me;
}
