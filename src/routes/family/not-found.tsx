import type { Context } from "hono";
import type { AppEnv } from "../../context";
import { languageFromAcceptLanguage } from "../../i18n";
import { FamilyNotFoundPage } from "../../views/pages/family-not-found";
import { translator } from "../middleware";

/** 404 for a family link whose code names nobody: the family is unknown, so the browser's language. */
export function familyNotFound(c: Context<AppEnv>) {
  const lang = languageFromAcceptLanguage(c.req.header("accept-language"));
  return c.html(<FamilyNotFoundPage t={translator(c, lang)} lang={lang} />, 404);
}
