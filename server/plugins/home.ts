// GET /: the page the console's login URL opens (/#token=…). It keeps the token for this browser
// tab (the fragment never reaches the server or its log) and shows the live city as figures,
// refreshed every few seconds from the API: units, open incidents, coverage. Chinese by default,
// English on a switch. The MapLibre web app will take this place; until then this is what a
// browser shows. Self-contained: no request leaves the server.

import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { PUBLIC } from '../auth/roles.ts';

const page = (nonce: string, title: { zh: string; en: string }, categories: Record<string, { zh: string; en: string }>, timeZone: string) => `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>巡防 Xunfang</title>
<style nonce="${nonce}">
  body { font: 15px/1.5 system-ui, "Noto Sans CJK SC", sans-serif; margin: 0; background: #f4f5f7; color: #1d2330; }
  header { background: #1d3557; color: #fff; padding: 10px 18px; display: flex; gap: 16px; align-items: center; }
  header h1 { font-size: 18px; margin: 0; flex: 1; }
  header button { background: transparent; color: #fff; border: 1px solid #fff8; border-radius: 4px; padding: 2px 10px; cursor: pointer; }
  main { padding: 16px 18px; display: grid; gap: 16px; grid-template-columns: repeat(auto-fit, minmax(320px, 1fr)); }
  section { background: #fff; border-radius: 6px; padding: 12px 14px; box-shadow: 0 1px 2px #0002; }
  h2 { font-size: 15px; margin: 0 0 8px; }
  table { border-collapse: collapse; width: 100%; }
  td, th { text-align: left; padding: 3px 6px; border-bottom: 1px solid #eee; white-space: nowrap; }
  .big { font-size: 26px; font-weight: 600; }
  .status { padding: 6px 18px; font-size: 13px; }
  .error { background: #fde2e1; color: #8a1c16; }
  .note { color: #667; font-size: 13px; }
  form { display: flex; gap: 8px; }
  input { flex: 1; padding: 4px 6px; }
</style>
</head>
<body>
<header><h1 id="title"></h1><span id="clock"></span><button id="lang" type="button"></button></header>
<div id="status" class="status"></div>
<main>
  <section id="login" hidden><h2 data-t="login"></h2><form id="login-form"><input id="token" autocomplete="off" spellcheck="false"><button data-t="enter"></button></form><p class="note" data-t="loginNote"></p></section>
  <section><h2 data-t="units"></h2><div class="big" id="units">–</div><div class="note" id="units-note"></div></section>
  <section><h2 data-t="coverage"></h2><table id="coverage"></table></section>
  <section><h2 data-t="incidents"></h2><table id="incidents"></table></section>
</main>
<p class="note status"><span data-t="mapNote"></span> <a href="/docs">/docs</a></p>
<script nonce="${nonce}">
const TITLE = ${JSON.stringify(title).replace(/</g, '\\u003c')};
const CATEGORIES = ${JSON.stringify(categories).replace(/</g, '\\u003c')};
const TIME_ZONE = ${JSON.stringify(timeZone)};
const WORDS = {
  zh: { title: '巡防 · ' + TITLE.zh, login: '登录', enter: '进入', loginNote: '粘贴服务器启动时打印的令牌，或打开控制台中的登录链接。', units: '在线警力', coverage: '快速反应圈覆盖（道路里程占比）', incidents: '未结警情', mapNote: '地图界面将随网页应用提供；接口文档见', reporting: '在线', free: '待命', of: '共', ring: '分钟圈', id: '编号', cat: '类别', pri: '等级', state: '状态', units2: '警力', none: '暂无未结警情', lost: '与服务器的连接中断，正在重试…', denied: '令牌无效或已被撤销，请重新登录。', forbidden: '此令牌的角色无权查看。', zones3: '3分钟内的巡区', states: { new: '接警', dispatched: '派警', en_route: '出警中', on_scene: '到场', closed: '处结' } },
  en: { title: 'Xunfang · ' + TITLE.en, login: 'Log in', enter: 'Enter', loginNote: 'Paste the token the server printed at its first start, or open the login URL from the console.', units: 'Units on the road', coverage: 'Rapid-response rings (share of road)', incidents: 'Open incidents', mapNote: 'The map comes with the web app; the API is described at', reporting: 'reporting', free: 'free', of: 'of', ring: '-min ring', id: 'Id', cat: 'Category', pri: 'Priority', state: 'State', units2: 'Units', none: 'No open incidents', lost: 'Lost the connection to the server; retrying…', denied: 'The token is unknown or revoked: log in again.', forbidden: "This token's role may not see the city.", zones3: 'patrol zones within 3 minutes', states: { new: 'new', dispatched: 'dispatched', en_route: 'en route', on_scene: 'on scene', closed: 'closed' } },
};
let lang = localStorage.getItem('xunfang.lang') === 'en' ? 'en' : 'zh';
const m = /[#&]token=([^&]+)/.exec(location.hash);
if (m) { sessionStorage.setItem('xunfang.token', decodeURIComponent(m[1])); history.replaceState(null, '', location.pathname); }
const $ = (id) => document.getElementById(id);
const text = (el, s) => { el.textContent = s; };
function words() {
  const w = WORDS[lang];
  document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  text($('title'), w.title);
  text($('lang'), lang === 'zh' ? 'English' : '中文');
  for (const el of document.querySelectorAll('[data-t]')) text(el, w[el.dataset.t]);
}
function row(table, cells, head) {
  const tr = table.insertRow();
  for (const c of cells) { const td = document.createElement(head ? 'th' : 'td'); td.textContent = c; tr.appendChild(td); }
}
function status(msg) { const el = $('status'); text(el, msg || ''); el.className = msg ? 'status error' : 'status'; }
async function api(path) {
  const token = sessionStorage.getItem('xunfang.token');
  if (!token) throw Object.assign(new Error('no token'), { code: 401 });
  const res = await fetch(path, { headers: { authorization: 'Bearer ' + token } });
  if (!res.ok) throw Object.assign(new Error(res.statusText), { code: res.status });
  return res.json();
}
async function refresh() {
  const w = WORDS[lang];
  try {
    const [units, incidents, coverage] = await Promise.all([api('/api/units'), api('/api/incidents'), api('/api/coverage')]);
    status('');
    $('login').hidden = true;
    const reporting = units.units.filter((u) => !u.stale);
    const free = reporting.filter((u) => ['patrolling', 'posted', 'returning'].includes(u.status));
    text($('units'), reporting.length + ' / ' + units.units.length);
    text($('units-note'), w.reporting + ' ' + reporting.length + ' · ' + w.free + ' ' + free.length + ' · ' + w.of + ' ' + units.units.length);
    text($('clock'), new Date(units.at).toLocaleTimeString(lang === 'zh' ? 'zh-CN' : 'en-GB', { timeZone: TIME_ZONE }));
    const cov = $('coverage'); cov.replaceChildren();
    for (const k of ['60', '180', '300']) row(cov, [Number(k) / 60 + w.ring, (100 * (coverage.road[k] ?? 0)).toFixed(1) + '%']);
    const zones = coverage.zones || [];
    if (zones.length) row(cov, [w.zones3, zones.filter((z) => z.within180 >= 0.5).length + ' / ' + zones.length]);
    const inc = $('incidents'); inc.replaceChildren();
    row(inc, [w.id, w.cat, w.pri, w.state, w.units2], true);
    for (const i of incidents.incidents) row(inc, [i.id, CATEGORIES[i.category]?.[lang] ?? i.category, String(i.priority), w.states[i.state] || i.state, i.units.map((u) => u.unitId).join(', ')]);
    if (incidents.incidents.length === 0) row(inc, [w.none]);
  } catch (err) {
    if (err.code === 401) { $('login').hidden = false; if (sessionStorage.getItem('xunfang.token')) status(w.denied); }
    else if (err.code === 403) status(w.forbidden);
    else status(w.lost);
  }
}
$('lang').addEventListener('click', () => { lang = lang === 'zh' ? 'en' : 'zh'; localStorage.setItem('xunfang.lang', lang); words(); void refresh(); });
$('login-form').addEventListener('submit', (e) => { e.preventDefault(); const t = $('token').value.trim(); if (t) sessionStorage.setItem('xunfang.token', t); void refresh(); });
words();
void refresh();
setInterval(refresh, 5000);
</script>
</body>
</html>
`;

export default async function home(app: FastifyInstance) {
  const sc = app.live.scenario.scenario, title = sc.title;
  const categories = Object.fromEntries((sc.incidents?.categories ?? []).map((c) => [c.id, { zh: c.name ?? c.id, en: c.nameEn ?? c.name ?? c.id }]));
  app.get('/', { config: { roles: PUBLIC }, schema: { hide: true } }, async (_req, reply) => {
    const nonce = randomBytes(16).toString('base64');
    return reply
      .header('content-type', 'text/html; charset=utf-8')
      .header('content-security-policy', `default-src 'self'; script-src 'nonce-${nonce}'; style-src 'nonce-${nonce}'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'self'`)
      .header('cache-control', 'no-store')
      .send(page(nonce, { zh: title.zh, en: title.en ?? title.zh }, categories, sc.timezone ?? 'Asia/Shanghai'));
  });
}
