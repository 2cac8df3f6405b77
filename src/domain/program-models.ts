/**
 * The four program models as presets (DOMAIN.md and the seeds). Services enforce them; a
 * violation is a 400/409 that names the rule, e.g. "hvp.location: visits must be at the
 * family's home". Schools may override `cadenceDays` in their settings.
 */
import type { ProgramModelKey } from "./enums";

export type { ProgramModelKey };
export type SelectionFlag = "belowGradeLevel" | "attendanceConcern" | "englishLearner" | "noPreK";

export type ProgramModel = {
  name: string;
  educatorsPerVisit: 2;
  locations: readonly ("home" | "neutral")[];
  minimumMinutes: number;
  /** Rounds per school year; `optional` rounds are offered, not required. */
  rounds: { round: 1 | 2; purpose: string; optional: boolean }[];
  /** "universal or random, never targeted" — or the HOME WORKS! priorities. */
  selection: { random: boolean; prioritize: readonly SelectionFlag[] };
  /** Excludes households visited in earlier school years from a draw (HVP: different students each year). */
  excludePreviouslyVisited: boolean;
  /** Default days between touches after a completed visit (null: agreed with each family). */
  cadenceDays: number | null;
  requiredEvents: { kind: "family_dinner" | "team_meeting" | "conference" | "workshop"; perYear: number }[];
  requiredSurveys: boolean;
  /** The partner attests (validates) the record after the visit. */
  partnerAttests: boolean;
  /** HVP: the lead schedules, the partner confirms the scheduled time before the visit. */
  partnerConfirmsSchedule: boolean;
  /** The reflection the pair fills in after each visit (HOME WORKS!: its evaluation form). */
  evaluation: EvaluationForm | null;
  thresholds: { studentsVisitedShare?: number; educatorsParticipatingShare?: number };
  /**
   * Training an educator needs before leading or partnering on a visit: `ever` trainings of
   * these kinds at any time (PTHV: the introductory training), or `perYear` this school year
   * (HOME WORKS!: two mandatory trainings a year). Null: the model sets no rule.
   */
  training: { rule: string; kinds: readonly TrainingKind[]; ever?: number; perYear?: number } | null;
  /**
   * Staff commitment: the share of `of` whose recorded commitment is one of `counts`
   * (PTHV: ≥ 50 % of staff support; HOME WORKS!: a school joins when ≥ 50 % of classroom teachers agree).
   */
  commitment: { rule: string; counts: readonly Commitment[]; of: "staff" | "classroom teachers"; share: number } | null;
  /** HOME WORKS!: two site coordinators per school. */
  siteCoordinators: number | null;
  /** PTHV: both educators reflect after each visit (reported as a rate per pair). */
  pairReflection: boolean;
};

export type TrainingKind = "introductory" | "mandatory" | "refresher" | "debrief";
export type Commitment = "agreed" | "supports" | "declined";

/**
 * A post-visit form: short questions, each a choice or free text. The seeds name the forms
 * (PTHV's debrief, HOME WORKS!' Home Visit Evaluation Form) but not their questions; these are
 * our reading of the programs' aims (docs/decisions.md) — change them here, nowhere else.
 */
export type EvaluationQuestion =
  | { key: string; label: string; kind: "choice"; options: readonly string[] }
  | { key: string; label: string; kind: "text" };
export type EvaluationForm = { name: string; required: boolean; questions: readonly EvaluationQuestion[] };

const PTHV_DEBRIEF: EvaluationForm = {
  name: "Debrief and reflection",
  required: false,
  questions: [
    { key: "learned", label: "What did you learn from the family?", kind: "text" },
    { key: "assumption", label: "Did anything challenge an assumption you had?", kind: "text" },
  ],
};

const HOME_WORKS_EVALUATION: EvaluationForm = {
  name: "Home Visit Evaluation Form",
  required: true,
  questions: [
    {
      key: "focus",
      label: "Did the visit keep to this round's focus (1: relationship, 2: academics)?",
      kind: "choice",
      options: ["yes", "partly", "no"],
    },
    {
      key: "engagement",
      label: "How engaged was the family?",
      kind: "choice",
      options: ["very", "somewhat", "a little"],
    },
    { key: "strategy", label: "Learning strategy or material shared with the family", kind: "text" },
    { key: "nextStep", label: "Next step agreed with the family", kind: "text" },
  ],
};

