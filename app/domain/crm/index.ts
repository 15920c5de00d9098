/** CRM exports → canonical opportunities → metrics per team and period. Pure: plain data in, plain data out. */
export * from "./opportunity";
export * from "./formats";
export * from "./footer";
export * from "./amount";
export * from "./dates";
export * from "./values";
export * from "./stages";
export * from "./normalize";
export * from "./periods";
export * from "./metrics";
export * from "./encoding";
export * from "./generator";
export * from "./memberships";
export * from "./connections";
export * from "./snapshot-review";
