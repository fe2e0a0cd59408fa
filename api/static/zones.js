// Zone editor: draw each window's seat and counter polygons on a real frame; save into the site config.
let site = { cameras: [], windows: [] };
let image = null;
const edits = new Map(); // window id -> {seat: [[x,y]...], counter: [...], camera, name}
const canvas = document.getElementById("canvas");
const ctx = canvas.getContext("2d");
const $ = (id) => document.getElementById(id);
const zoneKind = () => document.querySelector('input[name="zone"]:checked').value;

function current() {
  const id = $("new-id").value.trim() || $("window").value;
  if (!edits.has(id)) {
    const w = site.windows.find((x) => x.id === id);
    edits.set(id, w ? { seat: [...w.seat], counter: [...w.counter], camera: w.camera, name: w.name }
                    : { seat: [], counter: [], camera: $("camera").value, name: "" });
  }
  return [id, edits.get(id)];
}

function polygon(points, stroke, fill) {
  if (!points.length) return;
  ctx.beginPath();
  points.forEach(([x, y], i) => (i ? ctx.lineTo : ctx.moveTo).call(ctx, x * canvas.width, y * canvas.height));
  ctx.closePath();
  ctx.fillStyle = fill; ctx.fill();
  ctx.strokeStyle = stroke; ctx.lineWidth = 2; ctx.stroke();
  for (const [x, y] of points) { ctx.fillStyle = stroke; ctx.fillRect(x * canvas.width - 3, y * canvas.height - 3, 6, 6); }
}

function draw() {
  ctx.clearRect(0, 0, canvas.width, canvas.height);
  if (image) ctx.drawImage(image, 0, 0, canvas.width, canvas.height);
  const [id, zones] = current();
  for (const w of site.windows.filter((x) => x.camera === $("camera").value && x.id !== id)) {
    polygon(w.seat, "#999", "rgba(150,150,150,.15)");
    polygon(w.counter, "#999", "rgba(150,150,150,.15)");
  }
  polygon(zones.seat, "#3ad15c", "rgba(58,209,92,.25)");
  polygon(zones.counter, "#f0a020", "rgba(240,160,32,.25)");
}

function showImage(src) {
  const img = new Image();
  img.onload = () => { image = img; canvas.width = img.naturalWidth; canvas.height = img.naturalHeight; draw(); $("message").textContent = ""; };
  img.onerror = () => { $("message").textContent = "画面载入失败 could not load the frame"; };
  img.src = src;
}

function fillWindows() {
  const camera = $("camera").value;
  const selected = $("window").value;
  $("window").replaceChildren(...site.windows.filter((w) => w.camera === camera)
    .map((w) => el("option", { value: w.id }, `${w.name || w.id} (${w.id})`)));
  if ([...$("window").options].some((o) => o.value === selected)) $("window").value = selected;
  windowChanged();
}

function windowChanged() {
  const w = site.windows.find((x) => x.id === $("window").value);
  $("name").value = w ? w.name : "";
  draw();
}

canvas.addEventListener("click", (e) => {
  const rect = canvas.getBoundingClientRect();
  const x = Math.min(1, Math.max(0, (e.clientX - rect.left) / rect.width));
  const y = Math.min(1, Math.max(0, (e.clientY - rect.top) / rect.height));
  current()[1][zoneKind()].push([Math.round(x * 1000) / 1000, Math.round(y * 1000) / 1000]);
  draw();
});
$("undo").addEventListener("click", () => { current()[1][zoneKind()].pop(); draw(); });
$("clear").addEventListener("click", () => { current()[1][zoneKind()] = []; draw(); });
$("camera").addEventListener("change", () => { fillWindows(); $("load").click(); });
$("window").addEventListener("change", () => { $("new-id").value = ""; windowChanged(); });
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
      body: { camera: $("camera").value, name: $("name").value || null, seat: zones.seat, counter: zones.counter } });
    site = await api("/api/site");
    edits.delete(id);
    $("new-id").value = "";
    fillWindows();
    $("window").value = saved.id;
    windowChanged();
    $("message").textContent = `已保存 saved ${saved.id}`;
  } catch (err) {
    $("message").textContent = "未保存 not saved: " + err.message;
  }
});

setupHeader().then(async () => {
  site = await api("/api/site");
  $("camera").replaceChildren(...site.cameras.map((c) => el("option", { value: c.id }, c.id)));
  fillWindows();
  $("load").click();
});
