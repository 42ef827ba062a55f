import type { ApiKeyIdentity } from './contract.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The API key of a `/api/v1` request, once authenticated; null everywhere else. */
    apiKey: ApiKeyIdentity | null;
  }
  interface FastifyContextConfig {
    /** `<resource>:read` or `<resource>:write`: what an API route needs from the key. */
    apiScope?: string;
  }
}
