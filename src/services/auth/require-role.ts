import type { Actor, Role } from "../../context";
import { AppError } from "../../errors";

/** Refuses an action the actor's role does not allow (403 names the roles that may). */
export function requireRole(actor: Actor, allowed: readonly Role[], action: string): void {
  if (!allowed.includes(actor.role)) {
    throw new AppError("forbidden", `Only ${allowed.join(" or ")} may ${action}`);
  }
}
