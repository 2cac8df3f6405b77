/**
 * How often visited families hear from the school: the rollup reads, the dashboards and the cadence report.
 * The room's public face: code outside src/services/cadence imports from here, never a file inside.
 */
export * from "./cadence-report";
export * from "./cadence-summary";
export * from "./district-dashboard";
export * from "./school-dashboard";
