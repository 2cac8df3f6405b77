import { raw } from "hono/html";
import type { Child } from "hono/jsx";
import type { Actor } from "../context";
import { textDirection } from "../domain/languages";

export type Translate = (key: string, options?: Record<string, unknown>) => string;

export type LayoutProps = {
  title: string;
  t: Translate;
  lang?: string;
  actor?: Actor | undefined;
  csrfToken?: string;
  children?: Child;
};

/**
 * The page shell: semantic landmarks, readable on a phone, no JavaScript needed. `lang` and
 * `dir` are set from the page's language so screen readers and RTL scripts behave.
 */
export function Layout({ title, t, lang = "en", actor, csrfToken, children }: LayoutProps) {
  return (
    <html lang={lang} dir={textDirection(lang)}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${title} · ${t("app.name")}`}</title>
        <style>{raw(STYLES)}</style>
      </head>
      <body>
        <a class="skip" href="#main">
          {t("app.skip")}
        </a>
        <header>
          <nav aria-label="Main">
            <a href="/" class="brand">
              {t("app.name")}
            </a>
            {actor?.type === "educator" && (
              <>
                <a href="/">{t("nav.families")}</a>
                <a href="/inbox">
                  {t("nav.inbox")}{" "}
                  {actor.unread ? (
                    <span class="badge">{t("inboxTools.navUnread", { count: actor.unread })}</span>
                  ) : null}
                </a>
                <a href="/settings/office-hours">{t("officeHours.nav")}</a>
                {actor.role !== "educator" && <a href="/dashboard">{t("nav.dashboard")}</a>}
                {actor.role !== "educator" && <a href="/delivery">{t("nav.delivery")}</a>}
                {actor.role !== "educator" && <a href="/draws">{t("nav.draws")}</a>}
                {actor.role !== "educator" && <a href="/fidelity">{t("nav.fidelity")}</a>}
                {actor.role !== "educator" && <a href="/events">{t("nav.events")}</a>}
                <a href={actor.role === "educator" ? "/my-surveys" : "/surveys"}>{t("surveys.nav")}</a>
                {actor.role !== "educator" && <a href="/imports">{t("nav.imports")}</a>}
                {actor.role !== "educator" && <a href="/records">{t("records.nav")}</a>}
                <span class="who">{t("nav.signedInAs", { name: actor.name, role: t(`roles.${actor.role}`) })}</span>
                <form method="post" action="/logout" class="inline">
                  <input type="hidden" name="_csrf" value={csrfToken ?? ""} />
                  <button type="submit">{t("nav.signOut")}</button>
                </form>
              </>
            )}
          </nav>
        </header>
        <main id="main">{children}</main>
      </body>
    </html>
  );
}

// Our own constant, not user input: emitted raw so CSS quotes survive.
const STYLES = `
*{box-sizing:border-box}
html,body{overflow-wrap:anywhere}
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;margin:0;color:#1f2933;background:#f7f7f5;line-height:1.5}
header{background:#234e52;color:#fff;padding:0 .5rem}
/* Phone first: the links sit on one row that scrolls inside itself (never the page), so the
   header stays one tap-target tall (about 52 px) instead of wrapping into a fifth of the screen. */
header nav{display:flex;gap:.25rem;align-items:center;overflow-x:auto;white-space:nowrap;scrollbar-width:thin}
header a{color:#fff}
header nav a,header nav button{display:inline-flex;align-items:center;min-height:44px;padding:0 .6rem;flex:none}
.brand{font-weight:700;text-decoration:none;margin-inline-end:auto}
.who{font-size:.9rem;opacity:.9;flex:none}
@media (max-width:40rem){.who{display:none}}
main{max-width:60rem;margin:0 auto;padding:1rem}
table{width:100%;border-collapse:collapse;background:#fff}
th,td{text-align:start;padding:.5rem;border-bottom:1px solid #e4e7eb;vertical-align:top}
caption{text-align:start;font-weight:600;padding:.5rem 0}
.card{background:#fff;border:1px solid #e4e7eb;border-radius:.5rem;padding:1rem;margin-bottom:1rem}
.muted{color:#52606d;font-size:.9rem}
bdi{unicode-bidi:isolate}.ctl{font-family:monospace;font-size:.8em;background:#fff5f5;color:#9b2c2c}
.badge{display:inline-block;padding:0 .4rem;border-radius:.25rem;background:#e6fffa;color:#234e52;font-size:.85rem}
.msg-in{border-inline-start:4px solid #319795}
.msg-out{border-inline-start:4px solid #a0aec0}
input,button,select,textarea{font:inherit;padding:.5rem;border-radius:.375rem;border:1px solid #9aa5b1;max-width:100%}
/* WCAG 2.5.5: every control at least 44 px tall, so a teacher's thumb finds it. */
input,select,button,summary{min-height:44px}
input[type=checkbox],input[type=radio]{min-height:auto;width:1.5rem;height:1.5rem;vertical-align:middle}
button{background:#2c7a7b;color:#fff;border-color:#2c7a7b;cursor:pointer}
button.quiet{background:#fff;color:#52606d;border-color:#9aa5b1;padding:.25rem .75rem}
summary{cursor:pointer;display:flex;align-items:center}
/* Links a thumb aims at (lists, tables, navigation-like lines) are 44 px tall; links inside a
   sentence keep the line (WCAG 2.5.5 exempts inline links). */
td a,li > a,p > a:only-child,form a,.actions a,main nav a{display:inline-flex;align-items:center;min-height:44px}
.field-error{color:#9b1c1c;font-weight:600;display:block}
.form-error{border-color:#9b1c1c}
.over{color:#9b1c1c;font-weight:600}
[aria-invalid=true]{border-color:#9b1c1c;border-width:2px}
header button{background:transparent;border-color:#fff}
.inline{display:inline}
.skip{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.skip:focus{width:auto;height:auto;clip:auto;top:.5rem;inset-inline-start:.5rem;background:#fff;color:#000;padding:.5rem;z-index:1}
ul.plain{list-style:none;padding:0}
@media (max-width:40rem){
  /* A wide table that has no card layout scrolls inside its own box, never the page. */
  table:not(.responsive){display:block;overflow-x:auto;max-width:100%}
  table.responsive thead{display:none}
  table.responsive tr{display:block;border-bottom:1px solid #e4e7eb;padding:.5rem 0}
  table.responsive td{display:block;border:0;padding:.15rem .5rem}
  table.responsive td::before{content:attr(data-label) ": ";font-weight:600}
}
`;
