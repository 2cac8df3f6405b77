import { Hono } from "hono";
import type { AppEnv } from "../../context";
import { ValidationError } from "../../errors";
import { answerSurveyByLink, loadFamilySurveyPage } from "../../services/surveys";
import { FamilySurveyPage } from "../../views/pages/family-survey";
import { translator } from "../middleware";
import { familyNotFound } from "./not-found";

/**
 * /s/:code — a family answers a survey (the link in the invitation and the reminder). As for
 * /f/ and /e/, the unguessable code is the only key: no login, no staff CSRF.
 */
export const familySurveyRoutes = new Hono<AppEnv>()
  .get("/s/:code", async (c) => {
    const code = c.req.param("code");
    const page = await loadFamilySurveyPage({ deps: c.get("deps") }, code);
    if (!page) return familyNotFound(c);
    return c.html(<FamilySurveyPage t={translator(c, page.language)} page={page} code={code} />);
  })
  .post("/s/:code", async (c) => {
    const deps = c.get("deps");
    const code = c.req.param("code");
    const page = await loadFamilySurveyPage({ deps }, code);
    if (!page) return familyNotFound(c);
    const t = translator(c, page.language);
    if (!page.open) return c.html(<FamilySurveyPage t={t} page={page} code={code} />, 410);
    const form = await c.req.parseBody();
    const answers = Object.fromEntries(
      page.questions.map((q) => [q.id, typeof form[`q_${q.id}`] === "string" ? (form[`q_${q.id}`] as string) : ""]),
    );
    try {
      await answerSurveyByLink({ deps }, page, answers);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return c.html(
        <FamilySurveyPage t={t} page={page} code={code} errors={error.fields ?? {}} values={answers} />,
        400,
      );
    }
    return c.html(<FamilySurveyPage t={t} page={page} code={code} done />);
  });
