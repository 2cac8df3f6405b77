import { Hono } from "hono";
import type { AppEnv } from "../../context";
import { calendarFile } from "../../services/calendar";

/**
 * /c/:code — "add to calendar" for families: the visit or event as an .ics download. The link
 * code is the only key (no login), so this sits with the other family routes outside the
 * staff session. 404 for an unknown code, 410 once it expired, 409 before a time is chosen.
 */
export const familyCalendarRoutes = new Hono<AppEnv>().get("/c/:code", async (c) => {
  const file = await calendarFile({ deps: c.get("deps") }, c.req.param("code"));
  if (file.status !== "ok") {
    const status = file.status === "not_found" ? 404 : file.status === "expired" ? 410 : 409;
    return c.text(
      file.status === "not_scheduled" ? "No time is chosen yet." : "This link is not valid any more.",
      status,
    );
  }
  return c.body(file.ics, 200, {
    "content-type": "text/calendar; charset=utf-8",
    "content-disposition": `attachment; filename="${file.filename}"`,
    "cache-control": "private, no-store",
  });
});
