// Live page: status board + alert feed, updated by Server-Sent Events without reloading.
const windows = new Map();
const events = new Map();

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

function renderBoard() {
  const board = document.getElementById("board");
  board.replaceChildren(...[...windows.values()].map((w) => el("div", { class: `card s-${w.state}`, "data-window": w.window_id },
    w.thumbnail_url ? el("img", { src: `${w.thumbnail_url}?t=${encodeURIComponent(w.updated_at)}`, alt: w.name }) : el("img", { alt: "" }),
    el("div", { class: "body" },
      el("div", { class: "name" }, w.name || w.window_id),
      el("span", { class: `state s-${w.state}` }, STATE_LABEL[w.state] || w.state), " ",
      el("span", { class: "muted since", "data-since": w.since }, "已 " + ago(w.since)),
      w.open_events ? el("div", { class: "muted" }, `${w.open_events} 条进行中告警 open alerts`) : ""))));
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
  const f = filters();
  const list = [...events.values()].filter((e) => matches(e, f)).sort((a, b) => b.started_at.localeCompare(a.started_at));
  document.getElementById("feed").replaceChildren(...list.map((e) => row(e, e.id === freshId)));
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
  for (const w of await api("/api/windows")) mergeWindow(w);
  for (const e of (await api("/api/events?limit=200")).data) events.set(e.id, e);
  renderBoard();
  renderFeed();
  for (const id of ["f-window", "f-type", "f-status", "f-review", "f-date"]) {
    document.getElementById(id).addEventListener("change", () => renderFeed());
  }
  const source = new EventSource("/api/stream");
  source.onopen = () => {  // (re)connected: catch up on status changes made while the stream was down
    document.getElementById("conn").textContent = "● 实时 live";
    refreshWindows();
  };
  source.onerror = () => { document.getElementById("conn").textContent = "○ 重连中 reconnecting"; };
  source.addEventListener("event", (m) => {
    const e = JSON.parse(m.data);
    const isNew = !events.has(e.id);
    events.set(e.id, e);
    renderFeed(e.id);
    if (isNew) beep();
    refreshWindows();
  });
  source.addEventListener("status", (m) => {
    mergeWindow(JSON.parse(m.data));
    renderBoard();
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
