import { readFileSync } from "node:fs";
let t = performance.now();
const lap = (l: string) => { const n = performance.now(); console.log(l, Math.round(n - t), "ms"); t = n; };
const text = readFileSync(".data/matcher/matcher.json", "utf8"); lap("read");
const json = JSON.parse(text); lap("parse");
const { getBank } = await import("../lib/bank/load"); getBank(); lap("bank");
const { getMatcher } = await import("../lib/grading/local/matcher");
getMatcher(); lap("getMatcher total");
