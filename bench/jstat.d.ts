// The few jStat functions the peer benchmark calls (jStat ships no types).
declare module "jstat" {
  interface JStatNormal {
    pdf(x: number, mean: number, std: number): number;
    cdf(x: number, mean: number, std: number): number;
    inv(p: number, mean: number, std: number): number;
    sample(mean: number, std: number): number;
  }
  const jstat: {
    jStat: {
      normal: JStatNormal;
      mean(xs: number[]): number;
      stdev(xs: number[], sample?: boolean): number;
    };
  };
  export default jstat;
}
