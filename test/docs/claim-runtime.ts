// The runtime half of snippet-runner.ts's `instrument`: generated modules call these, and the
// test that runs them binds what a check does (so one module instance serves every snippet).
interface Handlers {
  check(value: unknown, id: number): void;
  throws(fn: () => unknown, id: number): void;
}

let handlers: Handlers | null = null;

export function bindClaims(h: Handlers): void {
  handlers = h;
}

export function __claim<T>(value: T, id: number): T {
  handlers!.check(value, id);
  return value;
}

export function __throws(fn: () => unknown, id: number): void {
  handlers!.throws(fn, id);
}
