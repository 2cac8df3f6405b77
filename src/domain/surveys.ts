import { asciiDigits } from "./keywords";

/** A question's wording in one language: the prompt, and for a choice question its choices in order. */
export type QuestionText = { prompt: string; choices?: string[] };
export type QuestionTranslations = Record<string, QuestionText>;

/**
 * Survey rules that need no I/O: the HVP presets, how a text answers a question, and which
 * wording a family reads. Scales are 1–5 (1 = strongly disagree … 5 = strongly agree); choices
 * are answered by their number; "0" skips any question.
 */
export const SCALE_MAX = 5;

/**
 * What a family's text becomes in its thread once it answered an *anonymous* survey. The
 * thread, inbox, search, notifications, exports and translations all read `messages.body`, so
 * the answer is withheld there at the one place it is written; it is kept only in
 * `survey_answers`, whose results name no one. Staff still see that the family wrote.
 */
export const ANONYMOUS_ANSWER_BODY =
  "(An answer to an anonymous survey: it is counted in the survey's results, without a name.)";

export type PresetQuestion = {
  kind: "scale" | "choice" | "text";
  prompt: string;
  choices?: string[];
  translations: QuestionTranslations;
};
export type Preset = { key: string; audience: "families" | "educators"; title: string; questions: PresetQuestion[] };

/**
 * HVP's end-of-year family survey, written from the seed's intent (004: "End-of-year surveys,
 * provided by HVP, for both educators and families are a required component"; its outcomes are
 * the visit as a positive experience, comfort communicating with the teacher, partnership in the
 * child's learning). Not HVP's own instrument, which the seed does not give: a school edits it.
 * The translations are machine drafts (locales/STATUS.md), awaiting a native reviewer; the
 * Spanish avoids accents outside GSM-7 where it reads naturally, so its texts cost 2 segments, not 3.
 */
