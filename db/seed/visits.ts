import { expand, type SeedContext, shuffle } from "./context";
import type { DemoFamily } from "./households";
import type { SchoolKey } from "./staff";
import { type Pair, type SchedulingThread, VisitPlanner, type VisitRows } from "./visit-planner";

export type { SchedulingThread, VisitRows } from "./visit-planner";

/**
 * What happened with each household this year. Every visit status appears several times;
 * some completed visits follow a no-show or a cancellation (the round is released and a new
 * visit arranged), and a few families already have a second-round visit on the way.
 */
export type Story =
  | "completed"
  | "completedAfterNoShow"
  | "completedAfterCancel"
  | "completedWithSecondRound"
  | "scheduled"
  | "invited"
  | "declined"
  | "cancelled"
  | "noShow"
  | "reachesOut"
  | "none";

const STORY_MIX: Record<SchoolKey, Record<Story, number>> = {
  riverside: {
    completed: 10,
    completedAfterNoShow: 2,
    completedAfterCancel: 2,
    completedWithSecondRound: 2,
    scheduled: 4,
    invited: 4,
    declined: 3,
    cancelled: 2,
    noShow: 1,
    reachesOut: 1,
    none: 1,
  },
  lincoln: {
    completed: 9,
    completedAfterNoShow: 2,
    completedAfterCancel: 1,
    completedWithSecondRound: 2,
    scheduled: 3,
    invited: 3,
    declined: 2,
    cancelled: 1,
    noShow: 2,
    reachesOut: 2,
    none: 1,
  },
};

export type FamilyTimeline = {
  family: DemoFamily;
  story: Story;
  pair: Pair;
  threads: SchedulingThread[];
  /** When the first-round visit was completed, if it was: the start of the ongoing conversation. */
  completedAt: Date | null;
  cadenceDays: number | null;
};

export function buildVisits(
  ctx: SeedContext,
  families: DemoFamily[],
): { timelines: FamilyTimeline[]; rows: VisitRows } {
  const rows: VisitRows = { visits: [], visitEducators: [], visitStudents: [], visitSlots: [] };
  const stories = new Map<SchoolKey, Story[]>();
  const timelines = families.map((family) => {
    const key = family.school.key;
    if (!stories.has(key)) stories.set(key, shuffle(ctx.rng, expand(STORY_MIX[key])));
    const story = stories.get(key)!.shift() ?? "none";
    return planStory(new VisitPlanner(ctx, rows, family), story);
  });
  return { timelines, rows };
}

function planStory(p: VisitPlanner, story: Story): FamilyTimeline {
  const { rng } = p.ctx;
  const timeline: FamilyTimeline = {
    family: p.family,
    story,
    pair: p.pair,
    threads: [],
    completedAt: null,
    cadenceDays: null,
  };
  switch (story) {
    case "completed":
    case "completedAfterNoShow":
    case "completedAfterCancel":
    case "completedWithSecondRound": {
      // Completed visits fall within the last ~3 months, so their follow-up fills the history.
      const daysAgo = rng.int(12, 78);
      if (story === "completedAfterNoShow") p.failed("no_show", daysAgo + rng.int(14, 20));
      if (story === "completedAfterCancel") p.failed("cancelled", daysAgo + rng.int(14, 20));
      const done = p.completed(daysAgo);
      timeline.threads.push(done.thread);
      timeline.completedAt = done.completedAt;
      timeline.cadenceDays = done.cadenceDays;
      if (story === "completedWithSecondRound")
        timeline.threads.push(p.open(2, rng.chance(0.5) ? "scheduled" : "invited"));
      break;
    }
    case "scheduled":
    case "invited":
      timeline.threads.push(p.open(1, story));
      break;
    case "declined":
      timeline.threads.push(p.declined());
      break;
    case "cancelled":
      p.failed("cancelled", rng.int(5, 45));
      break;
    case "noShow":
      p.failed("no_show", rng.int(5, 45));
      break;
    case "reachesOut":
    case "none":
      break;
  }
  return timeline;
}
