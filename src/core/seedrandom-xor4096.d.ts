// seedrandom ships its generators as separate CommonJS files without types of their own;
// importing just this one keeps the rest of seedrandom (and its `crypto` require) out of bundles.
declare module "seedrandom/lib/xor4096.js" {
  /** The generator's state: 128 int32 words, the index of the last one written, the Weyl value. */
  interface Xor4096State {
    X: number[];
    i: number;
    w: number;
  }
  interface Xor4096 {
    (): number;
    double(): number;
    int32(): number;
    state(): Xor4096State;
  }
  function xor4096(seed?: string, options?: { state?: boolean | Xor4096State }): Xor4096;
  export default xor4096;
}
