/**
 * Schools, their educators and the deployment's district.
 * The room's public face: code outside src/services/schools imports from here, never a file inside.
 */
export * from "./create-educator";
export * from "./create-school";
export * from "./district";
export * from "./list-class-teachers";
export * from "./list-schools";
