import type { AgreementView } from '../data/agreements.ts';
import { formatDay } from '../domain/days.ts';
import type { Translate } from '../i18n.ts';
import { badgeOf } from './badges.ts';

/** An agreement and its instalments in the reader's words. */
export function agreementView(a: AgreementView, t: Translate) {
  const paid = a.schedule.filter((i) => i.state === 'paid').length;
  return {
    id: a.id,
    accountId: a.accountId,
    accountNumber: a.accountNumber,
    customerName: a.customerName,
    status: a.status,
    statusLabel: t(`agreementStatus.${a.status}`),
    badge: badgeOf(a.status),
    debt: a.debt,
    downPayment: a.downPayment,
    hasDownPayment: Number(a.downPayment) > 0,
    instalments: a.instalments,
    instalmentAmount: a.instalmentAmount,
    note: a.note,
    rejectReason: a.rejectReason,
    createdAt: a.createdAt,
    reviewedAt: a.reviewedAt,
    progress: a.schedule.length ? t('agreements.progress', { paid, total: a.schedule.length }) : null,
    schedule: a.schedule.map((i) => ({
      number: i.number,
      label: i.number === 0 ? t('agreements.downPayment') : t('agreements.instalmentN', { n: i.number, total: a.instalments }),
      dueDate: formatDay(i.dueDate),
      amount: i.amount,
      paidOn: i.paidOn ? formatDay(i.paidOn) : null,
      state: i.state,
      stateLabel: t(`instalmentState.${i.state}`),
      badge: badgeOf(i.state),
    })),
  };
}