export const PROGRAM_MODELS: Record<ProgramModelKey, ProgramModel> = {
  pthv: {
    name: "Parent Teacher Home Visits",
    educatorsPerVisit: 2,
    locations: ["home", "neutral"],
    minimumMinutes: 30,
    rounds: [
      { round: 1, purpose: "relationship: hopes and dreams", optional: false },
      { round: 2, purpose: "academics", optional: true },
    ],
    selection: { random: true, prioritize: [] },
    excludePreviouslyVisited: false,
    cadenceDays: 30,
    requiredEvents: [],
    requiredSurveys: false,
    partnerAttests: true,
    partnerConfirmsSchedule: false,
    evaluation: PTHV_DEBRIEF,
    thresholds: { studentsVisitedShare: 0.1, educatorsParticipatingShare: 0.5 },
    training: { rule: "pthv.training", kinds: ["introductory"], ever: 1 },
    commitment: { rule: "pthv.commitment", counts: ["agreed", "supports"], of: "staff", share: 0.5 },
    siteCoordinators: null,
    pairReflection: true,
  },
  homeworks: {
    name: "HOME WORKS! 2+2",
    educatorsPerVisit: 2,
    locations: ["home"],
    minimumMinutes: 30,
    rounds: [
      { round: 1, purpose: "relationship", optional: false },
      { round: 2, purpose: "academics", optional: false },
    ],
    selection: { random: false, prioritize: ["belowGradeLevel", "attendanceConcern", "englishLearner", "noPreK"] },
    excludePreviouslyVisited: false,
    cadenceDays: 30,
    requiredEvents: [{ kind: "family_dinner", perYear: 2 }],
    requiredSurveys: false,
    partnerAttests: true,
    partnerConfirmsSchedule: false,
    evaluation: HOME_WORKS_EVALUATION,
    thresholds: { educatorsParticipatingShare: 0.5 },
    training: { rule: "homeworks.training", kinds: ["mandatory"], perYear: 2 },
    commitment: { rule: "homeworks.commitment", counts: ["agreed"], of: "classroom teachers", share: 0.5 },
    siteCoordinators: 2,
    pairReflection: false,
  },
  ptlt: {
    name: "HOME WORKS! Parent Teacher Learning Team",
    educatorsPerVisit: 2,
    locations: ["home"],
    minimumMinutes: 30,
    rounds: [{ round: 1, purpose: "relationship", optional: false }],
    selection: { random: false, prioritize: [] },
    excludePreviouslyVisited: false,
    cadenceDays: 30,
    requiredEvents: [
      { kind: "team_meeting", perYear: 3 },
      { kind: "conference", perYear: 1 },
    ],
    requiredSurveys: false,
    partnerAttests: true,
    partnerConfirmsSchedule: false,
    evaluation: null,
    thresholds: {},
    training: { rule: "ptlt.training", kinds: ["introductory", "mandatory"], ever: 1 },
    commitment: null,
    siteCoordinators: null,
    pairReflection: false,
  },
  hvp: {
    name: "Home Visit Partnerships",
    educatorsPerVisit: 2,
    locations: ["home"],
    minimumMinutes: 30,
    rounds: [
      { round: 1, purpose: "relationship: hopes and dreams", optional: false },
      { round: 2, purpose: "follow-up", optional: true },
    ],
    selection: { random: true, prioritize: [] },
    excludePreviouslyVisited: true,
    cadenceDays: 42,
    requiredEvents: [{ kind: "workshop", perYear: 1 }],
    requiredSurveys: true,
    partnerAttests: true,
    partnerConfirmsSchedule: true,
    evaluation: null,
    thresholds: {},
    training: { rule: "hvp.training", kinds: ["introductory", "mandatory"], ever: 1 },
    commitment: null,
    siteCoordinators: null,
    pairReflection: false,
  },
};

export type RuleViolation = { rule: string; field: string; message: string };

/** Checks a planned visit against its school's model; returns every rule it breaks. */
export function checkVisitPlan(
  model: ProgramModelKey,
  plan: { educatorIds: string[]; location: "home" | "neutral"; round: number },
): RuleViolation[] {
  const preset = PROGRAM_MODELS[model];
  const violations: RuleViolation[] = [];
  const distinct = new Set(plan.educatorIds);
  if (distinct.size !== preset.educatorsPerVisit || plan.educatorIds.length !== preset.educatorsPerVisit) {
    violations.push({
      rule: `${model}.pairs`,
      field: "educatorIds",
      message: "a visit needs exactly two different educators (lead, partner)",
    });
  }
  if (!preset.locations.includes(plan.location)) {
    violations.push({
      rule: `${model}.location`,
      field: "location",
      message:
        preset.locations.length === 1
          ? "visits must be at the family's home"
          : `must be one of ${preset.locations.join(", ")}`,
    });
  }
  if (!preset.rounds.some((r) => r.round === plan.round)) {
    violations.push({
      rule: `${model}.rounds`,
      field: "round",
      message: `this model has rounds ${preset.rounds.map((r) => r.round).join(", ")}`,
    });
  }
  return violations;
}

export function checkVisitLength(model: ProgramModelKey, minutes: number): RuleViolation[] {
  const minimum = PROGRAM_MODELS[model].minimumMinutes;
  return minutes < minimum
    ? [{ rule: `${model}.length`, field: "durationMinutes", message: `must be at least ${minimum} minutes` }]
    : [];
}

