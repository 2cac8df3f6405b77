/**
 * A whole number as en-US writes it ("1,600"), without `toLocaleString`: the first Intl call in
 * an isolate loads ICU's number data (~10 ms), and the schemas that state their limits in words
 * are built when the Worker's module is evaluated, on every cold start. A test checks this agrees
 * with `toLocaleString("en-US")`.
 */
export function digitGroups(n: number): string {
  if (!Number.isSafeInteger(n)) return n.toLocaleString("en-US");
  const sign = n < 0 ? "-" : "";
  return sign + String(Math.abs(n)).replace(/\B(?=(\d{3})+$)/g, ",");
}
