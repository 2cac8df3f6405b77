import type { ServiceContext } from "../../context";
import { translationUsageOf } from "./translate-text";

/**
 * This month's machine-translation use against TRANSLATION_MONTHLY_CHAR_CAP, for coordinators:
 * null while under 80 % (nothing to say), else how much is used and whether the cap is reached.
 */
export async function translationBudget(ctx: ServiceContext) {
  if (ctx.actor.role === "educator") return null;
  const usage = await translationUsageOf(ctx.deps);
  if (usage.cap > 0 && usage.chars < usage.cap * 0.8) return null;
  if (usage.cap === 0 && ctx.deps.config.translation.engines.length === 0) return null;
  return {
    ...usage,
    percent: usage.cap > 0 ? Math.floor((usage.chars / usage.cap) * 100) : 100,
    reached: usage.chars >= usage.cap,
  };
}
