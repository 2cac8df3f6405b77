import { afterAll, afterEach, beforeAll } from "vitest";
import { mswServer } from "./msw";

// No test may reach the network: an unhandled request fails the test instead of leaking out.
beforeAll(() => mswServer.listen({ onUnhandledFrame: "error" }));
afterEach(() => mswServer.resetHandlers());
afterAll(() => mswServer.close());
