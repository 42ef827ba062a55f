/**
 * The check digit most Argentine collectors (Rapipago, Pago Fácil, bank counters) agree on:
 * weights 1, 3, 5, 7, 9, 3, 5, 7, 9… over the digits from the left, sum, halve keeping the
 * integer part, modulo 10. Layouts with two check digits run it again over the string that
 * already ends in the first one.
 */
export function collectorCheckDigit(digits: string): number {
  if (!/^\d+$/.test(digits)) throw new Error('check digit of something that is not digits');
  let sum = 0;
  for (let i = 0; i < digits.length; i++) sum += Number(digits[i]) * weight(i);
  return Math.floor(sum / 2) % 10;
}

function weight(position: number): number {
  return position === 0 ? 1 : [3, 5, 7, 9][(position - 1) % 4];
}