const HVP_FAMILY: Preset = {
  key: "hvp_family",
  audience: "families",
  title: "End-of-year family survey",
  questions: [
    {
      kind: "scale",
      prompt: "The home visit was a good experience for me and my child.",
      translations: {
        es: { prompt: "La visita al hogar fue una buena experiencia para mi hijo(a) y para mi familia." },
        vi: { prompt: "Buổi thăm nhà là một trải nghiệm tốt cho tôi và con tôi." },
        "zh-Hans": { prompt: "家访对我和我的孩子来说是一次很好的经历。" },
        ar: { prompt: "كانت الزيارة المنزلية تجربة جيدة لي ولطفلي." },
        so: { prompt: "Booqashada gurigu waxay ii ahayd khibrad wanaagsan aniga iyo ilmahayga." },
        hmn: { prompt: "Kev tuaj xyuas hauv tsev yog ib qho kev paub zoo rau kuv thiab kuv tus menyuam." },
        ht: { prompt: "Vizit lakay la te yon bon eksperyans pou mwen ak pitit mwen." },
        pt: { prompt: "A visita domiciliar foi uma boa experiência para mim e meu filho(a)." },
        ru: { prompt: "Домашний визит был хорошим опытом для меня и моего ребёнка." },
        ko: { prompt: "가정 방문은 저와 제 아이에게 좋은 경험이었습니다." },
        tl: { prompt: "Ang pagbisita sa bahay ay naging magandang karanasan para sa akin at sa aking anak." },
        uk: { prompt: "Домашній візит був добрим досвідом для мене і моєї дитини." },
        fr: { prompt: "La visite à domicile a été une bonne expérience pour moi et mon enfant." },
        prs: { prompt: "بازدید خانگی برای من و فرزندم تجربهٔ خوبی بود." },
      },
    },
    {
      kind: "scale",
      prompt: "Since the visit, I feel more comfortable talking with my child's teacher.",
      translations: {
        es: { prompt: "Desde la visita, hablo con el maestro de mi hijo(a) con mayor confianza." },
        vi: { prompt: "Từ sau buổi thăm, tôi thấy thoải mái hơn khi nói chuyện với giáo viên của con." },
        "zh-Hans": { prompt: "家访之后，我和孩子的老师交流时感觉更自在了。" },
        ar: { prompt: "منذ الزيارة، أشعر براحة أكبر في التحدث مع معلم طفلي." },
        so: { prompt: "Tan iyo booqashada, waxaan dareemayaa raaxo badan markaan la hadlayo macallinka ilmahayga." },
        hmn: { prompt: "Txij li thaum tuaj xyuas, kuv xis nyob dua thaum tham nrog kuv tus menyuam tus xib fwb." },
        ht: { prompt: "Depi vizit la, mwen pi alez pou m pale ak pwofese pitit mwen." },
        pt: { prompt: "Desde a visita, sinto-me mais à vontade para falar com o professor do meu filho(a)." },
        ru: { prompt: "После визита мне стало легче общаться с учителем моего ребёнка." },
        ko: { prompt: "방문 이후 아이의 선생님과 이야기하는 것이 더 편해졌습니다." },
        tl: { prompt: "Mula nang bumisita, mas komportable na akong makipag-usap sa guro ng aking anak." },
        uk: { prompt: "Після візиту мені легше спілкуватися з учителем моєї дитини." },
        fr: { prompt: "Depuis la visite, je suis plus à l'aise pour parler avec l'enseignant de mon enfant." },
        prs: { prompt: "از زمان بازدید، در صحبت با معلم فرزندم راحت‌تر هستم." },
      },
    },
    {
      kind: "scale",
      prompt: "The teacher and I are partners in my child's learning.",
      translations: {
        es: { prompt: "El maestro y yo trabajamos juntos en el aprendizaje de mi hijo(a)." },
        vi: { prompt: "Giáo viên và tôi cùng đồng hành trong việc học của con tôi." },
        "zh-Hans": { prompt: "老师和我是孩子学习上的伙伴。" },
        ar: { prompt: "المعلم وأنا شريكان في تعلم طفلي." },
        so: { prompt: "Macallinka iyo aniga waxaan wadaagnaa waxbarashada ilmahayga." },
        hmn: { prompt: "Tus xib fwb thiab kuv koom tes rau kuv tus menyuam txoj kev kawm." },
        ht: { prompt: "Pwofesè a ak mwen se patnè nan aprantisaj pitit mwen." },
        pt: { prompt: "O professor e eu somos parceiros na aprendizagem do meu filho(a)." },
        ru: { prompt: "Мы с учителем — партнёры в обучении моего ребёнка." },
        ko: { prompt: "선생님과 저는 아이의 배움을 함께하는 동반자입니다." },
        tl: { prompt: "Magkatuwang kami ng guro sa pag-aaral ng aking anak." },
        uk: { prompt: "Ми з учителем — партнери в навчанні моєї дитини." },
        fr: { prompt: "L'enseignant et moi sommes partenaires dans l'apprentissage de mon enfant." },
        prs: { prompt: "من و معلم در یادگیری فرزندم همکار هستیم." },
      },
    },
    {
      kind: "choice",
      prompt: "How do you like to hear from your child's teacher?",
      choices: ["Text message", "Phone call", "Email", "In person"],
      translations: {
        es: {
          prompt: "¿De qué manera prefiere recibir noticias del maestro de su hijo(a)?",
          choices: ["Mensaje de texto", "Llamada", "Correo", "En persona"],
        },
        vi: {
          prompt: "Quý vị muốn giáo viên liên lạc bằng cách nào?",
          choices: ["Tin nhắn", "Gọi điện", "Email", "Gặp trực tiếp"],
        },
        "zh-Hans": { prompt: "您希望孩子的老师怎样联系您？", choices: ["短信", "电话", "电子邮件", "当面"] },
        ar: {
          prompt: "كيف تفضّل أن يتواصل معك معلم طفلك؟",
          choices: ["رسالة نصية", "مكالمة هاتفية", "بريد إلكتروني", "شخصيًا"],
        },
        so: {
          prompt: "Sidee ayaad jeceshahay in macallinka ilmahaagu kula soo xiriiro?",
          choices: ["Fariin qoraal ah", "Wicitaan", "Iimayl", "Fool ka fool"],
        },
        hmn: {
          prompt: "Koj nyiam tus xib fwb tiv tauj koj li cas?",
          choices: ["Xa ntawv hauv xov tooj", "Hu xov tooj", "Email", "Ntsib ntsej muag"],
        },
        ht: {
          prompt: "Ki jan ou renmen pwofesè pitit ou a kontakte w?",
          choices: ["Tèks", "Apèl telefòn", "Imèl", "An pèsòn"],
        },
        pt: {
          prompt: "Como prefere receber notícias do professor do seu filho(a)?",
          choices: ["Mensagem de texto", "Ligação", "E-mail", "Pessoalmente"],
        },
        ru: {
          prompt: "Как вам удобнее получать вести от учителя ребёнка?",
          choices: ["СМС", "Звонок", "Эл. почта", "Лично"],
        },
        ko: {
          prompt: "아이의 선생님에게서 어떻게 연락받고 싶으신가요?",
          choices: ["문자 메시지", "전화", "이메일", "직접 만나서"],
        },
        tl: {
          prompt: "Paano mo gustong makatanggap ng balita mula sa guro ng iyong anak?",
          choices: ["Text", "Tawag", "Email", "Personal"],
        },
        uk: {
          prompt: "Як вам зручніше отримувати вісті від учителя дитини?",
          choices: ["SMS", "Дзвінок", "Ел. пошта", "Особисто"],
        },
        fr: {
          prompt: "Comment préférez-vous avoir des nouvelles de l'enseignant de votre enfant ?",
          choices: ["SMS", "Appel", "E-mail", "En personne"],
        },
        prs: {
          prompt: "دوست دارید معلم فرزندتان چگونه با شما در تماس شود؟",
          choices: ["پیام کوتاه", "تماس تلفنی", "ایمیل", "حضوری"],
        },
      },
    },
    {
      kind: "text",
      prompt: "What would make the home visits better next year?",
      translations: {
        es: { prompt: "¿Qué puede mejorar las visitas al hogar el año que viene?" },
        vi: { prompt: "Điều gì sẽ giúp các buổi thăm nhà tốt hơn vào năm tới?" },
        "zh-Hans": { prompt: "明年怎样能让家访更好？" },
        ar: { prompt: "ما الذي يجعل الزيارات المنزلية أفضل في العام القادم؟" },
        so: { prompt: "Maxaa ka dhigi lahaa booqashooyinka guriga kuwo ka wanaagsan sannadka dambe?" },
        hmn: { prompt: "Dab tsi yuav ua rau kev tuaj xyuas hauv tsev zoo dua xyoo tom ntej?" },
        ht: { prompt: "Kisa ki ta fè vizit lakay yo pi bon ane pwochèn?" },
        pt: { prompt: "O que tornaria as visitas domiciliares melhores no próximo ano?" },
        ru: { prompt: "Что сделало бы домашние визиты лучше в следующем году?" },
        ko: { prompt: "내년에 가정 방문이 더 좋아지려면 무엇이 필요할까요?" },
        tl: { prompt: "Ano ang magpapabuti sa mga pagbisita sa bahay sa susunod na taon?" },
        uk: { prompt: "Що зробило б домашні візити кращими наступного року?" },
        fr: { prompt: "Qu'est-ce qui rendrait les visites à domicile meilleures l'an prochain ?" },
        prs: { prompt: "چه چیزی بازدیدهای خانگی را سال آینده بهتر می‌سازد؟" },
      },
    },
  ],
};

