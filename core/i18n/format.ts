/**
 * Money and dates always follow es-AR (`$ 1.234,56`, `14/01/2010`), whatever the page language:
 * an amount must read the same on the portal, the invoice and the bank slip.
 */
const moneyFormats = new Map<string, Intl.NumberFormat>();
const dateFormats = new Map<string, Intl.DateTimeFormat>();

export function formatMoney(amount: number | string, currency = 'ARS'): string {
  let fmt = moneyFormats.get(currency);
  if (!fmt) {
    fmt = new Intl.NumberFormat('es-AR', { style: 'currency', currency, minimumFractionDigits: 2 });
    moneyFormats.set(currency, fmt);
  }
  // Intl puts a no-break space after the symbol; a plain space copies and searches better.
  return fmt.format(Number(amount)).replace(/\u00a0/g, ' ');
}

export function formatDate(value: Date | string | number, timeZone = 'America/Argentina/Buenos_Aires', withTime = false): string {
  const key = `${timeZone}|${withTime}`;
  let fmt = dateFormats.get(key);
  if (!fmt) {
    fmt = new Intl.DateTimeFormat('es-AR', {
      timeZone,
      day: '2-digit',
      month: '2-digit',
      year: 'numeric',
      ...(withTime ? { hour: '2-digit', minute: '2-digit', hour12: false } : {}),
    });
    dateFormats.set(key, fmt);
  }
  return fmt.format(new Date(value)).replace(/\u00a0/g, ' ').replace(',', '');
}
