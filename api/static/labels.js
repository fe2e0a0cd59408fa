// Labelling while scrubbing a clip: frames come from the server at any second of the video. Conditions are
// spans of seconds per window; boxes (phone in use, head down) drawn on a window at one second are training data
// for `windowwatch train`, a frame checked with nothing in it a negative.
let labels = { version: 1, clips: {} };
let site = { cameras: [], windows: [] };
let start = null;
let timer = null;
const $ = (id) => document.getElementById(id);
const camera = () => $("camera").value;

function clip() {
  const cam = camera();
  labels.clips[cam] = labels.clips[cam] || { duration: Number($("slider").max) || 1, windows: {} };
  return labels.clips[cam];
}

function seek(t) {
  const max = Number($("slider").max);
  t = Math.min(max, Math.max(0, Math.round(t * 2) / 2));
  $("slider").value = t;
  $("t").value = t;
  clearTimeout(timer);
  timer = setTimeout(() => { $("frame").src = `/api/site/cameras/${encodeURIComponent(camera())}/frame?t=${t}`; }, 120);
  drawBoxes();
}

const SVG = "http://www.w3.org/2000/svg";
let sketch = null;  // where a box drag started (0-1 of the frame)

function frameHere(create = false) {  // the boxes of the chosen window at this second
  const second = Number($("slider").value), window = $("window").value;
  const frames = (clip().frames ||= []);
  let frame = frames.find((f) => f.t === second && f.window === window);
  if (!frame && create) {
    frame = { t: second, window, boxes: [] };
    frames.push(frame);
    frames.sort((a, b) => a.t - b.t || a.window.localeCompare(b.window));
  }
  return frame;
}

function shape(box, kind) {
  const r = document.createElementNS(SVG, "rect");
  const [x1, y1, x2, y2] = box;
  for (const [k, v] of Object.entries({ x: x1, y: y1, width: x2 - x1, height: y2 - y1, class: kind })) r.setAttribute(k, v);
  if (vocabulary && vocabulary.box_kinds[kind]) {
    const title = document.createElementNS(SVG, "title");
    title.textContent = term(vocabulary.box_kinds[kind]);
    r.append(title);
  }
  return r;
}

function drawBoxes(pending = null) {
  const frame = frameHere();
  const shapes = (frame ? frame.boxes : []).map((b) => shape(b.box, b.kind));
  if (pending) shapes.push(shape(pending, "pending"));
  $("boxes").replaceChildren(...shapes);
}

function pointAt(e) {
  const r = $("boxes").getBoundingClientRect();
  const clamp = (v) => Math.min(1, Math.max(0, v));
  return [clamp((e.clientX - r.left) / r.width), clamp((e.clientY - r.top) / r.height)];
}

function boxFrom(a, b) {
  const round = (v) => Math.round(v * 10000) / 10000;
  return [Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.max(a[0], b[0]), Math.max(a[1], b[1])].map(round);
}

function renderFrames() {
  const frames = clip().frames || [];
  const rows = frames.map((f, i) => {
    const counts = {};
    for (const b of f.boxes) counts[b.kind] = (counts[b.kind] || 0) + 1;
    const what = Object.entries(counts).map(([k, n]) => `${term(vocabulary.box_kinds[k])} ×${n}`).join(t("，", ", "))
      || t("无（反例）", "none (negative)");
    return el("tr", {}, el("td", {}, String(f.t)), el("td", {}, f.window), el("td", {}, what),
      el("td", {},
        el("button", { type: "button", onclick: () => { $("window").value = f.window; seek(f.t); } }, t("转到", "Go to")),
        el("button", { type: "button", onclick: () => { frames.splice(i, 1); render(); } }, t("删除", "Delete"))));
  });
  $("frames").replaceChildren(...rows);
  $("no-frames").hidden = rows.length > 0;
}

