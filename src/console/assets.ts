/**
 * @module The console's stylesheet and its one script, served from the Worker at `/console/assets/` (the
 * CSP allows styles and scripts from the console's origin only, never inline). The file names carry a
 * version, so a browser may keep them a day and a change is fetched at once.
 *
 * The script only enhances: every form and link works without it (issue 10 §3, progressive enhancement).
 * It asks before destructive posts (`data-confirm`) and checks JSON editors (`data-json`) as the user types,
 * so a syntax error shows next to the field before the form is sent; IAM's own validation still decides.
 *
 * Colours meet WCAG 2.2 AA contrast (4.5:1 for text): #1b1b1b on #fff is 17:1, links #0b57d0 on #fff 6.3:1,
 * errors #a4161a on #fdecea 6.9:1, white on #0b57d0 6.3:1. Focus is always visible.
 * Alerts break anywhere: AWS's messages carry ARNs with no space, wider than a 375 px screen; so do
 * documents in `<pre>` (an event's record has user agents and ARNs wider than that), wrapped, not scrolled.
 */

const VERSION = '3';

export const ASSET_PATHS = { css: `/console/assets/console-${VERSION}.css`, js: `/console/assets/console-${VERSION}.js` } as const;

export const CONSOLE_CSS = `
*,*::before,*::after{box-sizing:border-box}
html{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;font-size:100%;line-height:1.5;color:#1b1b1b;background:#fff}
body{margin:0}
a{color:#0b57d0}
a:focus-visible,button:focus-visible,input:focus-visible,select:focus-visible,textarea:focus-visible,main:focus-visible{outline:3px solid #1b1b1b;outline-offset:2px}
.skip{position:absolute;left:-999px;top:0;background:#fff;padding:.5rem}
.skip:focus{left:.5rem;z-index:2}
.top{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:center;padding:.5rem 1rem;background:#232f3e;color:#fff}
.top .brand{font-weight:700;margin-right:auto}
.top button{background:#fff;color:#232f3e;border-color:#fff}
.frame{display:flex;flex-wrap:wrap;align-items:flex-start}
nav{flex:0 0 14rem;padding:1rem;border-right:1px solid #d5dbdb}
nav ul{list-style:none;margin:0;padding:0}
nav li a{display:block;padding:.35rem .5rem;text-decoration:none;border-radius:4px}
nav li a:hover{text-decoration:underline}
nav a[aria-current=page]{background:#e8f0fe;font-weight:700;color:#0b3d91}
main{flex:1 1 30rem;min-width:0;padding:1rem 1.5rem;max-width:72rem}
h1{font-size:1.6rem;margin:.25rem 0 1rem}
h2{font-size:1.2rem;margin:1.5rem 0 .5rem}
table{border-collapse:collapse;width:100%;margin:.5rem 0}
.table-wrap{overflow-x:auto}
caption{text-align:left;font-weight:700;padding:.25rem 0}
th,td{text-align:left;padding:.4rem .6rem;border-bottom:1px solid #d5dbdb;vertical-align:top;overflow-wrap:anywhere}
th{background:#f2f3f3}
label{display:block;font-weight:600;margin:.5rem 0 .2rem}
fieldset{border:1px solid #d5dbdb;margin:.5rem 0;padding:.5rem 1rem}
fieldset label{display:inline;font-weight:400;margin-right:1rem}
input,select,textarea{font:inherit;color:#1b1b1b;padding:.35rem .5rem;border:1px solid #687078;border-radius:4px;max-width:100%}
input[type=text],input[type=password],input[type=search],input:not([type]),select{width:24rem}
textarea{width:100%;min-height:16rem;font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.9rem}
button{font:inherit;padding:.35rem .9rem;border-radius:4px;border:1px solid #0b57d0;background:#0b57d0;color:#fff;cursor:pointer}
button.secondary{background:#fff;color:#0b57d0}
button.danger{background:#a4161a;border-color:#a4161a;color:#fff}
form.inline{display:inline-block;margin:0 .25rem .25rem 0}
.field{margin:.5rem 0}
.hint{display:block;color:#545b64}
.alert{padding:.6rem .9rem;border-radius:4px;margin:.75rem 0;border-left:4px solid;overflow-wrap:anywhere}
.alert.error{background:#fdecea;color:#a4161a;border-color:#a4161a}
.alert.notice{background:#e6f4ea;color:#1e4620;border-color:#1e7e34}
.alert.warning{background:#fff4e5;color:#663c00;border-color:#b35c00}
.secret{font-family:ui-monospace,monospace;background:#f2f3f3;padding:.2rem .4rem;overflow-wrap:anywhere}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem}
dl.facts dt{font-weight:600}
dl.facts dd{margin:0;overflow-wrap:anywhere}
pre{white-space:pre-wrap;overflow-wrap:anywhere;font-size:.9rem}
.cards{display:flex;flex-wrap:wrap;gap:1rem}
.card{border:1px solid #d5dbdb;border-radius:6px;padding:.75rem 1rem;min-width:10rem}
.card .n{font-size:1.5rem;font-weight:700}
.json-status{display:block;min-height:1.5em}
.json-status.bad{color:#a4161a}
@media (max-width:48rem){
  nav{flex:1 1 100%;border-right:0;border-bottom:1px solid #d5dbdb}
  nav ul{display:flex;flex-wrap:wrap;gap:.25rem}
  main{padding:1rem}
  input[type=text],input[type=password],input[type=search],input:not([type]),select{width:100%}
  dl.facts{grid-template-columns:1fr}
}
`;

export const CONSOLE_JS = `
'use strict';
document.addEventListener('submit', function (e) {
  var f = e.target;
  var q = f && f.getAttribute && f.getAttribute('data-confirm');
  if (q && !window.confirm(q)) e.preventDefault();
});
function checkJson(area) {
  var out = document.getElementById(area.id + '-status');
  if (!out) return;
  try { JSON.parse(area.value); out.textContent = 'JSON syntax OK'; out.className = 'json-status'; }
  catch (err) { out.textContent = 'JSON syntax error: ' + err.message; out.className = 'json-status bad'; }
}
document.addEventListener('input', function (e) {
  if (e.target && e.target.hasAttribute && e.target.hasAttribute('data-json')) checkJson(e.target);
});
`;
