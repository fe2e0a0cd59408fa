// Event detail: snapshot, facts, review actions and the audit trail.
const eventId = decodeURIComponent(location.pathname.split("/").pop());

function fact(name, value) {
  return [el("dt", {}, name), el("dd", { "data-fact": name }, value)];
}

async function refresh() {
  const e = await api(`/api/events/${encodeURIComponent(eventId)}`);
  if (e.snapshot_url) document.getElementById("snapshot").src = e.snapshot_url;
  document.getElementById("facts").replaceChildren(
    ...fact("窗口 Window", e.details.window_name || e.window_id || e.camera_id),
    ...fact("类型 Type", `${TYPE_LABEL[e.type] || e.type} (${e.type})`),
    ...fact("开始 Start", localTime(e.started_at)),
    ...fact("结束 End", e.ended_at ? localTime(e.ended_at) : "进行中 open"),
    ...fact("审核 Review", REVIEW_LABEL[e.review] + (e.reviewed_by ? ` · ${e.reviewed_by}` : "")),
    ...fact("摄像头 Camera", e.camera_id));
  const audit = await api(`/api/events/${encodeURIComponent(eventId)}/audit`);
  document.getElementById("audit").replaceChildren(...audit.map((a) => el("tr", {},
    el("td", {}, localTime(a.at)), el("td", {}, a.username), el("td", {}, ACTION_LABEL[a.action] || a.action),
    el("td", {}, [REASON_LABEL[a.reason], a.comment].filter(Boolean).join(" · ")))));
}

async function review(body) {
  document.getElementById("error").textContent = "";
  try {
    await api(`/api/events/${encodeURIComponent(eventId)}/review`, { method: "POST", body });
    await refresh();
  } catch (err) {
    document.getElementById("error").textContent = err.message;
  }
}

setupHeader().then((me) => {
  if (me.role === "viewer") document.getElementById("review").hidden = true;
});
document.getElementById("confirm").addEventListener("click", () =>
  review({ action: "confirm", comment: document.getElementById("comment").value || null }));
document.getElementById("false-alarm").addEventListener("click", () =>
  review({ action: "false_alarm", reason: document.getElementById("reason").value,
           comment: document.getElementById("comment").value || null }));
document.getElementById("add-comment").addEventListener("click", () =>
  review({ action: "comment", comment: document.getElementById("comment").value }));
loadVocabulary().then(refresh);
