// Labelling while scrubbing a clip: frames come from the server at any second of the video.
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
