// Live page: status board + alert feed, kept current by Server-Sent Events. The page says loudly when it is not
// live (banner, greyed board, "data as of"), catches up on what it missed when the stream comes back, and sends
// an expired session to the login page. The feed is one page of the whole history, filtered and paged by the API.
const windows = new Map();
const events = new Map();
const PAGE = 50;
const PROBLEM_RANK = { absent: 0, offline: 1, unknown: 3, paused: 4, covered: 5, present: 6 };  // 2: open alerts
let offset = 0;
let total = 0;
let lastHeard = 0;  // when the server last spoke (any message, or its ping)
let pingEvery = 15000;
let connected = false;
let numericIndex = new Map();  // window id -> place in numeric order (1, 2, ... 10), set when the window set changes
let stateFilter = "";

function filters() {
  const value = (id) => document.getElementById(id).value;
  return { window: value("f-window"), type: value("f-type"), status: value("f-status"), review: value("f-review"),
           date: value("f-date") };
}

function matches(e, f) {
  if (f.window && e.window_id !== f.window) return false;
  if (f.type && e.type !== f.type) return false;
  if (f.status && e.status !== f.status) return false;
  if (f.review && e.review !== f.review) return false;
  if (f.date && new Date(e.started_at).toLocaleDateString("sv-SE") !== f.date) return false;
  return true;
}

function displayName(w) {
  return w.name || w.window_id;
}

function rank(w) {
  if ((w.open_types || []).includes("customer_unattended")) return -1;  // someone is waiting right now
  if (w.state === "present" && w.open_events) return 2;
  return PROBLEM_RANK[w.state] ?? 3;
}

function sinceText(w) {
  const what = w.state === "offline" ? t("离线自", "offline since") : t("自", "since");
  return `${what} ${clock(w.since)} · ${ago(w.since)}`;
}

function card(w) {
  const offline = w.state === "offline";
  const src = w.thumbnail_url ? `${w.thumbnail_url}?t=${encodeURIComponent(w.updated_at)}` : null;
  const node = el("a", { class: `card s-${w.state}`, "data-window": w.window_id, href: `#alerts`,
                         title: t("查看该窗口告警", "show this window's alerts"),
                         onclick: () => { document.getElementById("f-window").value = w.window_id; offset = 0; loadFeed(); } },
    src ? el("div", { class: "thumb" }, el("img", { src, alt: displayName(w), loading: "lazy" }),
      offline ? el("span", { class: "thumb-note" }, t(`最后画面 ${clock(w.updated_at)}`, `last frame ${clock(w.updated_at)}`)) : "") : "",
    el("div", { class: "body" },
      el("div", { class: "name" }, displayName(w), w.staff ? el("span", { class: "staff" }, ` · ${w.staff}`) : ""),
      el("span", { class: `state s-${w.state}` }, STATE_LABEL[w.state] || w.state), " ",
      el("span", { class: "muted since", "data-window": w.window_id }, sinceText(w)),
      (w.open_types || []).includes("customer_unattended")
        ? el("div", { class: "waiting" }, t("群众等待中", "customer waiting")) : "",
      w.open_events ? el("div", { class: "alerts" }, t(`${w.open_events} 条进行中告警`, `${w.open_events} open alerts`)) : "",
      (w.uncalibrated || []).length ? el("div", { class: "muted uncalibrated" }, t("未标定：", "not calibrated: ")
        + w.uncalibrated.map((c) => term(vocabulary.checks[c]) || c).join(t("、", ", "))) : ""));
  node.style.order = String(rank(w) * 100000 + (numericIndex.get(w.window_id) ?? 99999));
  node.hidden = Boolean(stateFilter) && w.state !== stateFilter;
  return node;
}

function renderCounts() {
  const counts = {};
  for (const w of windows.values()) counts[w.state] = (counts[w.state] || 0) + 1;
  const states = Object.keys(PROBLEM_RANK).filter((s) => counts[s]).sort((a, b) => PROBLEM_RANK[a] - PROBLEM_RANK[b]);
  const chip = (state, label, n) => el("button", { type: "button", class: `count s-${state || "all"}`, "aria-pressed": String(stateFilter === state),
    onclick: () => { stateFilter = stateFilter === state ? "" : state; renderBoard(); } }, `${label} ${n}`);
  document.getElementById("counts").replaceChildren(chip("", t("全部", "all"), windows.size),
    ...states.map((s) => chip(s, STATE_LABEL[s] || s, counts[s])));
}

