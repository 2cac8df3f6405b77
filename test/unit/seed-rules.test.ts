import { describe, expect, it } from "vitest";
import {
  checkEvaluation,
  checkPairTraining,
  checkSelectionFlags,
  checkVisitLength,
  checkVisitPlan,
  commitmentShare,
  PROGRAM_MODELS,
} from "../../src/domain/program-models";

/**
 * One test per seed rule that the program models enforce or measure, named by the seed's own
 * words (docs/fidelity.md's table points here). The services' tests show the same rules at work
 * through HTTP and SQLite; these pin the rule itself, so a changed preset fails by name.
 */
const pair = { educatorIds: ["a", "b"], location: "home" as const, round: 1 };
const trained = { educatorId: "a", name: "Ana", ever: 1, thisYear: 2 };
const untrained = { educatorId: "b", name: "Ben", ever: 0, thisYear: 0 };

describe("all four models", () => {
  it("'Always send educators out in pairs' (002 #3, 003, 004): a visit needs exactly two different educators", () => {
    for (const model of ["pthv", "homeworks", "ptlt", "hvp"] as const) {
      expect(checkVisitPlan(model, pair)).toEqual([]);
      expect(checkVisitPlan(model, { ...pair, educatorIds: ["a"] })[0]!.rule).toBe(`${model}.pairs`);
      expect(checkVisitPlan(model, { ...pair, educatorIds: ["a", "a"] })[0]!.rule).toBe(`${model}.pairs`);
    }
  });
  it("'Educators are trained' (003, 000, 001, 004): every model gates invitations on training", () => {
    for (const model of ["pthv", "homeworks", "ptlt", "hvp"] as const) {
      expect(checkPairTraining(model, [trained])).toEqual([]);
      expect(checkPairTraining(model, [untrained])[0]!.rule).toBe(`${model}.training`);
    }
  });
});

describe("PTHV (003)", () => {
  it("PTHV 'Home visits can take place in the family's home or in a neutral setting'", () => {
    expect(checkVisitPlan("pthv", { ...pair, location: "neutral" })).toEqual([]);
  });
  it("PTHV 'an optional second visit in the winter or spring': round 2 is offered, not required", () => {
    expect(PROGRAM_MODELS.pthv.rounds).toEqual([
      expect.objectContaining({ round: 1, optional: false }),
      expect.objectContaining({ round: 2, optional: true }),
    ]);
    expect(checkVisitPlan("pthv", { ...pair, round: 2 })).toEqual([]);
  });
  it("PTHV 'We don't target students': a draw may not prioritize anyone", () => {
    expect(checkSelectionFlags("pthv", ["attendanceConcern"])[0]!.rule).toBe("pthv.selection");
  });
  it("PTHV 'a 30–40-minute conversation': a visit under 30 minutes is refused at completion", () => {
    expect(checkVisitLength("pthv", 29)[0]!.rule).toBe("pthv.length");
    expect(checkVisitLength("pthv", 30)).toEqual([]);
  });
  it("PTHV '10% or more of students receive a home visit' and 'enough participating teachers' (50%)", () => {
    expect(PROGRAM_MODELS.pthv.thresholds).toEqual({ studentsVisitedShare: 0.1, educatorsParticipatingShare: 0.5 });
  });
  it("PTHV '50% or more of the staff members must be in support': agreed and supports both count", () => {
    const c = commitmentShare("pthv", [
      { role: "educator", commitment: "agreed" },
      { role: "coordinator", commitment: "supports" },
      { role: "educator", commitment: "declined" },
      { role: "educator", commitment: null },
    ]);
    expect(c).toEqual({ counted: 4, committed: 2, share: 0.5 });
  });
  it("PTHV 'Educators go in pairs and reflect': the report measures pair reflection; the debrief form is optional", () => {
    expect(PROGRAM_MODELS.pthv.pairReflection).toBe(true);
    expect(checkEvaluation("pthv", {}).violations).toEqual([]);
  });
});

