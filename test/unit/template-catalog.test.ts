import { afterEach, describe, expect, it } from "vitest";
import { createI18n } from "../../src/i18n";
import {
  educatorPickable,
  TEMPLATES,
  type TemplateKey,
  type TemplateParams,
  type TemplateSpec,
} from "../../src/messaging/templates/catalog";
import { renderEmail, renderSms } from "../../src/messaging/templates/render";
import { loadLocalesFromDisk } from "../support/locales";

/**
 * The renderer and the compose form read the catalog's `fragments` and `educatorPick`, not
 * template keys: each test changes the property on an entry and the behaviour follows it.
 */
const resources = loadLocalesFromDisk();
const saved: { key: TemplateKey; property: keyof TemplateSpec; had: boolean; value: unknown }[] = [];
function setProperty<P extends keyof TemplateSpec>(key: TemplateKey, property: P, value: TemplateSpec[P]) {
  const entry = TEMPLATES[key] as Record<string, unknown>;
  saved.push({ key, property, had: Object.hasOwn(entry, property), value: entry[property] });
  if (value === undefined) delete entry[property];
  else entry[property] = value;
}
afterEach(() => {
  for (const s of saved.splice(0).reverse()) {
    const entry = TEMPLATES[s.key] as Record<string, unknown>;
    if (s.had) entry[s.property] = s.value;
    else delete entry[s.property];
  }
});

const PARAMS: TemplateParams = {
  school: "Riverside Elementary",
  sender: "Maria Gonzalez",
  educators: "Maria Gonzalez & James Carter",
  educatorCount: 2,
  times: ["2026-11-17T16:30:00-06:00", "2026-11-18T16:30:00-06:00"],
  link: "https://doorstep.example.org/f/k7Qp2mN9vR4s",
};
const opts = { timeZone: "America/Chicago" };

describe("fragments", () => {
  it("a template's fragment set builds its values and is required in the family's language", () => {
    const i18n = createI18n(resources);
    expect(renderSms(i18n, "visit_invitation", "en", PARAMS, opts).body).toContain("1) Tue, 11/17");
    // Spanish without the time-option fragment: the invitation (which needs it) falls back to English.
    const { fragments: _, ...esSms } = resources.es!.sms as Record<string, unknown>;
    const gap = createI18n({ ...resources, es: { ...resources.es!, sms: esSms } });
    expect(renderSms(gap, "visit_invitation", "es", PARAMS, opts)).toMatchObject({
      language: "en",
      fallbackFrom: "es",
    });
    expect(renderEmail(gap, "visit_invitation", "es", PARAMS, opts)).toMatchObject({ language: "en" });

    setProperty("visit_invitation", "fragments", undefined);
    // Without the set the renderer neither requires the fragments nor builds the list of times.
    expect(renderSms(gap, "visit_invitation", "es", PARAMS, opts).language).toBe("es");
    expect(renderSms(i18n, "visit_invitation", "en", PARAMS, opts).body).not.toContain("1) Tue, 11/17");
  });

  it("another template given the set gets the same values and requirement", () => {
    const { fragments: _, ...esSms } = resources.es!.sms as Record<string, unknown>;
    const gap = createI18n({ ...resources, es: { ...resources.es!, sms: esSms } });
    expect(renderSms(gap, "visit_reschedule", "es", PARAMS, opts).language).toBe("es");
    setProperty("visit_reschedule", "fragments", "time_options");
    expect(renderSms(gap, "visit_reschedule", "es", PARAMS, opts)).toMatchObject({
      language: "en",
      fallbackFrom: "es",
    });
  });
});

describe("educatorPick", () => {
  it("the compose menu lists the templates that have it, in its order", () => {
    expect(educatorPickable()).toEqual(["personal", "check_in", "visit_thank_you"]);
    setProperty("check_in", "educatorPick", undefined);
    setProperty("visit_decline_ack", "educatorPick", 0);
    expect(educatorPickable()).toEqual(["visit_decline_ack", "personal", "visit_thank_you"]);
  });
});