// One window changed: replace its card only (CSS order keeps problems first; no re-sort of 200 cards).
function renderCard(windowId) {
  const old = document.querySelector(`.card[data-window="${CSS.escape(windowId)}"]`);
  if (old) old.replaceWith(card(windows.get(windowId))); else renderBoard();
  renderCounts();
}

function renderBoard() {
  const ids = [...windows.keys()].sort((a, b) => a.localeCompare(b, "zh-CN", { numeric: true }));
  numericIndex = new Map(ids.map((id, i) => [id, i]));
  document.getElementById("board").replaceChildren(...ids.map((id) => card(windows.get(id))));
  renderCounts();
  const select = document.getElementById("f-window");
  for (const id of ids) {
    if (![...select.options].some((o) => o.value === id)) select.append(new Option(displayName(windows.get(id)), id));
  }
}

// A /api/windows reply can be older than a status message that overtook it: keep the newer seat state.
function mergeWindow(w) {
  const known = windows.get(w.window_id);
  const stale = known && new Date(known.updated_at) > new Date(w.updated_at);
  windows.set(w.window_id, stale ? { ...w, state: known.state, since: known.since, updated_at: known.updated_at,
                                          thumbnail_url: known.thumbnail_url } : { ...(known || {}), ...w });
}

async function refreshWindows() {
  for (const w of await api("/api/windows")) mergeWindow(w);
  renderBoard();
}

function duration(e) {
  const end = e.ended_at ? new Date(e.ended_at).getTime() : Date.now();
  return (e.ended_at ? "" : t("进行中 ", "open ")) + span((end - new Date(e.started_at).getTime()) / 1000);
}

function row(e, fresh) {
  const w = windows.get(e.window_id);
  return el("tr", { class: `${e.status}${fresh ? " flash" : ""}`, "data-event": e.id },
    el("td", { class: "nowrap", title: localTime(e.started_at) }, clock(e.started_at, true)),
    el("td", { class: "nowrap" }, w ? displayName(w) : e.details.window_name || e.window_id || e.camera_id),
    el("td", {}, el("a", { href: `/events/${encodeURIComponent(e.id)}` }, TYPE_LABEL[e.type] || e.type)),
    el("td", { class: "duration" }, duration(e)),
    el("td", { class: `review-${e.review}` }, REVIEW_LABEL[e.review]));
}

function renderFeed(fresh = new Set()) {
  const list = [...events.values()].sort((a, b) => b.started_at.localeCompare(a.started_at));
  document.getElementById("feed").replaceChildren(...list.map((e) => row(e, fresh.has(e.id))));
  const empty = document.getElementById("empty");
  empty.hidden = list.length > 0;
  empty.textContent = Object.values(filters()).some(Boolean)
    ? t("没有符合筛选条件的告警。", "No alerts match these filters.") : t("还没有告警。", "No alerts yet.");
  const pages = Math.max(1, Math.ceil(total / PAGE));
  const page = Math.floor(offset / PAGE) + 1;
  document.getElementById("page").textContent = t(`共 ${total} 条 · 第 ${page} / ${pages} 页`, `${total} alerts · page ${page} of ${pages}`);
  document.getElementById("prev").disabled = offset === 0;
  document.getElementById("next").disabled = offset + PAGE >= total;
}

// The filters as API parameters: the API filters and pages the whole history.
function query() {
  const f = filters();
  const params = new URLSearchParams({ limit: PAGE, offset });
  for (const key of ["window", "type", "status", "review"]) if (f[key]) params.set(key, f[key]);
  if (f.date) {
    const day = new Date(`${f.date}T00:00:00`);
    params.set("since", day.toISOString());
    params.set("until", new Date(day.getTime() + 86400000).toISOString());
  }
  return params;
}

