import { describe, expect, it } from "vitest";
import { csvStreamResponse, textStream } from "../../src/routes/web/csv-stream";

async function* rows(n: number, failAt?: number) {
  for (let i = 0; i < n; i++) {
    if (i === failAt) throw new Error("database went away");
    yield { i, name: i === 1 ? "=cmd|' /C calc'!A0" : `row ${i}` };
  }
}

describe("streamed CSV", () => {
  it("writes the header, every row (formulas defused) and the row count header", async () => {
    const res = csvStreamResponse("x.csv", ["i", "name"], 450, rows(450), (r) => [r.i, r.name]);
    expect(res.headers.get("x-export-rows")).toBe("450");
    const text = await res.text();
    const lines = text.split("\r\n");
    expect(lines[0]).toBe("i,name");
    expect(lines[2]).toBe("1,'=cmd|' /C calc'!A0");
    expect(lines).toHaveLength(452); // header + 450 rows + the empty string after the last CRLF
  });

  it("pulls rows only as the reader asks", async () => {
    let pulled = 0;
    async function* counting() {
      for (let i = 0; i < 10_000; i++) {
        pulled++;
        yield i;
      }
    }
    const reader = textStream("", counting(), (i) => `${i}\n`, "").getReader();
    await reader.read();
    expect(pulled).toBeLessThan(1_000);
    await reader.cancel();
  });

  it("ends the download with an error when a page fails mid-way, never a short file that looks complete", async () => {
    const res = csvStreamResponse("x.csv", ["i", "name"], 900, rows(900, 600), (r) => [r.i, r.name]);
    await expect(res.text()).rejects.toThrow("database went away");
  });
});
