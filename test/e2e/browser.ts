import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { type Browser, chromium } from "playwright-core";

/**
 * Which Chromium the browser tests drive, so that `npm install && npm test` works on a fresh
 * machine without an apt step:
 *   1. CHROMIUM_PATH, when set (a developer's own browser always wins; `CHROMIUM_PATH=bundled`
 *      forces 3, so a machine that has Chromium can still check the bundled one);
 *   2. the distribution's /usr/bin/chromium, when installed;
 *   3. the build shipped inside the `@sparticuz/chromium` devDependency (brotli-compressed in
 *      the npm package itself, unpacked into the temp directory on first use; no download).
 * That build links only against glibc and NSS; the package also ships the NSS libraries
 * (its al2023 archive), which we unpack and put on LD_LIBRARY_PATH so a machine without
 * libnss3 can run it too.
 */
const SYSTEM_CHROMIUM = "/usr/bin/chromium";

const COMMON_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

export type ChromiumChoice = {
  executablePath: string;
  source: "CHROMIUM_PATH" | "system" | "@sparticuz/chromium";
  args: string[];
  env?: Record<string, string>;
};

export async function chooseChromium(environment: NodeJS.ProcessEnv = process.env): Promise<ChromiumChoice> {
  const own = environment.CHROMIUM_PATH;
  if (own === "bundled") return bundledChromium(environment);
  if (own) {
    if (!existsSync(own))
      throw new Error(`CHROMIUM_PATH=${own} does not exist; unset it or point it at a Chromium binary`);
    return { executablePath: own, source: "CHROMIUM_PATH", args: ["--headless", ...COMMON_ARGS] };
  }
  if (existsSync(SYSTEM_CHROMIUM)) {
    return { executablePath: SYSTEM_CHROMIUM, source: "system", args: ["--headless", ...COMMON_ARGS] };
  }
  return bundledChromium(environment);
}

async function bundledChromium(environment: NodeJS.ProcessEnv): Promise<ChromiumChoice> {
  let sparticuz: typeof import("@sparticuz/chromium");
  try {
    sparticuz = await import("@sparticuz/chromium");
  } catch (error) {
    throw new Error(
      `No Chromium for the browser tests: ${SYSTEM_CHROMIUM} is absent and the @sparticuz/chromium devDependency could not be loaded (${(error as Error).message}). Run \`npm install\`, or install Chromium (\`apt-get install chromium\` on Debian) or set CHROMIUM_PATH.`,
    );
  }
  const Chromium = sparticuz.default;
  const executablePath = await Chromium.executablePath();
  // The package's bin/ folder sits beside build/, which is what the entry point resolves to.
  const bin = join(dirname(createRequire(import.meta.url).resolve("@sparticuz/chromium")), "..", "bin");
  const libs = join(await sparticuz.inflate(join(bin, "al2023.tar.br")), "lib");
  const ldPath = [libs, environment.LD_LIBRARY_PATH].filter(Boolean).join(":");
  return {
    executablePath,
    source: "@sparticuz/chromium",
    // A headless-shell build. Not the package's own --single-process (made for Lambda): with
    // it, closing one page's context closes the whole browser.
    args: ["--headless=shell", ...COMMON_ARGS],
    // The package's fonts (unpacked beside the binary) stand in for a machine with none, as on Lambda.
    env: {
      ...(environment as Record<string, string>),
      LD_LIBRARY_PATH: ldPath,
      FONTCONFIG_PATH: environment.FONTCONFIG_PATH ?? join(dirname(executablePath), "fonts"),
    },
  };
}

export async function launchChromium(choice?: ChromiumChoice): Promise<Browser> {
  choice ??= await chooseChromium();
  try {
    return await chromium.launch({ executablePath: choice.executablePath, args: choice.args, env: choice.env });
  } catch (error) {
    throw new Error(
      `Chromium (${choice.source}, ${choice.executablePath}) did not start: ${(error as Error).message}\nInstall Chromium (\`apt-get install chromium\` on Debian) or set CHROMIUM_PATH to a working one.`,
    );
  }
}
