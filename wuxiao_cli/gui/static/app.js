// wuxiao gui: a few lines of plain JS. Every change is a POST with the page's CSRF token.
"use strict";
const csrf = document.querySelector('meta[name="csrf"]').content;
const $ = (id) => document.getElementById(id);
// A message goes next to the button that was pressed (its data-say names the place), else into the bar
// pinned at the top of the window; either way it is scrolled into view. A press clears the earlier lines.
let box = $("message");
const say = (text, bad) => {
  box.textContent = text; box.classList.toggle("error", Boolean(bad)); box.hidden = !text;
  if (text) box.scrollIntoView({ block: "nearest" });
};
const clear = () => {
  document.querySelectorAll(".message").forEach((m) => { m.textContent = ""; m.hidden = true; });
  if ($("lines")) $("lines").textContent = "";
};
const near = (id) => { box = (id && $(id)) || $("message"); };

async function post(url, data, body) {
  const headers = { "X-Wuxiao-CSRF": csrf };
  if (!body) headers["Content-Type"] = "application/json";
  let r;
  try {
    r = await fetch(url, { method: "POST", headers, body: body || JSON.stringify(data || {}) });
  } catch (e) { throw new Error(STOPPED); }  // no answer at all: the tool is not running
  const text = await r.text();
  let out = null;
  try { out = JSON.parse(text); } catch (e) { out = null; }
  if (r.ok && out && !out.error) return out;
  throw new Error(problem(r.status, (out && out.error) || text));
}

const STOPPED = "连接不上 wuxiao：工具可能已关闭，请重新双击 wuxiao 启动，用新网址打开";
const RESTARTED = "工具已重新启动：请用启动窗口里的新网址打开";

// What went wrong, as the server said it (its lines are Chinese); the tool answered, so it has not stopped
function problem(status, said) {
  if (status === 403 && said.includes("令牌")) return RESTARTED;
  if (said && said.length < 500 && /[\u4e00-\u9fff]/.test(said)) return said;
  return `wuxiao 出错了（HTTP ${status}）：请再试一次；仍不行请关闭后重新双击 wuxiao 启动，并反馈给开发者`;
}

function busy(button, work) {
  if (!button) return;
  button.addEventListener("click", async () => {
    near(button.dataset.say); clear(); button.disabled = true; say("请稍候…");
    try { await work(); } catch (e) { say(e.message, true); } finally { button.disabled = false; }
  });
}

function show(lines) {
  say("");
  const out = $("lines");
  if (out) { out.textContent = lines.join("\n"); out.scrollIntoView({ block: "nearest" }); }
}

const chosenProfile = () => document.querySelector('input[name="profile"]:checked').value;

async function startCheck(path) {
  const out = await post("/api/check", { path, profile: chosenProfile() });
  location.href = out.url;
}

busy($("check"), () => startCheck($("path").value));
busy($("pick"), async () => { const out = await post("/api/pick"); if (out.path) $("path").value = out.path; say(""); });
busy($("init"), async () => show((await post("/api/init", { path: $("init-path").value, profile: chosenProfile() })).lines));
busy($("quiz"), async () => show((await post("/api/quiz-template", { path: $("quiz-path").value, profile: chosenProfile() })).lines));
busy($("quit"), async () => { await post("/api/shutdown"); document.body.textContent = "wuxiao 已关闭，可以关掉这个标签页了。"; });
// Enter in a path box presses its button
[["path", "check"], ["init-path", "init"], ["quiz-path", "quiz"]].forEach(([field, button]) => {
  if ($(field)) $(field).addEventListener("keydown", (ev) => {
    if (ev.key === "Enter" && !ev.isComposing && !$(button).disabled) { ev.preventDefault(); $(button).click(); }
  });
});
document.querySelectorAll("button.recent").forEach((b) => b.addEventListener("click", () => { clear(); $("path").value = b.dataset.path; }));

// A received archive, dropped on the zone or chosen after clicking it: copied to the app, then checked
async function checkArchive(file) {
  near("msg-path"); clear();
  try {
    say(`正在复制 ${file.name}…`);
    const out = await post("/api/upload?name=" + encodeURIComponent(file.name), null, file);
    await startCheck(out.path);
  } catch (e) { say(e.message, true); }
}

const drop = $("drop");
if (drop) {
  const chooser = $("archive");
  ["dragenter", "dragover"].forEach((e) => drop.addEventListener(e, (ev) => { ev.preventDefault(); drop.classList.add("over"); }));
  drop.addEventListener("dragleave", () => drop.classList.remove("over"));
  drop.addEventListener("drop", (ev) => {
    ev.preventDefault(); drop.classList.remove("over");
    if (ev.dataTransfer.files[0]) checkArchive(ev.dataTransfer.files[0]);
  });
  drop.addEventListener("click", () => chooser.click());
  drop.addEventListener("keydown", (ev) => { if (ev.key === "Enter" || ev.key === " ") { ev.preventDefault(); chooser.click(); } });
  chooser.addEventListener("change", () => { if (chooser.files[0]) checkArchive(chooser.files[0]); chooser.value = ""; });
}

const job = $("job");
if (job) {
  const id = job.dataset.job;
  if (job.dataset.state === "running") {
    const poll = async () => {
      let s;
      try {
        const r = await fetch(`/api/jobs/${id}`);
        if (!r.ok) { near(); say(r.status === 403 ? RESTARTED : "这次检查的结果已清理：请回首页重新检查", true); return; }
        s = await r.json();
      } catch (e) { near(); say(STOPPED, true); return; }
      $("done").textContent = s.done; $("total").textContent = s.total || "…";
      $("bar").max = s.total || 1; $("bar").value = s.done; $("current").textContent = s.current;
      if (s.state === "running") setTimeout(poll, 300); else location.reload();
    };
    setTimeout(poll, 200);
  }
  const files = (list) => list.forEach((f) => {
    const li = document.createElement("li"); const a = document.createElement("a");
    a.href = f.url; a.textContent = "下载 " + f.name; li.appendChild(a); $("files").appendChild(li);
  });
  busy($("stop"), async () => { await post(`/api/jobs/${id}/stop`); say("正在停止…"); });
  busy($("fix"), async () => show((await post(`/api/jobs/${id}/fix`)).lines));
  busy($("pack"), async () => { const out = await post(`/api/jobs/${id}/pack`, { eml: false }); show(out.lines); files(out.files); });
  busy($("pack-eml"), async () => { const out = await post(`/api/jobs/${id}/pack`, { eml: true }); show(out.lines); files(out.files); });
  busy($("open"), async () => show((await post(`/api/jobs/${id}/open`)).lines));
}
