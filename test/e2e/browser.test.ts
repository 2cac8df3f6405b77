import { describe, expect, it } from "vitest";
import { chooseChromium, launchChromium } from "./browser";

/**
 * The promise behind "npm test needs no apt step": on a machine without /usr/bin/chromium the
 * browser tests use the Chromium inside the @sparticuz/chromium devDependency. This checks that
 * build really starts here and renders a page (right-to-left script and all), even on machines
 * that also have a system Chromium.
 */
describe("the Chromium the browser tests use", () => {
  it("the bundled build unpacks, starts, and renders an Arabic page; two pages in turn", async () => {
    const choice = await chooseChromium({ CHROMIUM_PATH: "bundled" });
    expect(choice.source).toBe("@sparticuz/chromium");
    const browser = await launchChromium(choice);
    try {
      for (const word of ["مرحبا", "أهلا"]) {
        const page = await browser.newPage();
        await page.setContent(`<html lang="ar" dir="rtl"><body><h1>${word}</h1></body></html>`);
        expect(await page.textContent("h1")).toBe(word);
        // Closing a page's context must not close the browser (no --single-process).
        await page.context().close();
      }
      expect(browser.isConnected()).toBe(true);
    } finally {
      await browser.close();
    }
  });

  it("CHROMIUM_PATH wins, and a wrong one is named", async () => {
    await expect(chooseChromium({ CHROMIUM_PATH: "/nonexistent/chromium" })).rejects.toThrow(
      "CHROMIUM_PATH=/nonexistent/chromium does not exist",
    );
  });
});
