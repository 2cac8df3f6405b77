/**
 * The Worker build's stand-in for zod's locale index (wrangler.toml `[alias]`). zod exposes every
 * one of its 64 message languages as `z.locales`, and because @hono/zod-openapi passes the whole
 * `z` namespace to a function, esbuild cannot drop the 63 we never load: 364 KiB of the bundle,
 * parsed on every cold start. Doorstep writes its own validation messages and never calls
 * `z.config(z.locales.xx())`, so the Worker keeps English, zod's default, only. Node and the
 * tests use zod unchanged.
 */
export { default as en } from "zod/v4/locales/en.js";
