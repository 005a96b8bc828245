// `npm run bench` (full) and `npm run bench -- --quick` (a smoke run): every figure is printed as
// a ratio against a hand-written loop measured in the same process, and against the peers.
import { runChiSquareBench } from "./chi-square.js";
import { runDistributionBench } from "./distributions.js";
import { runFactorAnalysisBench } from "./factor-analysis.js";
import { runExpBench } from "./exp.js";
import { quick } from "./harness.js";
import { runJointBench } from "./joint.js";
import { runJointModelsBench } from "./joint-models.js";
import { runMixtureBench } from "./mixture.js";
import { runNaiveBayesBench } from "./naive-bayes.js";
import { runScaleBench } from "./scale.js";
import { runSqlBench } from "./sql.js";
import { runSamplingBench } from "./sampling.js";
import { runWasmBench } from "./wasm-estep.js";

runDistributionBench({ quick });
runSamplingBench({ quick });
runNaiveBayesBench({ quick });
runMixtureBench({ quick });
runJointBench({ quick });
runFactorAnalysisBench({ quick });
runWasmBench({ quick }); // issue 22, item 5: a prototype, not used by the library
runExpBench({ quick }); // issue 22, item 2: measurements for a decision
runChiSquareBench({ quick });
runJointModelsBench({ quick });
runScaleBench({ quick }); // in a child process of its own: it measures memory
runSqlBench({ quick }); // likewise
// Loaded last: merely importing jStat and simple-statistics slows every loop after it in V8 by
// 30–40% (ours, the hand loops' and theirs alike), which would skew the ratios above.
const { runPeerBench } = await import("./peers.js");
runPeerBench({ quick });
