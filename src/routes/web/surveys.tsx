import type { Context } from "hono";
import { Hono } from "hono";
import type { AppEnv } from "../../context";
import { LANGUAGE_TAGS } from "../../domain/languages";
import { wallTimeToInstant } from "../../domain/local-time";
import { ConflictError, ValidationError } from "../../errors";
import { listSchools } from "../../services/schools";
import {
  answerEducatorSurvey,
  createSurvey,
  exportSurveyAnswers,
  getSurvey,
  listSurveys,
  loadEducatorSurvey,
  mySurveys,
  openSurvey,
  type QuestionInput,
  surveyResults,
  updateSurvey,
} from "../../services/surveys";
import type { FormError } from "../../views/components/form-error";
import { Layout, type Translate } from "../../views/layout";
import { EducatorSurveyPage, SurveyPage, SurveysPage } from "../../views/pages/surveys";
import { kickDispatch } from "../background";
import { educatorActor, httpStatusOf, requireSignedIn, serviceContext, translator } from "../middleware";
import { csvResponse } from "./csv";

/** Coordinators make, edit, open and read surveys; every educator answers their own. */
export const surveyRoutes = new Hono<AppEnv>()
  .use("/surveys", requireSignedIn)
  .use("/surveys/*", requireSignedIn)
  .use("/my-surveys", requireSignedIn)
  .use("/my-surveys/*", requireSignedIn)
  .get("/surveys", async (c) => {
    const school = await schoolOf(c);
    return c.html(
      <SurveysPage
        t={translator(c)}
        actor={educatorActor(c)}
        csrfToken={c.get("csrfToken")}
        schoolId={school.id}
        list={await listSurveys(serviceContext(c), school.id)}
      />,
    );
  })
  .post("/surveys", async (c) => {
    const form = await c.req.parseBody();
    const school = await schoolOf(c);
    const { id } = await createSurvey(serviceContext(c), {
      schoolId: school.id,
      preset: String(form.preset ?? ""),
      anonymous: form.anonymous === "1",
    });
    return c.redirect(`/surveys/${id}`, 303);
  })
  .get("/surveys/:id", async (c) => c.html(await surveyPage(c)))
  .post("/surveys/:id", async (c) => {
    const ctx = serviceContext(c);
    const { school } = await getSurvey(ctx, c.req.param("id"));
    const form = await c.req.parseBody();
    const text = (k: string) => (typeof form[k] === "string" ? (form[k] as string) : "");
    const lines = (k: string) =>
      text(k)
        .split(/\r?\n/)
        .map((l) => l.trim())
        .filter(Boolean);
    const questions: QuestionInput[] = [];
    for (let i = 0; text(`q.${i}.kind`); i++) {
      if (!text(`q.${i}.prompt`).trim()) continue; // a cleared question is removed
      const kind = text(`q.${i}.kind`) as QuestionInput["kind"];
      questions.push({
        kind,
        prompt: text(`q.${i}.prompt`),
        choices: kind === "choice" ? lines(`q.${i}.choices`) : null,
        translations: Object.fromEntries(
          LANGUAGE_TAGS.filter((l) => l !== "en" && text(`q.${i}.prompt.${l}`).trim()).map((l) => [
            l,
            {
              prompt: text(`q.${i}.prompt.${l}`),
              ...(kind === "choice" && lines(`q.${i}.choices.${l}`).length
                ? { choices: lines(`q.${i}.choices.${l}`) }
                : {}),
            },
          ]),
        ),
      });
    }
    try {
      await updateSurvey(ctx, {
        surveyId: c.req.param("id"),
        title: text("title"),
        opensAt: wallTimeToInstant(text("opensAt"), school.timezone)?.toISOString() ?? "invalid",
        closesAt: wallTimeToInstant(text("closesAt"), school.timezone)?.toISOString() ?? "invalid",
        anonymous: text("anonymous") === "1",
        questions,
      });
    } catch (error) {
      // The refusal beside the form, each bad field named (the draft as saved stays below).
      if (!(error instanceof ValidationError || error instanceof ConflictError)) throw error;
      return c.html(
        await surveyPage(c, { message: error.message, fields: error.fields }),
        httpStatusOf(error) as 400 | 409,
      );
    }
    return c.redirect(`/surveys/${c.req.param("id")}`, 303);
  })
  .post("/surveys/:id/open", async (c) => {
    await openSurvey(serviceContext(c), { surveyId: c.req.param("id") });
    kickDispatch(c);
    return c.redirect(`/surveys/${c.req.param("id")}`, 303);
  })
  .get("/surveys/:id/export.csv", async (c) => {
    const { filename, header, rows } = await exportSurveyAnswers(serviceContext(c), c.req.param("id"));
    return csvResponse(filename, header, rows);
  })
  .get("/my-surveys", async (c) => {
    const list = await mySurveys(serviceContext(c));
    const t = translator(c);
    return c.html(
      <SurveysList
        t={t}
        list={list.map((r) => ({ id: r.survey.id, title: r.survey.title, done: Boolean(r.recipient.completedAt) }))}
        c={c}
      />,
    );
  })
  .get("/my-surveys/:id", async (c) => {
    const page = await loadEducatorSurvey(serviceContext(c), c.req.param("id"));
    return c.html(educatorPage(c, page));
  })
  .post("/my-surveys/:id", async (c) => {
    const ctx = serviceContext(c);
    const page = await loadEducatorSurvey(ctx, c.req.param("id"));
    const form = await c.req.parseBody();
    const answers = Object.fromEntries(
      page.questions.map((q) => [q.id, typeof form[`q_${q.id}`] === "string" ? (form[`q_${q.id}`] as string) : ""]),
    );
    try {
      await answerEducatorSurvey(ctx, page.survey.id, answers);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return c.html(educatorPage(c, page, answers, error.fields), 400);
    }
    return c.redirect("/my-surveys", 303);
  });

