import { describe, expect, it } from "vitest";
import { derivedId } from "../../src/domain/ids";

/**
 * Derived ids are stored (webhook replies, event invitations) and re-derived on retries: the
 * same seed must give the same id in every version. These were computed by the implementation
 * before it was rewritten for speed (issue 19).
 */
describe("derivedId", () => {
  it("gives the ids earlier versions gave", () => {
    expect(derivedId("msg", "event:evt_01JABC:fam_01JDEF:welcome")).toBe("msg_KZ09GSG6NEK0JHE4TCSHAVVWKP");
    expect(derivedId("obx", "SM0123456789abcdef0123456789abcdef:reply")).toBe("obx_7BB9EFW8TKENGFQ1Y5D7XBY0BQ");
    expect(derivedId("msg", "é☃ family")).toBe("msg_7T4DD5WWECCWPE8PP6S72QNSZF");
    expect(derivedId("obx", "")).toBe("obx_NHCKC0MFJKC0P8TKC0545KC0HH");
  });
});
