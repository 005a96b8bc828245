// seedrandom ships its generators as separate CommonJS files without types of their own;
// importing just this one keeps the rest of seedrandom (and its `crypto` require) out of bundles.
declare module "seedrandom/lib/xor4096.js" {
  interface Xor4096 {
    (): number;
    double(): number;
    int32(): number;
  }
  function xor4096(seed?: string): Xor4096;
  export default xor4096;
}
