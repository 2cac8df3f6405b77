export * from "./audit";
export * from "./auth";
export * from "./events";
export * from "./households";
export * from "./messaging";
export * from "./organizations";
export * from "./rollups";
export * from "./visits";
