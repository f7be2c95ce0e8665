/**
 * Linear classifiers over the hashed TF-IDF feature space (lib/text/features.ts): weighted logistic
 * regression, used where nearest-exemplar similarity says "sounds like these" but the decision
 * needs what *distinguishes* one class from its neighbours. The local judge trains one per rubric
 * point and misconception (lib/grading/local/matcher.ts); asking the interviewer trains one that
 * tells the topics the bank lacks from the bank's questions (lib/search/out-of-scope.ts).
 *
 * Training is deterministic (fixed example order, fixed epochs) and takes well under a second
 * for the seed bank, so models are trained when their exemplars load, never per request.
 */
import { FEATURE_BITS, type SparseVector } from "@/lib/text/features";

export interface LinearModel {
  weights: Map<number, number>;
  bias: number;
}

export interface Example {
  vector: SparseVector;
  label: 0 | 1;
  /** Relative importance: hard negatives count more than easy ones. */
  weight: number;
}

const EPOCHS = 15;
const LEARNING_RATE = 0.5;
/** L2 strength: keeps weights of features seen once from deciding alone. */
const L2 = 1e-4;

const dense = new Float64Array(1 << FEATURE_BITS);
const touched = new Set<number>();

function sigmoid(z: number): number {
  return 1 / (1 + Math.exp(-z));
}

export function score(model: LinearModel, x: SparseVector): number {
  let z = model.bias;
  for (let k = 0; k < x.ids.length; k++) z += (model.weights.get(x.ids[k]!) ?? 0) * x.values[k]!;
  return sigmoid(z);
}

/**
 * Weighted logistic regression by stochastic gradient descent. Positives and negatives are
 * balanced (each class carries half the total weight), so the output is comparable across points
 * whatever their number of phrasings.
 */
export function trainLogistic(examples: Example[]): LinearModel {
  const pos = examples.filter((e) => e.label === 1).reduce((s, e) => s + e.weight, 0);
  const neg = examples.filter((e) => e.label === 0).reduce((s, e) => s + e.weight, 0);
  const balance = (e: Example) => (e.label === 1 ? e.weight / (2 * pos || 1) : e.weight / (2 * neg || 1)) * examples.length;
  // Dense while training (one buffer, reused), sparse once trained: only the features seen matter.
  const w = dense.fill(0);
  let bias = 0;
  // A fixed interleaving (no randomness): the weights are the same on every machine.
  const order = examples.map((_, i) => i).sort((a, b) => (((a * 2654435761) >>> 0) % 1000003) - (((b * 2654435761) >>> 0) % 1000003));
  for (let epoch = 0; epoch < EPOCHS; epoch++) {
    const rate = LEARNING_RATE / (1 + epoch * 0.2);
    // L2 applied lazily once per epoch to the features touched: exact enough, and linear in the data.
    for (const i of order) {
      const e = examples[i]!;
      const ids = e.vector.ids;
      const xs = e.vector.values;
      let z = bias;
      for (let k = 0; k < ids.length; k++) z += w[ids[k]!]! * xs[k]!;
      const g = (sigmoid(z) - e.label) * balance(e) * rate;
      for (let k = 0; k < ids.length; k++) w[ids[k]!]! -= g * xs[k]!;
      bias -= g;
    }
    if (epoch === 0) for (const e of examples) for (const id of e.vector.ids) touched.add(id);
    const decay = 1 - rate * L2 * examples.length;
    for (const id of touched) w[id]! *= decay;
  }
  const weights = new Map<number, number>();
  for (const id of touched) if (w[id] !== 0) weights.set(id, w[id]!);
  touched.clear();
  return { weights, bias };
}
