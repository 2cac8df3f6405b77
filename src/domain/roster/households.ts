import type { RosterGuardian, RosterStudent } from "./types";

export type Household = { key: string; studentIds: string[]; guardianIds: string[] };

/**
 * Siblings become one household when they share a guardian — the same guardian record, or the
 * same phone number or email on two guardian records. (Union-find over students.) The
 * household's key is its smallest guardian id, so re-importing the same roster finds it again.
 * Students with no guardian each stand alone.
 */
export function groupHouseholds(students: RosterStudent[], guardians: RosterGuardian[]): Household[] {
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    let root = x;
    while (parent.get(root) !== root) root = parent.get(root)!;
    parent.set(x, root);
    return root;
  };
  const union = (a: string, b: string) => parent.set(find(a), find(b));
  for (const s of students) parent.set(`s:${s.externalId}`, `s:${s.externalId}`);
  const byId = new Map(guardians.map((g) => [g.externalId, g]));
  const contactKey = new Map<string, string>(); // phone/email → first student seen with it
  for (const s of students) {
    for (const gid of s.guardianIds) {
      const g = byId.get(gid);
      for (const key of [`g:${gid}`, g?.phone ? `p:${g.phone}` : null, g?.email ? `e:${g.email}` : null]) {
        if (!key) continue;
        const seen = contactKey.get(key);
        if (seen) union(`s:${s.externalId}`, seen);
        else contactKey.set(key, `s:${s.externalId}`);
      }
    }
  }
  const groups = new Map<string, RosterStudent[]>();
  for (const s of students) {
    const root = find(`s:${s.externalId}`);
    groups.set(root, [...(groups.get(root) ?? []), s]);
  }
  return [...groups.values()].map((members) => {
    const guardianIds = [...new Set(members.flatMap((m) => m.guardianIds))].sort();
    return {
      key: guardianIds[0] ? `h:${guardianIds[0]}` : `s:${members[0]!.externalId}`,
      studentIds: members.map((m) => m.externalId),
      guardianIds,
    };
  });
}
