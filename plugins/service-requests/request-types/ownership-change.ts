import { documentProblem, normaliseDocument, sameDocument, findCustomerByEmail, issueAccessKey } from 'portal/sdk';
import { defineRequestType } from '../types/define-request-type.ts';
import { DecisionError } from '../types/decision-error.ts';
import { PLUGIN } from '../types/registry.ts';
import { closeOpenRequests } from '../data/close-open-requests.ts';

export interface OwnershipChangeData {
  newHolderName: string;
  newHolderDocument: string;
  newHolderEmail: string;
  newHolderPhone: string;
  relationship: string;
  comment?: string;
  currentHolderConsent: boolean;
}

const PHONE = '^(?=(?:\\D*\\d){6})\\+?[0-9 ().-]{6,32}$';
const FIVE_MB = 5_000_000;
const PAPERS = ['pdf', 'jpg', 'png'] as const;

/**
 * "Cambio de titular": the only way an account's holder and document change. On approval the
 * account passes to the new holder; the login that held it loses it (it goes to the new holder's
 * login when one exists with the given email, else to nobody until they claim it with an access key),
 * and the account's other open requests are closed, since they were asked by the previous holder.
 */
export const ownershipChange = defineRequestType<OwnershipChangeData>({
  id: 'ownership-change',
  plugin: PLUGIN,
  labels: 'types.ownershipChange',
  target: 'account',
  order: 100,
  formSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['newHolderName', 'newHolderDocument', 'newHolderEmail', 'newHolderPhone', 'relationship', 'currentHolderConsent'],
    properties: {
      newHolderName: { type: 'string', minLength: 3, maxLength: 120, 'x-autocomplete': 'off' },
      newHolderDocument: { type: 'string', minLength: 7, maxLength: 20, 'x-autocomplete': 'off' },
      newHolderEmail: { type: 'string', format: 'email', maxLength: 255, 'x-autocomplete': 'off' },
      newHolderPhone: { type: 'string', pattern: PHONE, maxLength: 32, 'x-widget': 'tel', 'x-autocomplete': 'off' },
      relationship: { type: 'string', enum: ['family', 'buyer', 'tenant', 'heir', 'partner', 'company', 'other'] },
      comment: { type: 'string', maxLength: 1000, 'x-widget': 'textarea' },
      currentHolderConsent: { type: 'boolean', const: true },
    },
  },
  requiredDocuments: [
    { id: 'newHolderId', kinds: [...PAPERS], maxBytes: FIVE_MB },
    { id: 'consent', kinds: [...PAPERS], maxBytes: FIVE_MB },
    { id: 'proof', kinds: [...PAPERS], maxBytes: FIVE_MB, optional: true },
  ],

  validate(data, ctx) {
    const problems: Record<string, string> = {};
    const problem = documentProblem(data.newHolderDocument ?? '');
    if (problem) problems.newHolderDocument = problem === 'documents.cuitCheckDigit' ? 'types.ownershipChange.errors.cuitCheckDigit' : 'types.ownershipChange.errors.document';
    else if (sameDocument(ctx.account, normaliseDocument(data.newHolderDocument)!)) problems.newHolderDocument = 'types.ownershipChange.errors.sameHolder';
    // The new holder's address must not be the filer's own login, or the account would never leave it.
    if (ctx.customer.email && data.newHolderEmail?.toLowerCase() === ctx.customer.email.toLowerCase()) problems.newHolderEmail = 'types.ownershipChange.errors.ownEmail';
    return problems;
  },

  async onApprove(ctx) {
    const { account, em, request } = ctx;
    const document = normaliseDocument(request.data.newHolderDocument);
    if (!document) throw new DecisionError('types.ownershipChange.errors.document');
    const email = request.data.newHolderEmail.trim().toLowerCase();
    const login = await findCustomerByEmail(em, email);
    const before = { holderName: account.holderName, documentType: account.documentType, documentNumber: account.documentNumber, email: account.email, customerId: account.customerId ?? null };
    const customerId = login && login.id !== before.customerId ? login.id : null;
    account.holderName = request.data.newHolderName.trim();
    account.documentType = document.kind;
    account.documentNumber = document.digits;
    account.email = email;
    account.customerId = customerId;
    const after = { holderName: account.holderName, documentType: account.documentType, documentNumber: account.documentNumber, email, customerId };
    const note = ctx.portal.views.catalogFor(ctx.tenant).t(ctx.tenant.locale, 'service-requests.types.ownershipChange.closedByTransfer', { number: request.number });
    const closed = await closeOpenRequests(em, ctx.portal, ctx.tenant, { accountId: account.id, exceptId: request.id, staffId: ctx.staff?.id ?? null, note });
    ctx.audit({ action: 'service-requests.ownership-changed', subject: account.number, details: { request: request.id, before, after, closedRequests: closed } });
    // A new holder with no login yet would be locked out of the account they now pay for: they get
    // their own first-access key by email, as the provider would issue it by hand.
    if (!login) {
      await em.flush();
      await issueAccessKey(ctx.portal, em, ctx.tenant, {
        accountNumber: account.number,
        email,
        actor: ctx.staff ? { type: 'staff', id: String(ctx.staff.id) } : { type: 'system' },
      });
    }
    ctx.emitAfterCommit('account.holder-changed', { accountId: account.id, requestId: request.id, previousCustomerId: before.customerId, customerId });
  },
});
