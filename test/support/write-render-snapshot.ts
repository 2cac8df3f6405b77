import { writeFileSync } from "node:fs";
import { renderCases } from "./render-cases";

// Regenerates the snapshot both runtimes are compared with (see render-cases.ts).
const file = new URL("../fixtures/template-renders.json", import.meta.url);
writeFileSync(file, `${JSON.stringify(renderCases(), null, 2)}\n`);
console.log(`wrote ${file.pathname}`);
