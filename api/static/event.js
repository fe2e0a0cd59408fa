// Event detail: snapshot and frame strip, facts, review with feedback and undo, the pending queue around this
// event (previous / next, keyboard), and the audit trail. An unknown event id says so instead of a broken page.
const eventId = decodeURIComponent(location.pathname.split("/").pop());
const path = `/api/events/${encodeURIComponent(eventId)}`;
const $ = (id) => document.getElementById(id);
let armed = null;  // the confirm button waits for a second press (a confirmed violation counts against staff)
let canReview = false;

function fact(name, value) {
  return [el("dt", {}, name), el("dd", { "data-fact": name }, value)];
}

function link(id, target) {
  $(id).classList.toggle("disabled", !target);
  if (target) $(id).href = `/events/${encodeURIComponent(target)}`; else $(id).removeAttribute("href");
}

async function refreshQueue() {
  const q = await api(`${path}/queue`);
  link("newer", q.newer);
  link("older", q.older);
  $("queue-count").textContent = t(`待处理 ${q.pending} 条`, `${q.pending} to review`);
}

async function refresh() {
  let e;
  try {
    e = await api(path);
  } catch (err) {
    if (err.status !== 404) throw err;
    $("missing").hidden = false;
    document.title = t("找不到告警 · WindowWatch", "Event not found · WindowWatch");
    return false;
  }
  $("found").hidden = false;
  $("snapshot").hidden = !e.snapshot_url;
  $("no-snapshot").hidden = Boolean(e.snapshot_url);
  if (e.snapshot_url) $("snapshot").src = e.snapshot_url;
  $("strip-box").hidden = !e.strip_url;
  if (e.strip_url) $("strip").src = e.strip_url;
  $("facts").replaceChildren(
    ...fact(t("窗口", "Window"), e.details.window_name || e.window_id || e.camera_id),
    ...fact(t("类型", "Type"), TYPE_LABEL[e.type] || e.type),
    ...fact(t("开始", "Start"), localTime(e.started_at)),
    ...fact(t("结束", "End"), e.ended_at ? `${localTime(e.ended_at)} (${span((new Date(e.ended_at) - new Date(e.started_at)) / 1000)})`
                                         : t("进行中", "open")),
    ...fact(t("审核", "Review"), REVIEW_LABEL[e.review] + (e.reviewed_by ? ` · ${e.reviewed_by}` : "")),
    ...fact(t("摄像头", "Camera"), e.camera_id),
    ...(e.details.seen_at ? fact(t("被发现于", "Seen at"), e.details.seen_at) : []));
  const audit = await api(`${path}/audit`);
  $("audit").replaceChildren(...(audit.length ? audit.map((a) => el("tr", {},
    el("td", {}, localTime(a.at)), el("td", {}, a.username), el("td", {}, ACTION_LABEL[a.action] || a.action),
    el("td", {}, [REASON_LABEL[a.reason], a.comment].filter(Boolean).join(" · "))))
    : [el("tr", {}, el("td", { class: "muted" }, t("尚未处理", "not reviewed yet")))]));
  await refreshQueue();
  return true;
}

async function review(body, done) {
  $("error").textContent = "";
  try {
    await api(`${path}/review`, { method: "POST", body });
  } catch (err) {
    $("error").textContent = t("未保存：", "Not saved: ") + err.message;
    return;
  }
  $("comment").value = "";
  await refresh();
  if (done) toast(done, body.action === "comment" || body.action === "reopen" ? null
    : { label: t("撤销 (U)", "Undo (U)"), run: undo });
}

function undo() {
  review({ action: "reopen" }, t("已撤销审核，恢复为待处理", "Review undone: back to new"));
}

function confirmViolation() {
  const button = $("confirm");
  if (!armed) {  // first press: ask for a second one
    button.textContent = t("再按一次确认违规", "Press again to confirm");
    armed = setTimeout(() => { armed = null; button.textContent = t("确认违规 (C)", "Confirm violation (C)"); }, 4000);
    return;
  }
  clearTimeout(armed);
  armed = null;
  button.textContent = t("确认违规 (C)", "Confirm violation (C)");
  review({ action: "confirm", comment: $("comment").value || null }, t("已确认违规", "Confirmed as a violation"));
}

function falseAlarm() {
  review({ action: "false_alarm", reason: $("reason").value, comment: $("comment").value || null },
    t(`已标记误报：${REASON_LABEL[$("reason").value]}`, `Marked a false alarm: ${REASON_LABEL[$("reason").value]}`));
}

function comment() {
  if (!$("comment").value.trim()) { $("error").textContent = t("请先写备注内容", "Write the comment first"); return; }
  review({ action: "comment", comment: $("comment").value }, t("备注已保存", "Comment saved"));
}

function onKey(e) {
  if (e.ctrlKey || e.metaKey || e.altKey || ["INPUT", "TEXTAREA", "SELECT"].includes(e.target.tagName)) return;
  const go = (id) => { if ($(id).href) location.href = $(id).href; };
  const keys = { j: () => go("older"), k: () => go("newer"), ArrowRight: () => go("older"), ArrowLeft: () => go("newer") };
  if (canReview) Object.assign(keys, { c: confirmViolation, f: falseAlarm, u: undo });
  const action = keys[e.key.length === 1 ? e.key.toLowerCase() : e.key];
  if (action) { e.preventDefault(); action(); }
}

setupHeader().then(async (me) => {
  canReview = me.role !== "viewer";
  $("review").hidden = !canReview;
  if (!(await refresh())) return;
  $("confirm").addEventListener("click", confirmViolation);
  $("false-alarm").addEventListener("click", falseAlarm);
  $("add-comment").addEventListener("click", comment);
  document.addEventListener("keydown", onKey);
});