function render() {
  const rows = [];
  for (const [window, conditions] of Object.entries(clip().windows)) {
    for (const [condition, spans] of Object.entries(conditions)) {
      const label = term(vocabulary.label_conditions[condition]) || condition;
      spans.forEach((span, i) => rows.push(el("tr", {},
        el("td", {}, window), el("td", {}, label), el("td", {}, String(span[0])), el("td", {}, String(span[1])),
        el("td", {}, el("button", { type: "button", onclick: () => { spans.splice(i, 1); render(); } }, t("删除", "Delete"))))));
    }
  }
  $("spans").replaceChildren(...rows);
  $("no-spans").hidden = rows.length > 0;
  $("pending").textContent = start === null ? "" : t(`起点 ${start} 秒`, `start ${start} s`);
  renderFrames();
  drawBoxes();
  const blob = new Blob([JSON.stringify(labels, null, 1)], { type: "application/json" });
  $("download").href = URL.createObjectURL(blob);
}

async function chooseCamera() {
  const info = await api(`/api/site/cameras/${encodeURIComponent(camera())}/info`);
  $("slider").max = info.duration;
  $("t").max = info.duration;
  clip().duration = info.duration;
  $("window").replaceChildren(...site.windows.filter((w) => w.camera === camera())
    .map((w) => el("option", { value: w.id }, `${w.name || w.id} (${w.id})`)));
  seek(0);
  render();
}

$("slider").addEventListener("input", () => seek(Number($("slider").value)));
$("t").addEventListener("change", () => seek(Number($("t").value)));
document.addEventListener("keydown", (e) => {
  if (e.target.tagName === "INPUT" && e.target.type === "number") return;
  if (e.key === "ArrowRight") seek(Number($("slider").value) + 0.5);
  if (e.key === "ArrowLeft") seek(Number($("slider").value) - 0.5);
});
$("camera").addEventListener("change", chooseCamera);
$("window").addEventListener("change", () => drawBoxes());
$("draw-boxes").addEventListener("change", () => $("boxes").classList.toggle("drawing", $("draw-boxes").checked));
$("boxes").addEventListener("pointerdown", (e) => {
  sketch = pointAt(e);
  $("boxes").setPointerCapture(e.pointerId);
});
$("boxes").addEventListener("pointermove", (e) => { if (sketch) drawBoxes(boxFrom(sketch, pointAt(e))); });
$("boxes").addEventListener("pointerup", (e) => {
  if (!sketch) return;
  const box = boxFrom(sketch, pointAt(e));
  sketch = null;
  if (box[2] - box[0] < 0.005 || box[3] - box[1] < 0.005) { drawBoxes(); return; }  // a click, not a box
  frameHere(true).boxes.push({ kind: $("box-kind").value, box });
  render();
});
$("nothing-here").addEventListener("click", () => {
  const frame = frameHere();
  if (frame && frame.boxes.length) {
    say(t("此画面已有框：先删除它们", "This frame has boxes: delete them first"), "error");
    return;
  }
  frameHere(true);
  say("");
  render();
});
$("mark-start").addEventListener("click", () => { start = Number($("slider").value); render(); });
$("mark-end").addEventListener("click", () => {
  const end = Number($("slider").value);
  if (start === null || end <= start) {
    say(t("请先标记起点，终点须在起点之后", "Mark a start first; the end must come after it"), "error");
    return;
  }
  const windows = clip().windows;
  const spans = ((windows[$("window").value] = windows[$("window").value] || {})[$("condition").value] ||= []);
  spans.push([start, end]);
  spans.sort((a, b) => a[0] - b[0]);
  start = null;
  say("");
  render();
});
$("save").addEventListener("click", async () => {
  try {
    labels = await api("/api/site/labels", { method: "PUT", body: labels });
    say(t("已保存", "saved"), "saved");
  } catch (err) {
    say(t("未保存：", "not saved: ") + err.message, "error");
  }
  render();
});

setupHeader().then(async () => {
  try {
    site = await api("/api/site");
    labels = await api("/api/site/labels");
  } catch (err) {
    say(t("无法读取站点配置：", "Cannot read the site config: ") + err.message, "error");
    return;
  }
  const files = site.cameras.filter((c) => c.is_file);
  $("camera").replaceChildren(...files.map((c) => el("option", { value: c.id }, c.id)));
  if (!files.length) { say(t("此站点没有视频文件摄像头可标注", "This site has no file camera to label"), "error"); return; }
  await chooseCamera();
});
