// Login form; after it, back to the page that sent us here, if that page is on this server.
function sameOriginPath(next) {
  if (!next) return "/live";
  const url = new URL(next, location.origin);
  return url.origin === location.origin ? url.pathname + url.search + url.hash : "/live";
}

document.getElementById("login").addEventListener("submit", async (e) => {
  e.preventDefault();
  const body = { username: e.target.username.value, password: e.target.password.value };
  const r = await fetch("/api/auth/login", { method: "POST", headers: { "Content-Type": "application/json" },
                                             body: JSON.stringify(body), credentials: "same-origin" });
  if (r.status === 429) { document.getElementById("error").textContent = "尝试次数过多，请稍后再试 too many attempts, try later"; return; }
  if (!r.ok) { document.getElementById("error").textContent = "用户名或密码错误 wrong username or password"; return; }
  location.href = sameOriginPath(new URLSearchParams(location.search).get("next"));
});