async function surveyPage(c: Context<AppEnv>, error?: FormError) {
  const ctx = serviceContext(c);
  const { questions } = await getSurvey(ctx, c.req.param("id")!);
  return (
    <SurveyPage
      t={translator(c)}
      actor={educatorActor(c)}
      csrfToken={c.get("csrfToken")}
      questions={questions}
      results={await surveyResults(ctx, c.req.param("id")!)}
      error={error}
    />
  );
}

function educatorPage(
  c: Context<AppEnv>,
  page: Awaited<ReturnType<typeof loadEducatorSurvey>>,
  given: Record<string, string> = {},
  errors?: Record<string, string>,
) {
  return (
    <EducatorSurveyPage
      t={translator(c)}
      actor={educatorActor(c)}
      csrfToken={c.get("csrfToken")}
      title={page.survey.title}
      surveyId={page.survey.id}
      open={page.open}
      questions={page.questions}
      given={given}
      errors={errors}
    />
  );
}

function SurveysList(props: {
  t: Translate;
  list: { id: string; title: string; done: boolean }[];
  c: Context<AppEnv>;
}) {
  const { t, list, c } = props;
  return (
    <Layout title={t("surveys.mine")} t={t} actor={educatorActor(c)} csrfToken={c.get("csrfToken")}>
      <h1>{t("surveys.mine")}</h1>
      {list.length === 0 ? (
        <p>{t("surveys.none")}</p>
      ) : (
        <ul>
          {list.map((s) => (
            <li>
              <a href={`/my-surveys/${s.id}`}>{s.title}</a> {s.done && <span class="muted">✓</span>}
            </li>
          ))}
        </ul>
      )}
    </Layout>
  );
}

async function schoolOf(c: Context<AppEnv>) {
  const schools = await listSchools(serviceContext(c));
  return schools.find((s) => s.id === c.req.query("school")) ?? schools[0]!;
}
