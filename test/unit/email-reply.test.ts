import { describe, expect, it } from "vitest";
import { emailAddressOf, htmlToText, stripQuotedReply } from "../../src/domain/email-reply";

describe("stripQuotedReply", () => {
  it.each([
    ["Sí, el martes.\n\nEl lun, 2 nov 2026 a las 9:00, Maria escribió:\n> ¿Puede el martes?", "Sí, el martes."],
    ["Oui merci\n\nLe lun. 2 nov. 2026 à 09:00, Maria a écrit :\n> Bonjour", "Oui merci"],
    ["Được ạ\nVào Th 2, 2 thg 11, 2026 lúc 09:00 Maria đã viết:\n> Chào", "Được ạ"],
    ["OK\n-----Original Message-----\nFrom: school", "OK"],
    ["Thanks!\n-- \nRosa\n555-0100", "Thanks!"],
    ["> only a quote", "> only a quote"],
  ])("%j → %j", (input, expected) => {
    expect(stripQuotedReply(input)).toBe(expected);
  });
});

describe("htmlToText / emailAddressOf", () => {
  it("drops scripts and styles, keeps line breaks, decodes entities", () => {
    expect(htmlToText("<style>p{}</style><p>Hola &lt;3</p><p>Adi&oacute;s &#128075;</p>")).toBe(
      "Hola <3\nAdi&oacute;s 👋",
    );
  });
  it("reads the address out of a display name", () => {
    expect(emailAddressOf('"Díaz, Rosa" <Rosa@Example.ORG>')).toBe("rosa@example.org");
  });
});
