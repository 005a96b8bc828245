// `npm run bench` (full) and `npm run bench -- --quick` (a smoke run): every figure is printed as
// a ratio against a hand-written loop measured in the same process, and against the peers.
import { runDistributionBench } from "./distributions.js";
import { quick } from "./harness.js";
import { runNaiveBayesBench } from "./naive-bayes.js";
import { runPeerBench } from "./peers.js";

runDistributionBench({ quick });
await runNaiveBayesBench({ quick });
runPeerBench({ quick }); // last: its million-element plain arrays would weigh on the heap of what follows