/** Prioritization flags a coordinator may use in a draw; "never targeted" models allow none. */
export function checkSelectionFlags(model: ProgramModelKey, flags: SelectionFlag[]): RuleViolation[] {
  const allowed = PROGRAM_MODELS[model].selection.prioritize;
  const refused = flags.filter((f) => !allowed.includes(f));
  return refused.length === 0
    ? []
    : [
        {
          rule: `${model}.selection`,
          field: "prioritize",
          message: `${PROGRAM_MODELS[model].name} never targets students (${refused.join(", ")} not allowed)`,
        },
      ];
}

/**
 * Checks a post-visit evaluation against the school's form: known questions only, choices from
 * the list, text ≤ 1,000 characters, and — where the form is required (HOME WORKS!) — every
 * question answered. Returns the cleaned answers (empty ones dropped) and every violation.
 */
export function checkEvaluation(
  model: ProgramModelKey,
  answers: Record<string, string> | undefined,
): { answers: Record<string, string> | null; violations: RuleViolation[] } {
  const form = PROGRAM_MODELS[model].evaluation;
  const given = Object.fromEntries(
    Object.entries(answers ?? {})
      .map(([k, v]) => [k, v.trim()] as const)
      .filter(([, v]) => v !== ""),
  );
  const violations: RuleViolation[] = [];
  const rule = `${model}.evaluation`;
  if (!form) {
    if (Object.keys(given).length > 0) {
      violations.push({ rule, field: "evaluation", message: `${PROGRAM_MODELS[model].name} has no evaluation form` });
    }
    return { answers: null, violations };
  }
  for (const [key, value] of Object.entries(given)) {
    const question = form.questions.find((q) => q.key === key);
    if (!question)
      violations.push({ rule, field: `evaluation.${key}`, message: `is not a question on the ${form.name}` });
    else if (question.kind === "choice" && !question.options.includes(value))
      violations.push({ rule, field: `evaluation.${key}`, message: `must be one of ${question.options.join(", ")}` });
    else if (value.length > 1000)
      violations.push({ rule, field: `evaluation.${key}`, message: "is over 1,000 characters" });
  }
  if (form.required) {
    for (const question of form.questions) {
      if (!(question.key in given))
        violations.push({ rule, field: `evaluation.${question.key}`, message: `is required by the ${form.name}` });
    }
  }
  return { answers: Object.keys(given).length > 0 ? given : null, violations };
}

/**
 * What the school has recorded of one educator's training (counts of the model's kinds).
 * `beforeDoorstepThisYear`: a "trained before Doorstep" record (migration 0030) falls in this
 * school year — it stands for that year's trainings, so educators already visiting when the rule
 * shipped are not refused mid-year; the next year needs trainings recorded as usual.
 */
export type TrainingRecord = {
  educatorId: string;
  name: string;
  ever: number;
  thisYear: number;
  beforeDoorstepThisYear?: boolean;
};

/**
 * Checks each educator of a planned visit against the model's training rule (PTHV: trained
 * before visiting; HOME WORKS!: two mandatory trainings this school year). One violation per
 * untrained educator, naming them, the rule and what is missing.
 */
export function checkPairTraining(model: ProgramModelKey, pair: readonly TrainingRecord[]): RuleViolation[] {
  const rule = PROGRAM_MODELS[model].training;
  if (!rule) return [];
  const kinds = rule.kinds.join(" or ");
  return pair.flatMap((e, i): RuleViolation[] => {
    if (rule.perYear !== undefined && e.thisYear < rule.perYear && !e.beforeDoorstepThisYear) {
      return [
        {
          rule: rule.rule,
          field: `educatorIds.${i}`,
          message: `${e.name} has ${e.thisYear} of the ${rule.perYear} ${kinds} trainings this school year required before visiting`,
        },
      ];
    }
    if (rule.ever !== undefined && e.ever < rule.ever) {
      return [
        {
          rule: rule.rule,
          field: `educatorIds.${i}`,
          message: `${e.name} has no ${kinds} training on record; educators are trained before visiting`,
        },
      ];
    }
    return [];
  });
}

/** The share of the counted educators whose commitment meets the model's rule (null: nobody to count). */
export function commitmentShare(
  model: ProgramModelKey,
  staff: readonly { role: string; commitment: Commitment | null }[],
): { counted: number; committed: number; share: number | null } | null {
  const rule = PROGRAM_MODELS[model].commitment;
  if (!rule) return null;
  // "Classroom teachers" are the educator role; "staff" adds the school's coordinators.
  const counted = staff.filter((s) =>
    rule.of === "classroom teachers" ? s.role === "educator" : s.role !== "district_admin",
  );
  const committed = counted.filter((s) => s.commitment !== null && rule.counts.includes(s.commitment)).length;
  return { counted: counted.length, committed, share: counted.length === 0 ? null : committed / counted.length };
}
