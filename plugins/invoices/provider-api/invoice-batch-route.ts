import type { FastifyInstance } from 'fastify';
import { type ApiRoutesContext, ApiError, problemsFromStrings, problemSchema, fieldProblems, type FieldProblem } from 'portal/sdk';
import { InvoiceInputError } from '../data/input-error.ts';
import { inputSchemas, type InvoiceInput } from '../data/input-schemas.ts';
import { MAX_BATCH, upsertInvoiceBatch, type BatchItem } from '../data/invoice-batch.ts';

/** Room for a full batch of plain invoices and a few original PDFs; bigger PDFs go one by one with PUT. */
const BATCH_BODY_LIMIT = 32 * 1024 * 1024;

const itemResult = {
  type: 'object',
  required: ['key', 'status'],
  properties: {
    key: { type: ['string', 'null'], description: 'The item\'s externalId (null when it sent none).' },
    status: { type: 'string', enum: ['created', 'updated', 'unchanged', 'error'] },
    statusCode: { type: 'integer', description: 'For an error: the status PUT would have answered (400 or 422).' },
    message: { type: 'string', description: 'For an error: what PUT would have said.' },
    problems: problemSchema.properties.problems,
  },
} as const;

type ItemError = { key: string | null; status: 'error'; statusCode: number; message: string; problems: FieldProblem[] };

export async function invoiceBatchRoute(app: FastifyInstance, ctx: ApiRoutesContext): Promise<void> {
  app.post<{ Body: { invoices: unknown[] } }>(
    '/invoices::batch',
    {
      bodyLimit: BATCH_BODY_LIMIT,
      // Item errors are answered per item below; only a malformed envelope refuses the call.
      attachValidation: true,
      config: { apiScope: 'invoices:write' },
      schema: {
        operationId: 'batchInvoices',
        summary: `Create or update up to ${MAX_BATCH} invoices in one call`,
        description:
          'Each item is an invoice as `PUT /invoices/{externalId}` takes it, plus its `externalId`, with the same checks and the same idempotency. ' +
          'The answer lists one result per item, in the order sent: `created`, `updated`, `unchanged` or `error` with the status and message PUT would have given. ' +
          'A bad item never rejects the others: the batch is one transaction and each item that fails is rolled back alone. ' +
          'An externalId sent twice in one batch is an error for the second. Webhooks and emails are the same as for the equivalent PUTs.',
        body: {
          type: 'object',
          required: ['invoices'],
          additionalProperties: false,
          properties: { invoices: { type: 'array', minItems: 1, maxItems: MAX_BATCH, items: inputSchemas.invoice } },
        },
        response: {
          200: { type: 'object', required: ['results'], properties: { results: { type: 'array', items: itemResult } } },
          400: problemSchema,
          413: problemSchema,
        },
      },
    },
    async (request) => {
      const body = request.body as { invoices?: unknown } | null;
      const list = body && typeof body === 'object' && Array.isArray(body.invoices) ? body.invoices : null;
      if (list && list.length > MAX_BATCH) throw new ApiError(413, `at most ${MAX_BATCH} invoices per batch; this one has ${list.length}`);
      const { envelope, perItem } = splitProblems((request.validationError?.validation ?? []) as AjvError[]);
      if (!list || envelope.length) {
        const problems = envelope.length ? fieldProblems(envelope, 'body') : [{ field: 'invoices', in: 'body', message: 'must be an array' }];
        throw new ApiError(400, problems.map((p) => `${p.field} ${p.message}`).join('; '), problems);
      }
      const keyOf = (item: unknown) => (item && typeof item === 'object' && typeof (item as { externalId?: unknown }).externalId === 'string' ? (item as { externalId: string }).externalId : null);
      const refused = new Map<number, ItemError>();
      for (const [index, errors] of perItem) {
        const problems = fieldProblems(errors, 'body');
        refused.set(index, { key: keyOf(list[index]), status: 'error', statusCode: 400, message: problems.map((p) => `${p.field} ${p.message}`).join('; '), problems });
      }
      const items: BatchItem[] = list.map((item, index) => (refused.has(index) ? new InvoiceInputError([]) : (item as InvoiceInput)));
      const outcomes = await upsertInvoiceBatch({ em: request.em, tenant: request.tenant, portal: ctx.portal }, items);
      return {
        results: outcomes.map((outcome, index) => {
          const key = keyOf(list[index]);
          if (refused.has(index)) return refused.get(index)!;
          if ('error' in outcome) return { key, status: 'error', statusCode: 422, message: outcome.error.message, problems: problemsFromStrings(outcome.error.problems) };
          return { key, status: outcome.created ? 'created' : outcome.changed ? 'updated' : 'unchanged' };
        }),
      };
    },
  );
}

type AjvError = Parameters<typeof fieldProblems>[0][number];

/** ajv's errors of the whole body: those inside `/invoices/<n>` belong to item n, with paths relative to it. */
function splitProblems(errors: AjvError[]): { envelope: AjvError[]; perItem: Map<number, AjvError[]> } {
  const envelope: AjvError[] = [];
  const perItem = new Map<number, AjvError[]>();
  for (const e of errors) {
    const m = /^\/invoices\/(\d+)(\/.*)?$/.exec(e.instancePath);
    if (!m) {
      envelope.push(e);
      continue;
    }
    const index = Number(m[1]);
    perItem.set(index, [...(perItem.get(index) ?? []), { ...e, instancePath: m[2] ?? '' }]);
  }
  return { envelope, perItem };
}
