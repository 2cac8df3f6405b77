import { describe, expect, it } from "vitest";
import expected from "../fixtures/template-renders.json";
import { differences, renderCases } from "../support/render-cases";

/**
 * The Worker runtime renders every template and date exactly as Node does: both are compared
 * with one snapshot (test/support/render-cases.ts). workerd's ICU lacks some locales (it wrote
 * Somali dates in English), so a difference here is a family reading the wrong language.
 */
describe("templates in workerd", () => {
  it("render every template and date in every language exactly as the Node snapshot", () => {
    const actual = renderCases();
    expect(differences(actual, expected), "differences from the Node snapshot").toEqual([]);
    expect(Object.keys(actual).length).toBeGreaterThan(800);
  });
});
