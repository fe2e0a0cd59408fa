// Login form; after it, back to the page that sent us here (an expired session), if that page is on this server.
function sameOriginPath(next) {
  if (!next) return "/live";
  const url = new URL(next, location.origin);
  return url.origin === location.origin ? url.pathname + url.search + url.hash : "/live";
}

translatePage();
const next = new URLSearchParams(location.search).get("next");
document.getElementById("expired").hidden = !next;
document.getElementById("login").addEventListener("submit", async (e) => {
  e.preventDefault();
  const body = { username: e.target.username.value, password: e.target.password.value };
  const error = document.getElementById("error");
  let r;
  try {
    r = await fetch("/api/auth/login", { method: "POST", headers: { "Content-Type": "application/json" },
                                         body: JSON.stringify(body), credentials: "same-origin" });
  } catch {
    error.textContent = t("无法连接服务器，请检查网络", "Cannot reach the server; check the network");
    return;
  }
  if (r.status === 429) { error.textContent = t("尝试次数过多，请稍后再试", "Too many attempts; try again later"); return; }
  if (!r.ok) { error.textContent = t("用户名或密码错误", "Wrong username or password"); return; }
  location.href = sameOriginPath(next);
});
