/**
 * Purchase predictions for every buyer: BG/NBD (probability alive, expected purchases in the next 30
 * and 90 days) and Gamma-Gamma (expected average spend), fitted by maximum likelihood.
 *
 * The models are fitted on an evenly spaced sample of at most 50,000 buyers (the estimates' standard
 * errors are already small there, and a fit over a million would take a minute) and then applied to
 * every buyer. Expected spend over 90 days = expected purchases × expected average spend. When a fit
 * cannot be made (too few buyers, or one that does not converge), the predictions are NaN and the
 * model says why, so nothing is reported with false confidence.
 */
import { expectedPurchases, fitBgNbd, probabilityAlive, type BgNbdFit } from './bgnbd.ts';
import { expectedAverageSpend, fitGammaGamma, type GammaGammaFit } from './gamma-gamma.ts';

/** Buyers' summaries in weeks (see store PurchaseSummaries). */
export interface BuyerSummaries {
  readonly x: Float64Array;
  readonly tx: Float64Array;
  readonly T: Float64Array;
  readonly meanSpend: Float64Array;
}

export interface PurchaseModel {
  readonly bgnbd: BgNbdFit | null;
  readonly gammaGamma: GammaGammaFit | null;
  readonly fittedOn: number;
  readonly notes: readonly string[];
}

export interface BuyerPredictions {
  readonly pAlive: Float64Array;
  readonly expected30: Float64Array;
  readonly expected90: Float64Array;
  readonly expectedSpend90: Float64Array;
  readonly model: PurchaseModel;
}

const SAMPLE = 50_000;
const MIN_BUYERS = 100;
const WEEKS_30 = 30 / 7;
const WEEKS_90 = 90 / 7;
const MAX_AB = 1000;
const finiteOrNaN = (v: number): number => (Number.isFinite(v) ? v : NaN);

/** Predictions that say nothing (NaN) for `n` buyers, with the model that explains why. */
function noPredictions(n: number, model: PurchaseModel): BuyerPredictions {
  const empty = () => new Float64Array(n).fill(NaN);
  return { pAlive: empty(), expected30: empty(), expected90: empty(), expectedSpend90: empty(), model };
}

/** Fits the models on a sample of the buyers and predicts for all of them. */
export function predictPurchases(buyers: BuyerSummaries, options: { sample?: number } = {}): BuyerPredictions {
  const n = buyers.x.length;
  const notes: string[] = [];
  if (n < MIN_BUYERS) {
    notes.push(`only ${n} buyers: at least ${MIN_BUYERS} are needed to fit BG/NBD`);
    return noPredictions(n, { bgnbd: null, gammaGamma: null, fittedOn: 0, notes });
  }
  const size = Math.min(n, options.sample ?? SAMPLE);
  const stride = n / size;
  const sample = Array.from({ length: size }, (_, i) => Math.floor(i * stride));
  const bgnbd = fitBgNbd(sample.map((i) => ({ x: buyers.x[i]!, tx: buyers.tx[i]!, T: buyers.T[i]! })));
  let gammaGamma: GammaGammaFit | null = null;
  try {
    gammaGamma = fitGammaGamma(sample.map((i) => ({ x: buyers.x[i]!, monetary: buyers.meanSpend[i]! })));
    if (!gammaGamma.converged) notes.push('the Gamma-Gamma fit did not converge: no expected spend');
  } catch (error) {
    notes.push(`no Gamma-Gamma fit: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!bgnbd.converged) {
    // Typically a and b run off together when every buyer drops out with about the same probability:
    // the likelihood is flat along a/(a+b), which stays well estimated, and so do the predictions.
    if (!Number.isFinite(bgnbd.logLikelihood)) {
      notes.push('the BG/NBD fit failed: no purchase predictions');
      return noPredictions(n, { bgnbd, gammaGamma, fittedOn: size, notes });
    }
    notes.push(
      `the BG/NBD fit is not a proper maximum (${bgnbd.problems.join('; ')}); with a = ${bgnbd.a.toPrecision(3)}, b = ${bgnbd.b.toPrecision(3)} the drop-out probability a/(a+b) = ${(bgnbd.a / (bgnbd.a + bgnbd.b)).toPrecision(3)} is what the data determine, and predictions use the best parameters found`,
    );
  }
  return predictWithModel(buyers, { bgnbd, gammaGamma, fittedOn: size, notes });
}

/**
 * Predicts with models fitted before: what an incremental run does. Its buyers are only those with
 * new data, so a fit on them would describe recent buyers rather than the customer base (and a
 * handful of them could not be fitted at all); the last full run's parameters describe everybody.
 */
export function predictWithModel(buyers: BuyerSummaries, model: PurchaseModel): BuyerPredictions {
  const n = buyers.x.length;
  const { bgnbd, gammaGamma } = model;
  if (!bgnbd || !Number.isFinite(bgnbd.logLikelihood)) return noPredictions(n, model);
  const predictions = noPredictions(n, model);
  const { pAlive, expected30, expected90, expectedSpend90 } = predictions;
  // A near-degenerate drop-out distribution (a + b huge) is replaced by an equivalent one with
  // a + b = 1,000 and the same a/(a+b): the predictions do not move, the hypergeometric series converges.
  const scale = bgnbd.a + bgnbd.b > MAX_AB ? MAX_AB / (bgnbd.a + bgnbd.b) : 1;
  const params = { r: bgnbd.r, alpha: bgnbd.alpha, a: bgnbd.a * scale, b: bgnbd.b * scale };
  for (let i = 0; i < n; i++) {
    const x = buyers.x[i]!;
    const tx = buyers.tx[i]!;
    const T = buyers.T[i]!;
    pAlive[i] = finiteOrNaN(probabilityAlive(params, x, tx, T));
    expected30[i] = finiteOrNaN(expectedPurchases(params, WEEKS_30, x, tx, T));
    expected90[i] = finiteOrNaN(expectedPurchases(params, WEEKS_90, x, tx, T));
    if (gammaGamma?.converged) expectedSpend90[i] = finiteOrNaN(expected90[i]! * expectedAverageSpend(gammaGamma, x, buyers.meanSpend[i]));
  }
  return predictions;
}

const finiteFields = (value: unknown, fields: readonly string[]): boolean =>
  typeof value === 'object' && value !== null && fields.every((f) => Number.isFinite((value as Record<string, unknown>)[f]));

/**
 * A PurchaseModel read back from storage (JSON), or null when it holds no usable BG/NBD parameters.
 * A Gamma-Gamma fit without finite parameters is dropped (no expected spend), as an unconverged one is.
 */
export function storedPurchaseModel(value: unknown): PurchaseModel | null {
  if (typeof value !== 'object' || value === null) return null;
  const model = value as Partial<PurchaseModel>;
  if (!finiteFields(model.bgnbd, ['r', 'alpha', 'a', 'b', 'logLikelihood'])) return null;
  const gammaGamma = finiteFields(model.gammaGamma, ['p', 'q', 'gamma']) ? model.gammaGamma! : null;
  return {
    bgnbd: model.bgnbd!,
    gammaGamma,
    fittedOn: Number(model.fittedOn) || 0,
    notes: Array.isArray(model.notes) ? model.notes.map(String) : [],
  };
}
