import { raw } from "hono/html";

type Spec = { paths?: Record<string, Record<string, { summary?: string; tags?: string[] }>> };

/**
 * A plain, self-contained API reference (no CDN scripts: it works offline and under a strict
 * CSP). The full machine-readable contract is /api/v1/openapi.json.
 */
export function ApiDocsPage({ spec }: { spec: Spec }) {
  const rows = Object.entries(spec.paths ?? {}).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) => ({ method: method.toUpperCase(), path, summary: op.summary ?? "" })),
  );
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>Doorstep API</title>
        <style>
          {raw(
            "body{font-family:system-ui,sans-serif;max-width:56rem;margin:1rem auto;padding:0 1rem}td,th{padding:.3rem .6rem;text-align:start}code{background:#f1f1f1;padding:0 .2rem}",
          )}
        </style>
      </head>
      <body>
        <h1>Doorstep API v1</h1>
        <p>
          Base path <code>/api/v1</code>. Authenticate with <code>Authorization: Bearer $ADMIN_API_TOKEN</code> or a
          signed-in session. Errors are <code>{'{"error": {"code", "message", "fields"?}}'}</code>. Machine-readable:{" "}
          <a href="/api/v1/openapi.json">openapi.json</a>.
        </p>
        <table>
          <thead>
            <tr>
              <th>Method</th>
              <th>Path</th>
              <th>What it does</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr>
                <td>
                  <code>{row.method}</code>
                </td>
                <td>
                  <code>{row.path}</code>
                </td>
                <td>{row.summary}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </body>
    </html>
  );
}
