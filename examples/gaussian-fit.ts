// Data from an unknown p_data, a parametric model p_θ, the log-likelihood, maximum likelihood.
// docs/distributions-and-likelihood.md shows the regions below; this script also draws
// docs/images/gaussian-fit.svg and docs/images/log-likelihood.svg.
import { chart, histogram, linspace, writeSvg } from "./svg.js";

// #region data
import { Bernoulli, Categorical, Gaussian } from "../src/index.js";
import { loadIris } from "./iris-data.js";

// X: the sepal widths of 150 iris flowers, in cm. Nobody knows p_data, the process that made them.
const iris = loadIris();
const X = iris.X.map((row) => row[1]!);
// #endregion

// #region likelihood
// A parametric family p_θ: the Gaussians, θ = (μ, σ). Each θ gives the data a log-likelihood
// ℓ(θ | X) = Σ log p_θ(x); a larger value means that θ explains X better.
const guess = new Gaussian(3.5, 0.3);
const other = new Gaussian(3.0, 0.5);
console.log(guess.logLikelihood(X)); // -277.8…
console.log(other.logLikelihood(X)); // -91.5…: the better of the two
// #endregion

// #region mle
// Maximum likelihood: θ̂ = argmax ℓ(θ | X). For a Gaussian it has a closed form, the sample mean
// and the standard deviation with 1/n, and no other θ scores higher.
const fitted = Gaussian.fit(X);
console.log(fitted.mean, fitted.std); // 3.057…, 0.4344…
console.log(fitted.logLikelihood(X)); // -87.8…: the maximum
// #endregion

// #region discrete
// The same idea for discrete data. Bernoulli: p̂ = the share of ones. Categorical: p̂_j = the share of j.
const isSetosa = iris.y.map((s) => (s === "setosa" ? 1 : 0));
console.log(Bernoulli.fit(isSetosa).p); // 0.333…
const species = iris.y.map((s) => iris.species.indexOf(s));
console.log(Categorical.fit(species).probs); // [0.333…, 0.333…, 0.333…]
// #endregion

// Keep the comments above honest.
const near = (a: number, b: number, tol: number) => Math.abs(a - b) <= tol;
if (!near(guess.logLikelihood(X), -277.8, 0.1)) throw new Error(`guess: ${guess.logLikelihood(X)}`);
if (!near(other.logLikelihood(X), -91.5, 0.1)) throw new Error(`other: ${other.logLikelihood(X)}`);
if (!near(fitted.mean, 3.0573, 1e-3) || !near(fitted.std, 0.4344, 1e-3)) throw new Error("fit changed");
if (!near(fitted.logLikelihood(X), -87.8, 0.1)) throw new Error(`fitted: ${fitted.logLikelihood(X)}`);

// Picture 1: the data's histogram (as a density) with the fitted Gaussian over it.
const xs = linspace(1.8, 4.6, 200);
writeSvg(
  "gaussian-fit.svg",
  chart(
    [
      {
        type: "bars",
        bins: histogram(X, { bins: 13, range: [1.85, 4.45], density: true }),
        label: "iris sepal widths (150)",
      },
      {
        type: "line",
        points: xs.map((x) => [x, fitted.prob(x)]),
        label: `fitted Gaussian: μ = ${fitted.mean.toFixed(2)}, σ = ${fitted.std.toFixed(2)}`,
        color: "#D55E00",
      },
    ],
    { title: "Maximum-likelihood Gaussian over the data", xLabel: "sepal width (cm)", yLabel: "density" },
  ),
);

// Picture 2: ℓ(μ, σ̂ | X) as μ moves; the curve peaks at the sample mean.
const mus = linspace(2.6, 3.5, 200);
writeSvg(
  "log-likelihood.svg",
  chart(
    [
      {
        type: "line",
        points: mus.map((mu) => [mu, new Gaussian(mu, fitted.std).logLikelihood(X)]),
        label: "ℓ(μ, σ̂ | X)",
      },
      {
        type: "points",
        points: [[fitted.mean, fitted.logLikelihood(X)]],
        label: `maximum at μ̂ = ${fitted.mean.toFixed(3)} (the sample mean)`,
        color: "#D55E00",
        radius: 5,
      },
    ],
    {
      title: "The log-likelihood of the sepal widths as μ varies",
      xLabel: "μ (cm)",
      yLabel: "log-likelihood",
      y: [-180, -80],
      legend: "bottom-right",
    },
  ),
);
console.log("wrote docs/images/gaussian-fit.svg and docs/images/log-likelihood.svg");
