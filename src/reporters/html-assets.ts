/**
 * The HTML report's only style sheet and script, and the Content-Security-Policy
 * that allows exactly these two by hash and nothing else: no network, no other
 * script, no images, no forms. The report works offline and when emailed; the
 * script only adds filters, and the page reads fully without it.
 */
import { createHash } from 'node:crypto';

/** Inline CSS. No `style` attributes are used anywhere, so a hash covers all styling. */
export const STYLE = `
:root{--fg:#1b1f24;--muted:#57606a;--line:#d0d7de;--bg:#fff;--soft:#f6f8fa;--err:#a40e26;--warn:#7d4e00;--info:#0550ae;--ok:#1a7f37}
*{box-sizing:border-box}
body{margin:0 auto;max-width:72rem;padding:1.5rem;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:var(--bg)}
h1{font-size:1.6rem;margin:0 0 .5rem}h2{font-size:1.25rem;margin:2rem 0 .5rem;border-bottom:1px solid var(--line)}
h3{font-size:1.05rem;margin:1.5rem 0 .5rem;word-break:break-all}
dl.meta{display:flex;flex-wrap:wrap;gap:.25rem 2rem;margin:0;color:var(--muted)}dl.meta div{display:flex;gap:.4rem}dl.meta dt{font-weight:600}dl.meta dd{margin:0}
ul.counts{display:flex;flex-wrap:wrap;gap:.75rem;list-style:none;padding:0}
ul.counts li{border:1px solid var(--line);border-radius:6px;padding:.4rem .8rem;background:var(--soft)}ul.counts .n{font-weight:700;font-size:1.2rem;margin-right:.3rem}
table{border-collapse:collapse;width:100%}caption{text-align:left;color:var(--muted);padding:.25rem 0}
th,td{border:1px solid var(--line);padding:.4rem .6rem;text-align:left;vertical-align:top}thead th{background:var(--soft)}
td.num,th.num{text-align:right}th[scope=row]{font-weight:400;word-break:break-all}
.badge,.status{display:inline-block;border:1px solid currentColor;border-radius:4px;padding:0 .4rem;font-weight:600;white-space:nowrap}
.sev-error,.status-error{color:var(--err)}.sev-warning{color:var(--warn)}.sev-info{color:var(--info)}.status-ok{color:var(--ok)}.status-skipped{color:var(--muted)}
.loc{white-space:nowrap;font-variant-numeric:tabular-nums}
p{margin:.2rem 0}.ctx{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.9em;background:var(--soft);padding:.2rem .4rem;white-space:pre-wrap;word-break:break-word}
mark{background:#fff1a8;color:inherit;text-decoration:underline 2px;outline:1px solid #bf8700}
.fix ins{text-decoration:none;font-weight:600;color:var(--ok)}.refs{color:var(--muted);font-size:.85em}
.filters{display:flex;flex-wrap:wrap;gap:1rem;align-items:end;margin:.5rem 0;padding:.5rem;border:1px solid var(--line);border-radius:6px}
.filters label{display:flex;flex-direction:column;font-weight:600;font-size:.9em}
.sr-only{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
[hidden]{display:none!important}
@media print{.filters{display:none!important}body{max-width:none}}
`;

/** Filtering by severity, rule and file. Reads data- attributes and toggles `hidden`; never writes markup. */
export const SCRIPT = `
(function () {
  var box = document.getElementById('filters');
  if (!box) return;
  var selects = ['severity', 'rule', 'file'].map(function (k) { return document.getElementById('f-' + k); });
  var status = document.getElementById('f-status');
  var rows = Array.prototype.slice.call(document.querySelectorAll('tr[data-severity]'));
  var groups = Array.prototype.slice.call(document.querySelectorAll('section[data-file]'));
  function apply() {
    var shown = 0;
    rows.forEach(function (tr) {
      var ok = (!selects[0].value || tr.getAttribute('data-severity') === selects[0].value) &&
        (!selects[1].value || tr.getAttribute('data-rule') === selects[1].value) &&
        (!selects[2].value || tr.getAttribute('data-file') === selects[2].value);
      tr.hidden = !ok;
      if (ok) shown++;
    });
    groups.forEach(function (g) { g.hidden = !g.querySelector('tr[data-severity]:not([hidden])'); });
    status.textContent = 'Showing ' + shown + ' of ' + rows.length + ' findings';
  }
  selects.forEach(function (s) { s.addEventListener('change', apply); });
  box.hidden = false;
  apply();
})();
`;

function sha256(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

/** The policy: nothing by default; the style sheet and script above by hash; no base URL, no form targets. */
export const CSP = [
  "default-src 'none'",
  `style-src ${sha256(STYLE)}`,
  `script-src ${sha256(SCRIPT)}`,
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');
