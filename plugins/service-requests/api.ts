/**
 * What other plugins use: declare request types (contribute them to `requestTypeExtension`), and read what is open on accounts.
 * Import from here only; everything else in this folder may change.
 */
export { defineRequestType } from './types/define-request-type.ts';
export { DecisionError } from './types/decision-error.ts';
export { requestTypeExtension, requestTypesOf, type RequestTypeRegistry, type ServiceRequestsProvides } from './types/registry.ts';
export { offersFor, newRequestHref } from './types/offers.ts';
export { openRequestsOn, type OpenRequest } from './data/requests.ts';
export { seedDemoRequest, type DemoRequest } from './data/seed-request.ts';
export { typeLabels, type TypeLabels } from './i18n.ts';
export type {
  AccountRow,
  DecisionContext,
  DocumentRequirement,
  Message,
  RequestType,
  RequestTypeDefinition,
  ServiceRow,
  StatementCharges,
  SubmitContext,
  TargetContext,
} from './types/contract.ts';
