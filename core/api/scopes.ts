import type { Access } from './contract.ts';

const SCOPE = /^([a-z][a-z0-9-]*):(read|write)$/;

/** `write` includes `read` of the same resource: a client that may change a record may see it. */
export function allows(scopes: ReadonlySet<string>, scope: string): boolean {
  if (scopes.has(scope)) return true;
  const m = SCOPE.exec(scope);
  return Boolean(m && m[2] === 'read' && scopes.has(`${m[1]}:write`));
}

export function scopeOf(resource: string, access: Access): string {
  return `${resource}:${access}`;
}

/**
 * Checks requested scopes against the resources the tenant has; `<resource>:*` asks for write
 * (which includes read). Returns them sorted and deduplicated, or the problems found.
 */
export function parseScopes(requested: string[], resources: string[]): { scopes: string[]; problems: string[] } {
  const known = new Set(resources);
  const scopes = new Set<string>();
  const problems: string[] = [];
  for (const raw of requested.map((s) => s.trim()).filter(Boolean)) {
    const text = raw.endsWith(':*') ? `${raw.slice(0, -2)}:write` : raw;
    const m = SCOPE.exec(text);
    if (!m) problems.push(`"${raw}" is not <resource>:read or <resource>:write`);
    else if (!known.has(m[1])) problems.push(`"${raw}": no resource "${m[1]}" here (known: ${[...known].sort().join(', ')})`);
    else scopes.add(text);
  }
  if (!problems.length && scopes.size === 0) problems.push('at least one scope is needed');
  return { scopes: [...scopes].sort(), problems };
}