/**
 * HVP's end-of-year educator survey, from the seed's educator outcomes (better communication
 * with families, empathy, connection with students). Educators answer signed in, in English.
 */
const HVP_EDUCATOR: Preset = {
  key: "hvp_educator",
  audience: "educators",
  title: "End-of-year educator survey",
  questions: [
    { kind: "scale", prompt: "Home visits improved my communication with my students' families.", translations: {} },
    { kind: "scale", prompt: "Home visits increased my empathy for my students and their families.", translations: {} },
    { kind: "scale", prompt: "I feel more connected with the students whose families I visited.", translations: {} },
    {
      kind: "choice",
      prompt: "How many home visits would you like to make next year?",
      choices: ["Fewer", "About the same", "More"],
      translations: {},
    },
    { kind: "text", prompt: "What would help you make better visits next year?", translations: {} },
  ],
};

export const SURVEY_PRESETS: Record<string, Preset> = { hvp_family: HVP_FAMILY, hvp_educator: HVP_EDUCATOR };

export type QuestionShape = { kind: "scale" | "choice" | "text"; choices: string[] | null };

/** A question as a family reads it: their language's wording when it has one, else English. */
export function questionIn(
  q: { prompt: string; choices: string[] | null; translations: QuestionTranslations },
  language: string,
): QuestionText {
  const own = q.translations[language];
  const choices = q.choices ?? undefined;
  if (!own?.prompt) return { prompt: q.prompt, choices };
  return { prompt: own.prompt, choices: own.choices?.length === choices?.length ? own.choices : choices };
}

