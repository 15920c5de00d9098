// Input checks shared by the statistics functions (internal: not re-exported from index.ts).

/** Throws `${name} requires finite numbers` unless every value is a finite number. */
export function assertFinite(values: readonly number[], name: string): void {
  for (const value of values) {
    if (!Number.isFinite(value)) throw new Error(`${name} requires finite numbers`);
  }
}

/** Throws unless x and y are paired samples: the same length. */
export function assertPaired(x: readonly number[], y: readonly number[], name: string): void {
  if (x.length !== y.length) throw new Error(`${name} requires x and y of the same length`);
}
