export interface AgreementRules {
  minInstalments: number;
  maxInstalments: number;
  minDownPaymentPercent: number;
  /** Pesos. */
  minDebt: number;
}

export type AgreementProblem = 'debt-too-small' | 'instalments' | 'down-payment-low' | 'down-payment-high';

export interface AgreementPlan {
  debtCents: number;
  downPaymentCents: number;
  instalments: number;
  /** Each instalment but the last, which takes the cents the division leaves over. */
  instalmentCents: number;
  lastInstalmentCents: number;
}

export type AgreementCheck =
  | { ok: true; plan: AgreementPlan }
  | { ok: false; problems: Partial<Record<'debt' | 'instalments' | 'downPayment', AgreementProblem>> };

/** The smallest down payment the tenant accepts for a debt, rounded up to the cent. */
export function minimumDownPayment(rules: AgreementRules, debtCents: number): number {
  return Math.ceil((debtCents * rules.minDownPaymentPercent) / 100);
}

/**
 * A request within the tenant's rules: enough debt to be worth a plan, an instalment count in
 * range, and a down payment of at least the minimum share that still leaves something to split.
 */
export function checkAgreement(rules: AgreementRules, debtCents: number, instalments: number, downPaymentCents: number): AgreementCheck {
  const problems: Partial<Record<'debt' | 'instalments' | 'downPayment', AgreementProblem>> = {};
  if (debtCents <= 0 || debtCents < Math.round(rules.minDebt * 100)) problems.debt = 'debt-too-small';
  if (!Number.isInteger(instalments) || instalments < rules.minInstalments || instalments > rules.maxInstalments) problems.instalments = 'instalments';
  if (!Number.isSafeInteger(downPaymentCents) || downPaymentCents < minimumDownPayment(rules, debtCents)) problems.downPayment = 'down-payment-low';
  else if (downPaymentCents >= debtCents) problems.downPayment = 'down-payment-high';
  if (Object.keys(problems).length) return { ok: false, problems };
  const rest = debtCents - downPaymentCents;
  const instalmentCents = Math.floor(rest / instalments);
  const lastInstalmentCents = rest - instalmentCents * (instalments - 1);
  if (instalmentCents <= 0) return { ok: false, problems: { instalments: 'instalments' } };
  return { ok: true, plan: { debtCents, downPaymentCents, instalments, instalmentCents, lastInstalmentCents } };
}
