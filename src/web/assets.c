/* assets.c - the one style sheet, embedded in the binary (no CDN, no web fonts, no script):
 * plain, legible, high contrast, keyboard focus visible, printable. */
#include "web/web.h"

#include <string.h>

const char sg_web_css[] =
    ":root{--ink:#0b0c0c;--muted:#505a5f;--line:#b1b4b6;--bg:#fff;--accent:#1d70b8;"
    "--red:#d4351c;--amber:#f47738;--green:#00703c;--soft:#f3f2f1}\n"
    "*{box-sizing:border-box}\n"
    "body{margin:0;font:16px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,Arial,sans-serif;"
    "color:var(--ink);background:var(--bg)}\n"
    "a{color:var(--accent)}a:focus,button:focus,input:focus,select:focus,textarea:focus"
    "{outline:3px solid #fd0;outline-offset:0}\n"
    ".skip{position:absolute;left:-999px}.skip:focus{left:8px;top:8px;background:#fd0;padding:4px}"
    "\n"
    "header{display:flex;flex-wrap:wrap;align-items:center;gap:1rem;padding:.6rem 1rem;"
    "background:var(--ink);color:#fff}\n"
    "header a{color:#fff}.brand{font-weight:700;font-size:1.2rem;text-decoration:none}\n"
    "nav ul{list-style:none;display:flex;flex-wrap:wrap;gap:.8rem;margin:0;padding:0}\n"
    ".who{margin-left:auto;display:flex;gap:.6rem;align-items:center}\n"
    "form.inline{display:inline}\n"
    "main{max-width:72rem;margin:0 auto;padding:1rem}\n"
    "footer{max-width:72rem;margin:2rem auto;padding:1rem;color:var(--muted);"
    "border-top:1px solid var(--line);font-size:.9rem}\n"
    "h1{font-size:1.8rem;margin:.4rem 0 1rem}h2{font-size:1.35rem;margin-top:1.6rem}\n"
    "table{border-collapse:collapse;width:100%;margin:1rem 0}\n"
    "caption{text-align:left;font-weight:700;padding:.3rem 0}\n"
    "th,td{border-bottom:1px solid var(--line);padding:.35rem .5rem;text-align:left;"
    "vertical-align:top}\n"
    "th{background:var(--soft)}th.num,td.num{text-align:right;font-variant-numeric:tabular-nums}\n"
    /* computed views: row headers plain, sub-items indented, the notes under a table muted */
    "tbody th{background:none;font-weight:600}tbody th.sub{padding-left:1.5rem;font-weight:400}\n"
    "p.note{color:var(--muted);font-size:.95rem}h3{font-size:1.15rem}h4{font-size:1rem}\n"
    "label{display:block;font-weight:600;margin-top:.8rem}\n"
    "input,select,textarea{font:inherit;padding:.35rem;border:2px solid var(--ink);"
    "max-width:100%}\n"
    "button{font:inherit;padding:.4rem .9rem;border:0;background:var(--green);color:#fff;"
    "cursor:pointer;margin-top:.8rem}\n"
    "header button{margin:0;background:#fff;color:var(--ink)}\n"
    ".notice{padding:.6rem .8rem;border-left:6px solid var(--accent);background:var(--soft)}\n"
    ".error{padding:.6rem .8rem;border-left:6px solid var(--red);background:#fbe9e7}\n"
    ".error-summary{border:4px solid var(--red);padding:.6rem 1rem;margin:1rem 0}\n"
    "fieldset{margin:1rem 0;max-width:48rem}legend{font-weight:bold}.hint{color:#444}\n"
    ".ok{padding:.6rem .8rem;border-left:6px solid var(--green);background:#e6f3ec}\n"
    ".rag{display:inline-block;min-width:4.5rem;padding:.1rem .4rem;font-weight:700;"
    "text-align:center}\n"
    ".rag-red{background:var(--red);color:#fff}.rag-amber{background:var(--amber);color:#000}"
    ".rag-green{background:var(--green);color:#fff}.rag-none{background:var(--soft)}\n"
    ".needs{list-style:none;padding:0}.need{margin:.3rem 0}.tag{display:inline-block;"
    "min-width:5.5rem;padding:.1rem .4rem;font-weight:700;text-align:center}"
    ".tag-overdue{background:var(--red);color:#fff}.tag-soon{background:var(--amber);color:#000}\n"
    ".rag-summary{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:.5rem}\n"
    ".flag{color:var(--red);font-weight:700}\n"
    ".overdue{color:var(--red);font-weight:700}.drift{color:#8a4b00;font-weight:700}\n"
    "svg{max-width:100%;height:auto}svg.spark{width:8rem;height:2rem}\n"
    "svg .sparkline{fill:none;stroke:var(--accent);stroke-width:2}\n"
    "svg .sparkdot{fill:var(--ink)}\n"
    "dl.meta{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem}\n"
    "dl.meta dt{font-weight:700}dl.meta dd{margin:0}\n"
    /* tables scroll inside their box, never the page; forms built from register columns */
    ".scroll{overflow-x:auto;max-width:100%}\n"
    ".hint{display:block;color:var(--muted);font-size:.95rem}.req{font-weight:400}\n"
    ".field-error{color:var(--red);font-weight:700;margin:.2rem 0}"
    ".field-bad input,.field-bad select,.field-bad textarea{border-color:var(--red)}\n"
    "fieldset{border:0;padding:0;margin:.8rem 0 0}legend{font-weight:600}"
    ".check label{display:inline;font-weight:400;margin-left:.3rem}\n"
    "form.record textarea,form.record input[type=text]{width:40rem}\n"
    "pre{white-space:pre-wrap;background:var(--soft);padding:.6rem;overflow:auto}\n"
    "@media print{header,nav,.who,form{display:none}}\n";

void sg_h_asset_css(sg_web_ctx *c)
{
    c->resp->content_type = "text/css; charset=utf-8";
    c->resp->cache_public = true;
    sg_buf_append(&c->resp->body, sg_web_css, strlen(sg_web_css));
}
