// Zone editor: draw each window's seat and counter polygons on a real frame, in the snapshots' colours and with
// labels; drag a corner to move it; save into the site config (comments kept) or delete a window. Unsaved edits
// are marked and the page asks before they are lost.
let site = { cameras: [], windows: [] };
let image = null;
let colours = {};
let zoneNames = {};
const edits = new Map(); // window id -> {seat: [[x,y]...], counter: [...], camera, name}: changed and not saved
const canvas = document.getElementById("canvas");
const ctx = canvas.getContext("2d");
const $ = (id) => document.getElementById(id);
const zoneKind = () => document.querySelector('input[name="zone"]:checked').value;
const HANDLE_PX = 12;  // how near (screen pixels) a press must be to grab a corner
const KINDS = ["seat", "counter", "customer"];  // customer: optional, where people wait in front of the counter
let drag = null;  // {kind, index} while a corner is dragged
let moved = false;

function selectedId() {
  return $("new-id").value.trim() || $("window").value;
}

function current() {
  const id = selectedId();
  if (edits.has(id)) return [id, edits.get(id)];
  const w = site.windows.find((x) => x.id === id);
  return [id, w ? { seat: w.seat, counter: w.counter, customer: w.customer || [], camera: w.camera, name: w.name }
                : { seat: [], counter: [], customer: [], camera: $("camera").value, name: "" }];
}

function editable() {  // the selected window's zones, copied into the edits on first change
  const [id, zones] = current();
  const copy = (points) => points.map((p) => [...p]);
  if (!edits.has(id)) {
    edits.set(id, { ...zones, seat: copy(zones.seat), counter: copy(zones.counter), customer: copy(zones.customer) });
  }
  showDirty();
  return edits.get(id);
}

function showDirty() {
  const message = $("message");
  if (edits.size) {
    message.dataset.state = "dirty";
    message.textContent = t(`未保存：${[...edits.keys()].join("、")}`, `unsaved: ${[...edits.keys()].join(", ")}`);
  } else if (message.dataset.state === "dirty") {
    message.dataset.state = "";
    message.textContent = "";
  }
}

function hexAlpha(hex, alpha) {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
  return `rgba(${r},${g},${b},${alpha})`;
}

function polygon(points, colour, label, active) {
  if (!points.length) return;
  const px = points.map(([x, y]) => [x * canvas.width, y * canvas.height]);
  ctx.beginPath();
  px.forEach(([x, y], i) => (i ? ctx.lineTo : ctx.moveTo).call(ctx, x, y));
  ctx.closePath();
  ctx.fillStyle = hexAlpha(colour, active ? 0.22 : 0.1);
  ctx.fill();
  ctx.strokeStyle = colour;
  ctx.lineWidth = active ? 3 : 1.5;
  ctx.setLineDash(active ? [] : [6, 4]);
  ctx.stroke();
  ctx.setLineDash([]);
  if (active) for (const [x, y] of px) { ctx.fillStyle = colour; ctx.fillRect(x - 5, y - 5, 10, 10); }
  const cx = px.reduce((s, p) => s + p[0], 0) / px.length, cy = px.reduce((s, p) => s + p[1], 0) / px.length;
  ctx.font = `${Math.max(14, canvas.width / 60)}px system-ui, "Noto Sans CJK SC", sans-serif`;
  const width = ctx.measureText(label).width;
  ctx.fillStyle = "rgba(0,0,0,.65)";
  ctx.fillRect(cx - width / 2 - 4, cy - 12, width + 8, 24);
  ctx.fillStyle = "#fff";
  ctx.textAlign = "center";
  ctx.textBaseline = "middle";
  ctx.fillText(label, cx, cy);
}

function draw() {
  ctx.clearRect(0, 0, canvas.width, canvas.height);
  if (image) ctx.drawImage(image, 0, 0, canvas.width, canvas.height);
  const [id, zones] = current();
  for (const w of site.windows.filter((x) => x.camera === $("camera").value && x.id !== id)) {
    const z = edits.get(w.id) || w;
    for (const kind of KINDS) polygon(z[kind] || [], colours[kind], `${w.name || w.id} ${zoneNames[kind]}`, false);
  }
  const name = $("name").value || id;
  for (const kind of KINDS) polygon(zones[kind], colours[kind], `${name} ${zoneNames[kind]}`, true);
}

function showImage(src) {
  const img = new Image();
  img.onload = () => { image = img; canvas.width = img.naturalWidth; canvas.height = img.naturalHeight; draw(); };
  img.onerror = () => say(t("画面载入失败", "could not load the frame"), "error");
  img.src = src;
}

function fillWindows() {
  const camera = $("camera").value;
  const selected = $("window").value;
  $("window").replaceChildren(...site.windows.filter((w) => w.camera === camera)
    .map((w) => el("option", { value: w.id }, `${w.name || w.id} (${w.id})${edits.has(w.id) ? " *" : ""}`)));
  if ([...$("window").options].some((o) => o.value === selected)) $("window").value = selected;
  windowChanged();
}

