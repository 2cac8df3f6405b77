/**
 * The four program models as presets (DOMAIN.md and the seeds). Services enforce them; a
 * violation is a 400/409 that names the rule, e.g. "hvp.location: visits must be at the
 * family's home". Schools may override `cadenceDays` in their settings.
 */
export type ProgramModelKey = "pthv" | "homeworks" | "ptlt" | "hvp";
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
  thresholds: { studentsVisitedShare?: number; educatorsParticipatingShare?: number };
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
    thresholds: { studentsVisitedShare: 0.1, educatorsParticipatingShare: 0.5 },
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
    thresholds: { educatorsParticipatingShare: 0.5 },
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
    thresholds: {},
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
    thresholds: {},
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
