// Shared helpers for the WindowWatch pages (no external libraries).
const STATE_LABEL = { present: "在岗 present", paused: "暂停服务 paused", covered: "代岗 covered",
  absent: "离岗 absent", unknown: "未知 unknown", offline: "摄像头离线 offline" };
const TYPE_LABEL = { absent_without_sign: "离岗未摆暂停牌", phone_use: "玩手机", sleeping: "睡岗打盹", no_badge: "未佩戴工作牌",
                     no_uniform: "未穿工作装", camera_offline: "摄像头离线" };
const REVIEW_LABEL = { new: "待处理 new", confirmed: "已确认 confirmed", false_alarm: "误报 false alarm" };

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