export type ParsedAnswer = { skip: true } | { skip: false; value: number | null; text: string | null };

/**
 * A text as the answer to one question, or null when it cannot be one (a scale question
 * answered "7" or "maybe"): the caller then treats the text as an ordinary message. Digits may
 * be Arabic-Indic or Persian ("٤", "۴"), as our ar/prs families type them. "0" skips.
 */
export function parseSurveyAnswer(question: QuestionShape, body: string): ParsedAnswer | null {
  const trimmed = asciiDigits(body.normalize("NFKC"))
    .trim()
    .replace(/[.!)]+$/, "");
  if (trimmed === "0") return { skip: true };
  if (question.kind === "text") {
    const text = body.trim();
    return text ? { skip: false, value: null, text: text.slice(0, 1000) } : null;
  }
  if (!/^\d{1,2}$/.test(trimmed)) return null;
  const value = Number(trimmed);
  const max = question.kind === "scale" ? SCALE_MAX : (question.choices?.length ?? 0);
  return value >= 1 && value <= max ? { skip: false, value, text: null } : null;
}

/** Bad survey input, named by field, for the coordinator's form and the API. */
export function surveyProblems(input: {
  title: string;
  opensAt: Date;
  closesAt: Date;
  questions: { kind: string; prompt: string; choices?: string[] | null }[];
}): { field: string; message: string }[] {
  const problems: { field: string; message: string }[] = [];
  if (!input.title.trim()) problems.push({ field: "title", message: "is required" });
  if (Number.isNaN(input.opensAt.getTime())) problems.push({ field: "opensAt", message: "must be a date" });
  if (Number.isNaN(input.closesAt.getTime())) problems.push({ field: "closesAt", message: "must be a date" });
  else if (input.closesAt <= input.opensAt) problems.push({ field: "closesAt", message: "must be after opensAt" });
  if (input.questions.length === 0) problems.push({ field: "questions", message: "needs at least one question" });
  input.questions.forEach((q, i) => {
    if (!["scale", "choice", "text"].includes(q.kind))
      problems.push({ field: `questions.${i}.kind`, message: "must be scale, choice or text" });
    if (!q.prompt.trim()) problems.push({ field: `questions.${i}.prompt`, message: "is required" });
    if (q.kind === "choice" && (!q.choices || q.choices.length < 2 || q.choices.length > 9))
      problems.push({ field: `questions.${i}.choices`, message: "needs 2–9 choices" });
  });
  return problems;
}