// The current page from the API; events it holds that the page had not seen flash (and ring, when new and open).
async function loadFeed({ announce = false } = {}) {
  const page = await api(`/api/events?${query()}`);
  const fresh = new Set(announce ? page.data.filter((e) => !events.has(e.id)).map((e) => e.id) : []);
  total = page.count;
  events.clear();
  for (const e of page.data) events.set(e.id, e);
  renderFeed(fresh);
  if (page.data.some((e) => fresh.has(e.id) && e.status === "open" && e.review === "new")) beep();
}

function beep() {
  if (!document.getElementById("sound").checked) return;
  const ctx = new AudioContext();
  const osc = ctx.createOscillator();
  osc.frequency.value = 880;
  osc.connect(ctx.destination);
  osc.start();
  osc.stop(ctx.currentTime + 0.25);
}

function heard() {
  lastHeard = Date.now();
}

// Live only while the stream is open and the server spoke within two pings; otherwise say so everywhere.
function showLiveness() {
  const live = connected && Date.now() - lastHeard < 2 * pingEvery + 5000;
  document.body.classList.toggle("stale", !live);
  const conn = document.getElementById("conn");
  conn.textContent = live ? t("● 实时", "● live") : t("○ 未连接", "○ not live");
  const banner = document.getElementById("stale");
  banner.hidden = live;
  if (!live) {
    const asOf = lastHeard ? new Date(lastHeard).toLocaleTimeString(LOCALE, { hour12: false }) : "—";
    banner.textContent = t(`未连接服务器，正在重连 · 以下数据截至 ${asOf}，可能已过时`,
                           `Not connected, reconnecting · the data below is as of ${asOf} and may be out of date`);
  }
}

function onEvent(m) {
  heard();
  const e = JSON.parse(m.data);
  const shown = events.has(e.id);
  if (shown || (offset === 0 && matches(e, filters()))) {
    if (!shown) total += 1;
    events.set(e.id, e);
    if (events.size > PAGE) {  // the oldest row moves to the next page
      const oldest = [...events.values()].sort((a, b) => a.started_at.localeCompare(b.started_at))[0];
      events.delete(oldest.id);
    }
    renderFeed(new Set([e.id]));
  }
  if (!shown && e.status === "open" && e.review === "new") beep();
  refreshWindows();
}

function onStatus(m) {
  heard();
  const w = JSON.parse(m.data);
  mergeWindow(w);
  renderCard(w.window_id);
}

function connect() {
  const source = new EventSource("/api/stream");
  source.onopen = async () => {  // (re)connected: catch up on everything that changed while the stream was down
    connected = true;
    heard();
    showLiveness();
    await refreshWindows();
    await loadFeed({ announce: true });
  };
  source.onerror = () => {
    connected = false;
    showLiveness();
    api("/api/auth/me").catch(() => {});  // an expired session answers 401: api() goes to the login page
    if (source.readyState === EventSource.CLOSED) setTimeout(connect, 5000);  // a refused stream is not retried
  };
  source.addEventListener("ping", (m) => { heard(); pingEvery = 1000 * (JSON.parse(m.data).every_s || 15); });
  source.addEventListener("event", onEvent);
  source.addEventListener("status", onStatus);
}

function tick() {
  showLiveness();
  for (const n of document.querySelectorAll(".since")) {
    const w = windows.get(n.dataset.window);
    if (w) n.textContent = sinceText(w);
  }
  for (const n of document.querySelectorAll("tr.open .duration")) {
    const e = events.get(n.parentElement.dataset.event);
    if (e) n.textContent = duration(e);
  }
}

async function load() {
  await setupHeader();
  await refreshWindows();
  await loadFeed();
  for (const id of ["f-window", "f-type", "f-status", "f-review", "f-date"]) {
    document.getElementById(id).addEventListener("change", () => { offset = 0; loadFeed(); });
  }
  document.getElementById("prev").addEventListener("click", () => { offset = Math.max(0, offset - PAGE); loadFeed(); });
  document.getElementById("next").addEventListener("click", () => { offset += PAGE; loadFeed(); });
  connect();
  setInterval(tick, 1000);
}

load();
