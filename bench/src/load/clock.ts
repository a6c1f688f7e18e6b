/**
 * Milliseconds on one clock for every thread of the load generator (each thread's `performance.now()`
 * counts from its own start): a visitor's send on its thread and an agent's offer on another are compared.
 */
export function epochMs(): number {
  return performance.timeOrigin + performance.now();
}