describe("HOME WORKS! 2+2 (000, 001)", () => {
  it("HOME WORKS! visits are home visits: a neutral place is refused", () => {
    expect(checkVisitPlan("homeworks", { ...pair, location: "neutral" })[0]!.rule).toBe("homeworks.location");
  });
  it("HOME WORKS! 'two home visits per student, per year': round 2 is required, not optional", () => {
    expect(PROGRAM_MODELS.homeworks.rounds.every((r) => !r.optional)).toBe(true);
  });
  it("HOME WORKS! 'prioritizing students who' are below grade level, chronically absent, learning English, had no pre-K", () => {
    expect(
      checkSelectionFlags("homeworks", ["belowGradeLevel", "attendanceConcern", "englishLearner", "noPreK"]),
    ).toEqual([]);
  });
  it("HOME WORKS! 'two mandatory trainings for teachers' a year", () => {
    expect(checkPairTraining("homeworks", [{ ...trained, thisYear: 1 }])[0]!.rule).toBe("homeworks.training");
  });
  it("HOME WORKS! 'two site coordinators' and 'two family dinners at each school' are the measured targets", () => {
    expect(PROGRAM_MODELS.homeworks.siteCoordinators).toBe(2);
    expect(PROGRAM_MODELS.homeworks.requiredEvents).toEqual([{ kind: "family_dinner", perYear: 2 }]);
  });
  it("HOME WORKS! a school joins when 50% of classroom teachers agree: coordinators and 'supports' do not count", () => {
    const c = commitmentShare("homeworks", [
      { role: "educator", commitment: "agreed" },
      { role: "educator", commitment: "supports" },
      { role: "coordinator", commitment: "agreed" },
    ]);
    expect(c).toEqual({ counted: 2, committed: 1, share: 0.5 });
  });
  it("HOME WORKS! 'Home Visit Evaluation Form' after each visit: every question is required", () => {
    const { violations } = checkEvaluation("homeworks", { focus: "yes" });
    expect(violations.map((v) => v.field)).toEqual([
      "evaluation.engagement",
      "evaluation.strategy",
      "evaluation.nextStep",
    ]);
  });
});

describe("PTLT (001)", () => {
  it("PTLT '3 team meetings' and 'one 20-30 minute … parent-teacher conference' per family are the measured targets", () => {
    expect(PROGRAM_MODELS.ptlt.requiredEvents).toEqual([
      { kind: "team_meeting", perYear: 3 },
      { kind: "conference", perYear: 1 },
    ]);
  });
  it("PTLT has one (relationship) home visit: round 2 is refused, and visits are at home", () => {
    expect(checkVisitPlan("ptlt", { ...pair, round: 2 })[0]!.rule).toBe("ptlt.rounds");
    expect(checkVisitPlan("ptlt", { ...pair, location: "neutral" })[0]!.rule).toBe("ptlt.location");
  });
  it("PTLT runs in 2+2 schools: one introductory or mandatory training, ever (our reading)", () => {
    expect(checkPairTraining("ptlt", [{ ...trained, thisYear: 0 }])).toEqual([]);
  });
});

describe("HVP (004)", () => {
  it("HVP 'students are selected randomly to avoid targeting' and 'different students should be selected each time'", () => {
    expect(checkSelectionFlags("hvp", ["belowGradeLevel"])[0]!.rule).toBe("hvp.selection");
    expect(PROGRAM_MODELS.hvp.excludePreviouslyVisited).toBe(true);
  });
  it("HVP 'Each visit should last at least 30 minutes'", () => {
    expect(checkVisitLength("hvp", 25)[0]!.rule).toBe("hvp.length");
  });
  it("HVP 'Communication should occur at least once every six weeks'", () => {
    expect(PROGRAM_MODELS.hvp.cadenceDays).toBe(42);
  });
  it("HVP visits are in the home; 'families are invited to participate in workshops' (one a year measured)", () => {
    expect(checkVisitPlan("hvp", { ...pair, location: "neutral" })[0]!.rule).toBe("hvp.location");
    expect(PROGRAM_MODELS.hvp.requiredEvents).toEqual([{ kind: "workshop", perYear: 1 }]);
  });
  it("HVP 'End-of-year surveys … are a required component'; the partner confirms the scheduled time", () => {
    expect(PROGRAM_MODELS.hvp.requiredSurveys).toBe(true);
    expect(PROGRAM_MODELS.hvp.partnerConfirmsSchedule).toBe(true);
  });
});
