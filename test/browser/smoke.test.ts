import { describe, expect, it } from "vitest";
import { createRng } from "../../src/core/rng.js";

describe("smoke", () => {
  it("runs in a real browser", () => {
    expect(typeof window).toBe("object");
    expect(createRng(1).next()).toBeGreaterThan(0);
  });
});
