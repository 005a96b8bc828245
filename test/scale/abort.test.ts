// Issue 21, class 9: a never-ending synchronous source can be cancelled in every model's
// fitAsync: the fit yields to the event loop, an AbortSignal rejects it with the signal's reason,
// and nothing is returned.
import { describe, expect, it } from "vitest";
import { Mixture, NaiveBayes, Product } from "../../src/index.js";

function* endless(): Generator<number[][]> {
  for (let i = 0; ; i++) yield [[i % 7, (i * 3) % 5]];
}
function* endlessLabelled(): Generator<{ X: number[][]; y: string[] }> {
  for (let i = 0; ; i++) yield { X: [[i % 7, (i * 3) % 5]], y: [i % 2 === 0 ? "a" : "b"] };
}

const fits: Array<[string, (signal: AbortSignal) => Promise<unknown>]> = [
  ["Product.fitAsync", (signal) => Product.fitAsync(endless(), { signal })],
  ["NaiveBayes.fitAsync", (signal) => NaiveBayes.fitAsync(endlessLabelled(), { signal })],
  ["Mixture.fitAsync", (signal) => Mixture.fitAsync(() => endless(), { nComponents: 2, signal })],
];

describe("fitAsync over an endless synchronous source", () => {
  it.each(fits)("%s yields to timers and rejects with the signal's reason", async (_, fit) => {
    const controller = new AbortController();
    const reason = new Error("stopped by the caller");
    setTimeout(() => controller.abort(reason), 30);
    await expect(fit(controller.signal)).rejects.toBe(reason);
  });

  it.each(fits)("%s refuses a signal that has aborted already, and a non-signal", async (_, fit) => {
    const controller = new AbortController();
    controller.abort(new RangeError("already"));
    await expect(fit(controller.signal)).rejects.toThrow("already");
    await expect(fit({ aborted: "no" } as never)).rejects.toThrow(/options.signal must be an AbortSignal/);
  });
});
