import type { FastifyRequest } from 'fastify';

export interface PostedFile {
  field: string;
  filename: string;
  data: Buffer;
  /** Longer than the limit: cut off by the parser and not to be kept. */
  tooLarge: boolean;
}

export interface PostedForm {
  fields: Record<string, string>;
  files: PostedFile[];
}

/** A request form is a handful of short fields; longer texts (a reason, a reply) fit in 4 KB. */
const FIELD_LIMITS = { fields: 20, fieldSize: 4096, fieldNameSize: 64, headerPairs: 50 };

/**
 * Reads a request form posted as multipart (with files) or urlencoded (none). Only file fields the
 * caller names are read; any other file is drained unread. A file over `maxFileBytes` is cut and
 * flagged rather than thrown, so the customer gets the form back with a message.
 */
export async function readPostedForm(request: FastifyRequest, opts: { maxFileBytes: number; maxFiles: number; accepts(field: string): boolean }): Promise<PostedForm> {
  const form: PostedForm = { fields: {}, files: [] };
  if (!request.isMultipart()) {
    for (const [key, value] of Object.entries((request.body ?? {}) as Record<string, unknown>)) {
      if (typeof value === 'string') form.fields[key] = value;
    }
    return form;
  }
  const limits = { ...FIELD_LIMITS, files: opts.maxFiles, parts: FIELD_LIMITS.fields + opts.maxFiles, fileSize: opts.maxFileBytes };
  const options = { limits, throwFileSizeLimit: false };
  for await (const part of request.parts(options)) {
    if (part.type === 'field') {
      if (typeof part.value === 'string') form.fields[part.fieldname] = part.value;
      continue;
    }
    if (!opts.accepts(part.fieldname)) {
      part.file.resume();
      continue;
    }
    const data = await part.toBuffer();
    // A file input left empty still sends a part, with no name and no bytes.
    if (!part.filename && data.length === 0) continue;
    form.files.push({ field: part.fieldname, filename: part.filename, data, tooLarge: part.file.truncated });
  }
  return form;
}
