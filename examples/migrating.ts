// Migrating from scikit-learn/scipy, jStat and simple-statistics: the ptheta side of the
// correspondences in docs/migrating.md, run so that they stay true.
import { loadIris } from "./iris-data.js";

// #region setup
import { Gaussian, NaiveBayes, createRng, type Rng } from "../src/index.js";

// Twelve of Fisher's iris flowers (sepal length, sepal width, petal length, petal width, in cm)
// and their species; new flowers to classify.
// prettier-ignore
const X = [
  [5.1, 3.5, 1.4, 0.2], [4.9, 3.0, 1.4, 0.2], [4.7, 3.2, 1.3, 0.2], [4.6, 3.1, 1.5, 0.2],
  [7.0, 3.2, 4.7, 1.4], [6.4, 3.2, 4.5, 1.5], [6.9, 3.1, 4.9, 1.5], [5.5, 2.3, 4.0, 1.3],
  [6.3, 3.3, 6.0, 2.5], [5.8, 2.7, 5.1, 1.9], [7.1, 3.0, 5.9, 2.1], [6.3, 2.9, 5.6, 1.8],
];
// prettier-ignore
const y = [
  "setosa", "setosa", "setosa", "setosa", "versicolor", "versicolor", "versicolor", "versicolor",
  "virginica", "virginica", "virginica", "virginica",
];
const Xnew = [
  [5.0, 3.4, 1.5, 0.2],
  [6.0, 2.9, 4.9, 1.6],
];
// #endregion

// #region sklearn
// scikit-learn: GaussianNB(var_smoothing=1e-9).fit(X, y); then predict, predict_proba, ...
const clf = NaiveBayes.fit(X, y, { features: "gaussian", varSmoothing: 1e-9 });
clf.predict(Xnew); // clf.predict(Xnew)
clf.predictProba(Xnew); // clf.predict_proba(Xnew), a rows × classes Matrix
clf.predictLogProba(Xnew); // clf.predict_log_proba(Xnew)
clf.jointLogLikelihood(Xnew); // clf.predict_joint_log_proba(Xnew)
const classes = clf.classes; // clf.classes_
const priors = clf.classPriors; // clf.class_prior_
clf.means.row(0); // clf.theta_[0]
clf.variances.row(0); // clf.var_[0]
// #endregion

// #region scipy
// scipy.stats.norm(loc=170, scale=8)
const g = new Gaussian(170, 8);
g.prob(180); // norm.pdf(180, 170, 8)
g.logProb(180); // norm.logpdf(180, 170, 8)
g.cdf(180); // norm.cdf(180, 170, 8)
g.logCdf(100); // norm.logcdf(100, 170, 8)
g.quantile(0.975); // norm.ppf(0.975, 170, 8)
g.sample(createRng(0), 1000); // norm.rvs(170, 8, size=1000, random_state=0): different numbers, same distribution
Gaussian.fit([168, 172, 181, 165]); // norm.fit([...]): also the MLE, std with 1/n
// #endregion

// #region jstat
// jStat.setRandom(fn) set the random source for the whole library; in ptheta each call takes one.
const rng: Rng = createRng(42); // or { next: myUniformSource }
const normal = new Gaussian(0, 1);
normal.prob(1.5); // jStat.normal.pdf(1.5, 0, 1)
normal.logProb(40); // no jStat equivalent: jStat.normal.pdf(40, 0, 1) underflows to 0
normal.cdf(-10); // jStat.normal.cdf(-10, 0, 1) returns 0; this returns 7.6e-24
normal.quantile(0.025); // jStat.normal.inv(0.025, 0, 1)
normal.sample(rng); // jStat.normal.sample(0, 1)
// #endregion

// #region simple-statistics
// simple-statistics: mean(xs) and standardDeviation(xs) (population), combineMeans/combineVariances.
const xs = [2, 4, 4, 4, 5, 5, 7, 9];
const fit = Gaussian.fit(xs); // fit.mean === mean(xs), fit.std === standardDeviation(xs)
// combineVariances(v1, m1, n1, v2, m2, n2) becomes a merge of sufficient statistics:
const merged = Gaussian.stats()
  .addAll(xs.slice(0, 3))
  .merge(Gaussian.stats().addAll(xs.slice(3)));
const variance = Gaussian.fromStats(merged).variance; // === variance(xs)
// #endregion

// Keep the comments above honest. The twelve flowers are rows of the iris data.
const iris = loadIris();
if (!X.every((row, i) => iris.X.some((r, k) => r.join() === row.join() && iris.y[k] === y[i])))
  throw new Error("a flower above is not in iris.csv");
if (fit.mean !== 5 || fit.std !== 2) throw new Error(`mean/std ${fit.mean} ${fit.std}`);
if (Math.abs(variance - 4) > 1e-15) throw new Error("merged variance");
if (classes.length !== 3 || Math.abs(priors[0]! - 1 / 3) > 1e-15) throw new Error("classes/priors");
if (Math.abs(normal.cdf(-10) - 7.61985302416047e-24) > 1e-36) throw new Error("cdf(-10)");
if (!Number.isFinite(normal.logProb(40))) throw new Error("logProb(40)");
if (clf.predict(Xnew).join() !== "setosa,versicolor") throw new Error(`predict ${clf.predict(Xnew).join()}`);
console.log("every correspondence in docs/migrating.md holds");
