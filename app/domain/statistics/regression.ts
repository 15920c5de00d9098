import { mean } from "./descriptive";
import { studentTQuantile } from "./distributions";
import { assertFinite, assertPaired } from "./validate";

export interface LinearFit {
  n: number;
  slope: number;
  intercept: number;
  meanX: number;
  /** Sxx = Σ(xᵢ − x̄)². */
  sxx: number;
  /** Residual standard error s = √(Σ residuals² / (n − 2)). */
  residualSd: number;
}

export interface BandPoint {
  x: number;
  /** Fitted mean response ŷ at x. */
  y: number;
  low: number;
  high: number;
}

/** Means, Sxx and the least-squares slope Sxy/Sxx (x must vary); shared by the fits below. */
function slopeParts(x: readonly number[], y: readonly number[], name: string) {
  assertPaired(x, y, name);
  assertFinite(x, name);
  assertFinite(y, name);
  const meanX = mean(x);
  const meanY = mean(y);
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < x.length; i++) {
    sxx += (x[i]! - meanX) ** 2;
    sxy += (x[i]! - meanX) * (y[i]! - meanY);
  }
  if (sxx === 0) throw new Error(`${name} is undefined when x does not vary`);
  return { meanX, meanY, sxx, slope: sxy / sxx };
}

/**
 * The least-squares slope of y on x, as R's `coef(lm(y ~ x))[2]`: two points are enough (no residual is
 * needed), and x must vary.
 *
 * @example leastSquaresSlope([1, 2, 3], [2, 4, 5]) // 1.5
 */
export function leastSquaresSlope(x: readonly number[], y: readonly number[]): number {
  if (x.length < 2) throw new Error("leastSquaresSlope requires at least two data points");
  return slopeParts(x, y, "leastSquaresSlope").slope;
}

/**
 * The least-squares line y = intercept + slope·x, as R's `lm(y ~ x)`: slope = Sxy/Sxx, intercept = ȳ − slope·x̄,
 * with the residual standard error on n − 2 degrees of freedom. Needs three points (one residual degree of
 * freedom) and x that varies. https://en.wikipedia.org/wiki/Simple_linear_regression
 *
 * @example linearRegression([1, 2, 3, 4], [2, 4, 5, 9]) // { slope: 2.2, intercept: -0.5, ... }
 */
export function linearRegression(x: readonly number[], y: readonly number[]): LinearFit {
  assertPaired(x, y, "linearRegression");
  if (x.length < 3) throw new Error("linearRegression requires at least three data points");
  const n = x.length;
  const { meanX, meanY, sxx, slope } = slopeParts(x, y, "linearRegression");
  const intercept = meanY - slope * meanX;
  let sse = 0;
  for (let i = 0; i < n; i++) sse += (y[i]! - intercept - slope * x[i]!) ** 2;
  return { n, slope, intercept, meanX, sxx, residualSd: Math.sqrt(sse / (n - 2)) };
}

/**
 * The 95% confidence band of the mean response of a fitted line at the given x values, as R's
 * `predict(lm(y ~ x), newdata, interval = "confidence")`: ŷ ± t(0.975, n − 2)·s·√(1/n + (x − x̄)²/Sxx).
 * It is narrowest at x̄, for drawing around the line of a scatter chart. https://en.wikipedia.org/wiki/Confidence_and_prediction_bands
 *
 * @example regressionConfidenceBand(linearRegression([1, 2, 3, 4], [2, 4, 5, 9]), [2.5])[0] // { x: 2.5, y: 5, low: 2.9591, high: 7.0409 }
 */
export function regressionConfidenceBand(fit: LinearFit, at: readonly number[]): BandPoint[] {
  assertFinite(at, "regressionConfidenceBand");
  const tCritical = studentTQuantile(0.975, fit.n - 2);
  return at.map((x) => {
    const y = fit.intercept + fit.slope * x;
    const halfWidth = tCritical * fit.residualSd * Math.sqrt(1 / fit.n + (x - fit.meanX) ** 2 / fit.sxx);
    return { x, y, low: y - halfWidth, high: y + halfWidth };
  });
}
