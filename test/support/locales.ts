import { existsSync, readFileSync } from "node:fs";
import type { Resource } from "i18next";
import { LANGUAGE_TAGS } from "../../src/domain/languages";

/** Reads every locale from disk (what translators edit), independent of the bundled index. */
export function loadLocalesFromDisk(namespaces = ["web", "sms", "email", "family"]): Resource {
  const resources: Resource = {};
  for (const lng of LANGUAGE_TAGS) {
    for (const ns of namespaces) {
      const file = new URL(`../../locales/${lng}/${ns}.json`, import.meta.url);
      if (!existsSync(file)) continue;
      resources[lng] ??= {};
      resources[lng]![ns] = JSON.parse(readFileSync(file, "utf8"));
    }
  }
  return resources;
}

/** "a.b.c" → string for every leaf of a nested translation object. */
export function leaves(value: unknown, prefix = ""): Map<string, string> {
  const out = new Map<string, string>();
  if (typeof value === "string") out.set(prefix, value);
  else if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value))
      for (const [kk, vv] of leaves(v, prefix ? `${prefix}.${k}` : k)) out.set(kk, vv);
  }
  return out;
}

export function placeholders(text: string): string[] {
  return [...text.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]!).sort();
}
