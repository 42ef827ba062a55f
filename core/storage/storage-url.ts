import { fileURLToPath } from 'node:url';

export type StorageLocation =
  | { kind: 'file'; root: string }
  | { kind: 's3'; bucket: string; prefix: string; endpoint?: string; region?: string; forcePathStyle: boolean };

/** What is wrong with a storage URL, worded to follow the setting's name. */
export class StorageUrlError extends Error {}

const S3_PARAMS = ['endpoint', 'region', 'forcePathStyle'] as const;
// S3's own rule for bucket names (lowercase, 3–63, no leading or trailing dot or dash).
const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const PREFIX = /^[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*\/?$/;
const REGION = /^[a-z0-9-]{2,32}$/;

/**
 * `file:///absolute/folder` or `s3://bucket[/prefix]?endpoint=…&region=…&forcePathStyle=true`.
 * Anything else is refused with the reason, at start-up: a typo must not become a portal that
 * starts and then loses every upload.
 */
export function parseStorageUrl(text: string): StorageLocation {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new StorageUrlError(`"${text}" is not a URL; use file:///absolute/folder or s3://bucket?region=…`);
  }
  if (url.protocol === 'file:') return parseFile(text, url);
  if (url.protocol === 's3:') return parseS3(text, url);
  throw new StorageUrlError(`unsupported scheme "${url.protocol}" (use file:// or s3://)`);
}

function parseFile(text: string, url: URL): StorageLocation {
  if (url.host && url.host !== 'localhost') throw new StorageUrlError(`file:// URLs name a folder on this machine, not on "${url.host}"`);
  // `file:data/files` parses as `/data/files`: a relative path would silently become another folder.
  if (!/^file:\/\/(localhost)?\//i.test(text)) throw new StorageUrlError(`"${text}" must name an absolute folder, as file:///srv/portal/files`);
  if (url.search || url.hash) throw new StorageUrlError('file:// URLs take no ?options or #fragment');
  return { kind: 'file', root: fileURLToPath(url).replace(/\/+$/, '') || '/' };
}

function parseS3(text: string, url: URL): StorageLocation {
  if (url.username || url.password) {
    throw new StorageUrlError('credentials do not belong in the URL; set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or any source the AWS SDK reads)');
  }
  if (url.port) throw new StorageUrlError(`"${url.host}" is read as the bucket name; give the server's address as ?endpoint=http://host:port`);
  const bucket = url.hostname;
  if (!BUCKET.test(bucket) || bucket.includes('..')) {
    throw new StorageUrlError(`bucket name "${bucket}" is not valid: 3 to 63 lowercase letters, digits, dots and dashes, starting and ending with a letter or digit`);
  }
  if (url.hash) throw new StorageUrlError('s3:// URLs take no #fragment');
  const path = decodeURIComponent(url.pathname.replace(/^\/+/, ''));
  // The URL parser resolves `a/../b` to `b`: the raw text decides, or the prefix would silently differ.
  const rawPath = text.split('?')[0].split('/').slice(3);
  if (rawPath.some((s) => s === '.' || s === '..')) throw new StorageUrlError('the key prefix may not hold "." or ".." segments');
  if (path && (!PREFIX.test(path) || path.split('/').some((s) => s === '.' || s === '..'))) {
    throw new StorageUrlError(`key prefix "${path}" may hold only letters, digits, ".", "_", "-" and "/" between names`);
  }
  const seen = new Set<string>();
  for (const name of url.searchParams.keys()) {
    if (!(S3_PARAMS as readonly string[]).includes(name)) throw new StorageUrlError(`unknown option "${name}" (known: ${S3_PARAMS.join(', ')})`);
    if (seen.has(name)) throw new StorageUrlError(`option "${name}" is given twice`);
    seen.add(name);
  }
  const endpoint = url.searchParams.get('endpoint') ?? undefined;
  if (endpoint !== undefined) {
    let parsed: URL | undefined;
    try {
      parsed = new URL(endpoint);
    } catch {
      parsed = undefined;
    }
    if (!parsed || !['http:', 'https:'].includes(parsed.protocol)) throw new StorageUrlError(`endpoint "${endpoint}" must be an http:// or https:// URL`);
  }
  const region = url.searchParams.get('region') ?? undefined;
  if (region !== undefined && !REGION.test(region)) throw new StorageUrlError(`region "${region}" is not a region name (e.g. us-east-1)`);
  const style = url.searchParams.get('forcePathStyle');
  if (style !== null && style !== 'true' && style !== 'false') throw new StorageUrlError(`forcePathStyle must be true or false, not "${style}"`);
  return { kind: 's3', bucket, prefix: path && !path.endsWith('/') ? `${path}/` : path, endpoint, region, forcePathStyle: style === 'true' };
}