function windowChanged() {
  $("name").value = current()[1].name || "";
  $("delete").disabled = !site.windows.some((w) => w.id === selectedId());
  draw();
}

function toFraction(e) {
  const rect = canvas.getBoundingClientRect();
  return [Math.min(1, Math.max(0, (e.clientX - rect.left) / rect.width)),
          Math.min(1, Math.max(0, (e.clientY - rect.top) / rect.height))];
}

function cornerAt(e) {  // the selected window's corner under the pointer, if any
  const rect = canvas.getBoundingClientRect();
  const zones = current()[1];
  for (const kind of [zoneKind(), ...KINDS.filter((k) => k !== zoneKind())]) {
    const index = zones[kind].findIndex(([x, y]) =>
      Math.hypot(rect.left + x * rect.width - e.clientX, rect.top + y * rect.height - e.clientY) <= HANDLE_PX);
    if (index >= 0) return { kind, index };
  }
  return null;
}

const round3 = (v) => Math.round(v * 1000) / 1000;

canvas.addEventListener("pointerdown", (e) => {
  drag = cornerAt(e);
  moved = false;
  if (drag) { canvas.setPointerCapture(e.pointerId); canvas.classList.add("dragging"); }
});
canvas.addEventListener("pointermove", (e) => {
  if (!drag) return;
  const [x, y] = toFraction(e);
  editable()[drag.kind][drag.index] = [round3(x), round3(y)];
  moved = true;
  draw();
});
canvas.addEventListener("pointerup", (e) => {
  if (drag) {
    canvas.classList.remove("dragging");
    drag = null;
    if (moved) return;
  }
  const [x, y] = toFraction(e);
  editable()[zoneKind()].push([round3(x), round3(y)]);
  draw();
});
$("undo").addEventListener("click", () => { editable()[zoneKind()].pop(); draw(); });
$("clear").addEventListener("click", () => { editable()[zoneKind()] = []; draw(); });
$("camera").addEventListener("change", () => { fillWindows(); $("load").click(); });
$("window").addEventListener("change", () => { $("new-id").value = ""; windowChanged(); });
$("new-id").addEventListener("input", windowChanged);
$("name").addEventListener("input", () => { editable().name = $("name").value; draw(); });
$("load").addEventListener("click", () =>
  showImage(`/api/site/cameras/${encodeURIComponent($("camera").value)}/frame?t=${Number($("t").value) || 0}`));
$("upload").addEventListener("change", (e) => {
  const file = e.target.files[0];
  if (file) showImage(URL.createObjectURL(file));
});

$("save").addEventListener("click", async () => {
  const [id, zones] = current();
  try {
    const saved = await api(`/api/site/windows/${encodeURIComponent(id)}`, { method: "PUT",
      body: { camera: $("camera").value, name: $("name").value || null, seat: zones.seat, counter: zones.counter,
              customer: zones.customer } });
    site = await api("/api/site");
    edits.delete(id);
    $("new-id").value = "";
    fillWindows();
    $("window").value = saved.id;
    windowChanged();
    say(t(`已保存 ${saved.id}`, `saved ${saved.id}`), "saved");
  } catch (err) {
    say(t("未保存：", "not saved: ") + err.message, "error");
  }
});

$("delete").addEventListener("click", async () => {
  const id = selectedId();
  if (!confirm(t(`删除窗口 ${id}？其区域将从配置中移除（历史记录保留）。`,
                 `Delete window ${id}? Its zones leave the config (its history stays).`))) return;
  try {
    await api(`/api/site/windows/${encodeURIComponent(id)}`, { method: "DELETE" });
    site = await api("/api/site");
    edits.delete(id);
    $("new-id").value = "";
    fillWindows();
    say(t(`已删除 ${id}`, `deleted ${id}`), "deleted");
  } catch (err) {
    say(t("未删除：", "not deleted: ") + err.message, "error");
  }
});

window.addEventListener("beforeunload", (e) => {
  if (edits.size) { e.preventDefault(); e.returnValue = ""; }
});

setupHeader().then(async () => {
  const vocabulary = await loadVocabulary();
  try {
    site = await api("/api/site");
  } catch (err) {
    say(t("无法读取站点配置：", "Cannot read the site config: ") + err.message, "error");
    return;
  }
  colours = vocabulary.zone_colours;
  zoneNames = { seat: t("工作位", "seat"), counter: t("台面", "counter"), customer: t("群众区", "customers") };
  for (const kind of KINDS) document.querySelector(`.zone-${kind}`).style.borderBottom = `4px solid ${colours[kind]}`;
  $("camera").replaceChildren(...site.cameras.map((c) => el("option", { value: c.id }, c.id)));
  fillWindows();
  $("load").click();
});
