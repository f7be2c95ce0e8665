import { getMatcher } from "../lib/grading/local/matcher";
const t=performance.now(); const m=getMatcher(); console.log("load ms", Math.round(performance.now()-t));
let n=0, big=0, models=0; for (const q of m.models.values()) for (const mm of [...q.pointModels.values(), ...q.misModels.values()]) { models++; for (const w of mm.weights.values()) { n++; if (Math.abs(w)>0.05) big++; } }
console.log({models, n, big});
