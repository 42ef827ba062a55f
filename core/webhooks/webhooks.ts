import type { SecretBox } from './secret-box.ts';
import type { WebhookQueue } from './webhook-queue.ts';

/** What the back office and the API need of outbound webhooks. */
export interface Webhooks {
  queue: WebhookQueue;
  secrets: SecretBox;
  /** Production refuses plain-http endpoint URLs. */
  requireHttps: boolean;
}
