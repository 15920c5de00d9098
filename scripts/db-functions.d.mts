// Types of scripts/db-functions.mjs (plain JavaScript, so that the build runs it before anything is built).
export interface FunctionFile {
  name: string;
  sql: string;
}
export const FUNCTIONS_DIR: string;
export const MODULE_PATH: string;
export function readFunctionFiles(dir?: string): FunctionFile[];
export function renderModule(files?: FunctionFile[]): Promise<string>;
export function writeModule(): Promise<boolean>;
