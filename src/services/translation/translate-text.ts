import { and, eq, sql } from "drizzle-orm";
import { translationCache, translationUsage } from "../../../db/schema";
import type { Deps } from "../../context";
import { protect } from "../../domain/protect";
import { TRANSLATION_TIMEOUT_MS, TranslationError, type TranslationResult } from "../../providers/translation/types";

export type TranslateInput = {
  text: string;
  from: string;
  to: string;
  /** Names (the family's, the children's, the school's, the sender's) the engine must leave as they are. */
  names?: readonly string[];
};

export type Translated = TranslationResult & { cached: boolean };
export type NotTranslated = {
  /** `over_cap`: this month's TRANSLATION_MONTHLY_CHAR_CAP is spent; `failed`: the engine said no. */
  status: "over_cap" | "failed";
  reason: string;
  /** Whether trying again later can help (429, 5xx, a timeout). */
  retryable: boolean;
  retryAfterSeconds?: number;
};

/**
 * One text through the cache, the monthly cap and the engine chain. Identical (text, from, to)
 * is paid once. The cap is a reservation made before the call, as one conditional write, so two
 * workers together never send more than the cap; a call that certainly reached no engine gives
 * its characters back (a timeout may have been billed, so it keeps them).
 */
export async function translateText(deps: Deps, input: TranslateInput): Promise<Translated | NotTranslated> {
  const { db, clock } = deps;
  const now = clock.now();
  // Names, links, times and numbers leave as tokens and come back as written; the cache holds
  // the tokenised text, so "Thank you, {{0}}!" is paid once for every child.
  const guarded = protect(input.text, input.names ?? []);
  const request = { text: guarded.text, from: input.from, to: input.to };
  const key = await cacheKey(request);
  const [hit] = await db.select().from(translationCache).where(eq(translationCache.key, key)).limit(1);
  if (hit) {
    await db
      .update(translationCache)
      .set({ hits: sql`${translationCache.hits} + 1`, lastUsedAt: now })
      .where(eq(translationCache.key, key));
    return {
      text: guarded.restore(hit.text),
      engine: hit.engine,
      model: hit.model,
      detectedFrom: null,
      detectionScore: null,
      chars: 0,
      cached: true,
    };
  }

  const chars = request.text.length;
  const month = monthOf(now);
  if (!(await reserve(deps, month, chars))) {
    return { status: "over_cap", reason: "monthly translation limit reached", retryable: false };
  }
  try {
    const result = await withTimeout(deps.translation.translate(request), TRANSLATION_TIMEOUT_MS + 1_000);
    const lost = guarded.missing(result.text);
    if (lost.length > 0) {
      // An engine that dropped a time or a link would change what the message says: refuse it.
      return {
        status: "failed",
        reason: `rejected: ${result.engine} dropped ${lost.length} protected part(s) (names, times, links or numbers)`,
        retryable: false,
      };
    }
    await db
      .insert(translationCache)
      .values({
        key,
        sourceLanguage: input.from,
        targetLanguage: input.to,
        text: result.text,
        engine: result.engine,
        model: result.model,
        createdAt: now,
        lastUsedAt: now,
      })
      .onConflictDoNothing();
    return { ...result, text: guarded.restore(result.text), chars, cached: false };
  } catch (error) {
    const details =
      error instanceof TranslationError
        ? error.details
        : { engine: deps.translation.name, kind: "unavailable" as const };
    if (details.kind !== "timeout") await release(deps, month, chars);
    const retryable = error instanceof TranslationError ? error.retryable : true;
    return {
      status: "failed",
      reason: `${details.kind}: ${(error as Error).message}`.slice(0, 300),
      retryable,
      retryAfterSeconds: error instanceof TranslationError ? error.details.retryAfterSeconds : undefined,
    };
  }
}

/** Characters sent to engines this month, and the cap: coordinators are warned past 80 %. */
export async function translationUsageOf(deps: Deps): Promise<{ month: string; chars: number; cap: number }> {
  const month = monthOf(deps.clock.now());
  const [row] = await deps.db.select().from(translationUsage).where(eq(translationUsage.month, month));
  return { month, chars: row?.chars ?? 0, cap: deps.config.translation.monthlyCharCap };
}

async function reserve(deps: Deps, month: string, chars: number): Promise<boolean> {
  const { db, clock, config } = deps;
  const cap = config.translation.monthlyCharCap;
  const now = clock.now();
  await db.insert(translationUsage).values({ month, chars: 0, updatedAt: now }).onConflictDoNothing();
  const reserved = await db
    .update(translationUsage)
    .set({ chars: sql`${translationUsage.chars} + ${chars}`, updatedAt: now })
    .where(and(eq(translationUsage.month, month), sql`${translationUsage.chars} + ${chars} <= ${cap}`))
    .returning({ chars: translationUsage.chars });
  return reserved.length > 0;
}

async function release(deps: Deps, month: string, chars: number) {
  await deps.db
    .update(translationUsage)
    .set({ chars: sql`max(0, ${translationUsage.chars} - ${chars})`, updatedAt: deps.clock.now() })
    .where(eq(translationUsage.month, month));
}

/** UTC calendar month, as vendors bill. */
function monthOf(at: Date): string {
  return at.toISOString().slice(0, 7);
}

async function cacheKey(input: { text: string; from: string; to: string }): Promise<string> {
  const bytes = new TextEncoder().encode(JSON.stringify([input.from, input.to, input.text.normalize("NFC")]));
  const digest = await crypto.subtle.digest("SHA-256", bytes);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/** Adapters time out on their own; this bounds an engine (or binding) that never settles at all. */
function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new TranslationError(`no answer within ${ms} ms`, { engine: "unknown", kind: "timeout" })),
      ms,
    );
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
