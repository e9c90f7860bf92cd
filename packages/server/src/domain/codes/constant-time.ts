import { timingSafeEqual } from 'node:crypto';

/** String equality whose time does not depend on where the strings differ. */
export function equalInConstantTime(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
