import { findQuestion } from "../lib/bank/load";
import { gradeLocally } from "../lib/grading/local-judge";
import { rubricPoints } from "../lib/grading/rubric";
const q = findQuestion(process.argv[2]!)!;
const a = gradeLocally({ question: q, points: rubricPoints(q), answer: process.argv[3]! });
console.log(a.score, JSON.stringify(a.errors, null, 1));
