// Pure statistics for Candor (docs/design/statistics.md and the ADRs on statistics): plain numbers in, plain numbers out.
// Each function is checked against R 4.2 in the *.test.ts files next to it.
export { rwgJ, uniformNullVariance, type RwgJ } from "./agreement";
export { completeCases, type ItemMatrix } from "./complete-cases";
export { correlationTStatistic, fisherInterval, pearsonCorrelation, pearsonTest, spearmanCorrelation, spearmanTest, type PearsonTest, type SpearmanTest } from "./correlation";
export { mean, median, ranks, sampleSd, sampleVariance, sumOfSquaredDeviations } from "./descriptive";
export { normalCdf, normalQuantile, studentTCdf, studentTPdf, studentTQuantile, studentTTwoSidedP } from "./distributions";
export { enps } from "./enps";
export { icc1, icc2, oneWayAnova, type OneWayAnova } from "./icc";
export { welchDifference, type MeanDifference } from "./mean-difference";
export { meanInterval, type MeanInterval } from "./mean-interval";
export { benjaminiHochberg, benjaminiHochbergRejections } from "./multiple-testing";
export { leastSquaresSlope, linearRegression, regressionConfidenceBand, type BandPoint, type LinearFit } from "./regression";
export { cronbachAlpha, type CronbachAlpha } from "./reliability";
export { logBeta, logGamma, regularizedIncompleteBeta, regularizedUpperGamma } from "./special-functions";
export { clusterBootstrap, drawClusters, mulberry32, quantileType7, type ClusterBootstrap } from "./bootstrap";
export {
  addCrossProducts,
  crossProducts,
  relativeWeights,
  relativeWeightsFromCrossProducts,
  relativeWeightsOfData,
  symmetricEigen,
  type CrossProducts,
  type RelativeWeights,
  type RelativeWeightsProblem,
} from "./relative-weights";
export {
  clusteredBand,
  clusteredSlopeTest,
  clusterMeans,
  repeatedMeasuresCorrelation,
  roundTo,
  type ClusteredSlopeTest,
  type NotEnough,
  type RepeatedMeasuresCorrelation,
} from "./clustered";
