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
 * Several models over the same vectors, scored together: feature id → the models weighing it, so a
 * vector costs one lookup per feature rather than one per feature per model (a question has ~20).
 * What grading scores with; score() is the plain form (and the reference the table is tested against).
 */
export interface ModelTable {
  names: string[];
  biases: Float64Array;
  /** Feature id → its row: the row's entries are [offsets[row], offsets[row + 1]). */
  rows: Map<number, number>;
  offsets: Uint32Array;
  models: Uint32Array;
  weights: Float64Array;
}

/** A trained model as the artefact stores it: its weights' feature ids (distinct) and values, aligned. */
export interface StoredWeights {
  bias: number;
  ids: ArrayLike<number>;
  weights: ArrayLike<number>;
}

/** A LinearModel as StoredWeights. */
export function storedWeights(model: LinearModel): StoredWeights {
  return { bias: model.bias, ids: [...model.weights.keys()], weights: [...model.weights.values()] };
}

/** Feature id → its row while a table is built (-1: none yet); reset after each build. */
const rowOf = new Int32Array(1 << FEATURE_BITS).fill(-1);

/**
 * The table of some models, by name. Built at the matcher's load straight from the artefact's
 * arrays: typed arrays filled in two passes (size, then fill), no Map per model (the ~330,000
 * weights restored into Maps were a good part of the load).
 */
export function modelTable(models: Array<[string, StoredWeights]>): ModelTable {
  const features: number[] = [];
  const counts: number[] = [];
  for (const [, model] of models)
    for (let k = 0; k < model.ids.length; k++) {
      const id = model.ids[k]!;
      if (rowOf[id] === -1) {
        rowOf[id] = features.length;
        features.push(id);
        counts.push(0);
      }
      counts[rowOf[id]!]!++;
    }
  const offsets = new Uint32Array(features.length + 1);
  for (let r = 0; r < features.length; r++) offsets[r + 1] = offsets[r]! + counts[r]!;
  const fill = offsets.slice(0, -1);
  const modelOf = new Uint32Array(offsets[features.length]!);
  const weights = new Float64Array(modelOf.length);
  models.forEach(([, model], m) => {
    for (let k = 0; k < model.ids.length; k++) {
      const at = fill[rowOf[model.ids[k]!]!]!++;
      modelOf[at] = m;
      weights[at] = model.weights[k]!;
    }
  });
  const rows = new Map<number, number>();
  features.forEach((id, r) => {
    rows.set(id, r);
    rowOf[id] = -1;
  });
  return { names: models.map(([name]) => name), biases: Float64Array.from(models, ([, model]) => model.bias), rows, offsets, models: modelOf, weights };
}

/**
 * score() of every model of the table, by name, in the table's order. Each model's sum runs over
 * x's features in the same order as score() (a feature it lacks adds 0 there), so the two agree to the bit.
 */
export function scoreAll(table: ModelTable, x: SparseVector): Map<string, number> {
  const z = Float64Array.from(table.biases);
  for (let k = 0; k < x.ids.length; k++) {
    const row = table.rows.get(x.ids[k]!);
    if (row === undefined) continue;
    const v = x.values[k]!;
    for (let i = table.offsets[row]!, end = table.offsets[row + 1]!; i < end; i++) z[table.models[i]!]! += table.weights[i]! * v;
  }
  return new Map(table.names.map((name, m) => [name, sigmoid(z[m]!)]));
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
