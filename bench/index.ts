// `npm run bench` (full) and `npm run bench -- --quick` (a smoke run): every figure is printed as
// a ratio against a hand-written loop measured in the same process, and against the peers.
import { runDistributionBench } from "./distributions.js";
import { quick } from "./harness.js";
import { runJointBench } from "./joint.js";
import { runJointModelsBench } from "./joint-models.js";
import { runMixtureBench } from "./mixture.js";
import { runNaiveBayesBench } from "./naive-bayes.js";
import { runScaleBench } from "./scale.js";
import { runSamplingBench } from "./sampling.js";

runDistributionBench({ quick });
runSamplingBench({ quick });
runNaiveBayesBench({ quick });
runMixtureBench({ quick });
runJointBench({ quick });
runJointModelsBench({ quick });
runScaleBench({ quick }); // in a child process of its own: it measures memory
// Loaded last: merely importing jStat and simple-statistics slows every loop after it in V8 by
// 30–40% (ours, the hand loops' and theirs alike), which would skew the ratios above.
const { runPeerBench } = await import("./peers.js");
runPeerBench({ quick });
