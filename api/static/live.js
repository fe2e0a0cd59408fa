// Live page: status board + alert feed, updated by Server-Sent Events without reloading. The feed is one page
// of the whole history, filtered and paged by the API; live events join it when they match its filters.
const windows = new Map();
const events = new Map();
const PAGE = 50;
let offset = 0;
let total = 0;

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

function card(w) {
  return el("div", { class: `card s-${w.state}`, "data-window": w.window_id },
    w.thumbnail_url ? el("img", { src: `${w.thumbnail_url}?t=${encodeURIComponent(w.updated_at)}`, alt: w.name }) : el("img", { alt: "" }),
    el("div", { class: "body" },
      el("div", { class: "name" }, w.name || w.window_id),
      el("span", { class: `state s-${w.state}` }, STATE_LABEL[w.state] || w.state), " ",
      el("span", { class: "muted since", "data-since": w.since }, "已 " + ago(w.since)),
      w.open_events ? el("div", { class: "muted" }, `${w.open_events} 条进行中告警 open alerts`) : ""));
}

// One window changed: replace its card only (a hall of 200 windows is not redrawn per message).
function renderCard(windowId) {
  const old = document.querySelector(`.card[data-window="${CSS.escape(windowId)}"]`);
  if (old) old.replaceWith(card(windows.get(windowId))); else renderBoard();
}

function renderBoard() {
  const board = document.getElementById("board");
  board.replaceChildren(...[...windows.values()].map(card));
  const select = document.getElementById("f-window");
  for (const w of windows.values()) {
    if (![...select.options].some((o) => o.value === w.window_id)) select.append(el("option", { value: w.window_id }, w.name || w.window_id));
  }
}

// A /api/windows reply can be older than a status message that overtook it: keep the newer seat state.
function mergeWindow(w) {
  const known = windows.get(w.window_id);
  const stale = known && new Date(known.updated_at) > new Date(w.updated_at);
  windows.set(w.window_id, stale ? { ...w, state: known.state, since: known.since, updated_at: known.updated_at,
                                          thumbnail_url: known.thumbnail_url } : { ...(known || {}), ...w });
}

function refreshWindows() {
  api("/api/windows").then((list) => { list.forEach(mergeWindow); renderBoard(); });
}

function duration(e) {
  const end = e.ended_at ? new Date(e.ended_at).getTime() : Date.now();
  return (e.ended_at ? "" : "进行中 ") + span((end - new Date(e.started_at).getTime()) / 1000);
}

function row(e, fresh) {
  return el("tr", { class: `${e.status}${fresh ? " flash" : ""}`, "data-event": e.id },
    el("td", {}, localTime(e.started_at)),
    el("td", {}, e.details.window_name || e.window_id || e.camera_id),
    el("td", {}, TYPE_LABEL[e.type] || e.type),
    el("td", { class: "duration" }, duration(e)),
    el("td", { class: `review-${e.review}` }, REVIEW_LABEL[e.review]),
    el("td", {}, el("a", { href: `/events/${e.id}` }, "查看 details")));
}

function renderFeed(freshId) {
  const list = [...events.values()].sort((a, b) => b.started_at.localeCompare(a.started_at));
  document.getElementById("feed").replaceChildren(...list.map((e) => row(e, e.id === freshId)));
  const pages = Math.max(1, Math.ceil(total / PAGE));
  document.getElementById("page").textContent =
    `共 ${total} 条 · 第 ${Math.floor(offset / PAGE) + 1} / ${pages} 页  (${total} alerts, page ${Math.floor(offset / PAGE) + 1} of ${pages})`;
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

async function loadFeed() {
  const page = await api(`/api/events?${query()}`);
  total = page.count;
  events.clear();
  for (const e of page.data) events.set(e.id, e);
  renderFeed();
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

async function load() {
  await setupHeader();
  await loadVocabulary();
  for (const w of await api("/api/windows")) mergeWindow(w);
  renderBoard();
  await loadFeed();
  for (const id of ["f-window", "f-type", "f-status", "f-review", "f-date"]) {
    document.getElementById(id).addEventListener("change", () => { offset = 0; loadFeed(); });
  }
  document.getElementById("prev").addEventListener("click", () => { offset = Math.max(0, offset - PAGE); loadFeed(); });
  document.getElementById("next").addEventListener("click", () => { offset += PAGE; loadFeed(); });
  const source = new EventSource("/api/stream");
  source.onopen = () => {  // (re)connected: catch up on what changed while the stream was down
    document.getElementById("conn").textContent = "● 实时 live";
    refreshWindows();
    loadFeed();
  };
  source.onerror = () => { document.getElementById("conn").textContent = "○ 重连中 reconnecting"; };
  source.addEventListener("event", (m) => {
    const e = JSON.parse(m.data);
    const shown = events.has(e.id);
    if (shown || (offset === 0 && matches(e, filters()))) {
      if (!shown) total += 1;
      events.set(e.id, e);
      if (events.size > PAGE) {  // the oldest row moves to the next page
        const oldest = [...events.values()].sort((a, b) => a.started_at.localeCompare(b.started_at))[0];
        events.delete(oldest.id);
      }
      renderFeed(e.id);
    }
    if (!shown && e.status === "open" && e.review === "new") beep();
    refreshWindows();
  });
  source.addEventListener("status", (m) => {
    const w = JSON.parse(m.data);
    mergeWindow(w);
    renderCard(w.window_id);
  });
  setInterval(() => {
    document.querySelectorAll(".since").forEach((n) => { n.textContent = "已 " + ago(n.dataset.since); });
    document.querySelectorAll("tr.open .duration").forEach((n) => {
      const e = events.get(n.parentElement.dataset.event);
      if (e) n.textContent = duration(e);
    });
  }, 1000);
}

load();
