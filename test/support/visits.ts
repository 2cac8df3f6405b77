import type { TestApp } from "./test-app";

/**
 * Invites a household to a round-1 home visit through the API (admin token), as a test's
 * starting point; throws if the invitation is refused, so a broken setup cannot pass quietly.
 */
export async function inviteToVisit(
  t: TestApp,
  familyId: string,
  educatorIds: string[],
  slots = ["2026-11-10T16:30:00-06:00"],
): Promise<string> {
  const created = await t.api("POST", "/visits", { familyId, educatorIds, round: 1, slots, location: "home" });
  if (created.status !== 201) throw new Error(`invitation refused: ${JSON.stringify(created.body)}`);
  return created.body.id as string;
}
