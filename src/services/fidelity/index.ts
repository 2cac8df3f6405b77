/**
 * Program fidelity: trainings, staff commitment, site coordinators, time logs, reflections and the report.
 * The room's public face: code outside src/services/fidelity imports from here, never a file inside.
 */
export * from "./compensation-log";
export * from "./fidelity-overview";
export * from "./fidelity-report";
export * from "./load-training-records";
export * from "./log-visit-time";
export * from "./record-commitment";
export * from "./record-reflection";
export * from "./record-training";
export * from "./set-site-coordinators";
