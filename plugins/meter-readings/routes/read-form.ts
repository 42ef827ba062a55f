import type { FastifyRequest } from 'fastify';

export interface SubmittedForm {
  fields: Record<string, string>;
  photo: { filename: string; data: Buffer } | null;
  /** The photo was larger than the tenant allows; it was cut off and is not kept. */
  photoTooLarge: boolean;
}

/** A reading form has a handful of short fields: anything beyond that is not a customer typing. */
const FIELD_LIMITS = { fields: 16, fieldSize: 256, fieldNameSize: 64, files: 1, parts: 18, headerPairs: 50 };

/**
 * Reads the reading form whether it came as multipart (with a photo) or urlencoded (the
 * confirmation step, or tenants without photos). Only the `photo` file part is read; the limits
 * stop a request before it can fill memory.
 */
export async function readForm(request: FastifyRequest, photoMaxBytes: number): Promise<SubmittedForm> {
  const form: SubmittedForm = { fields: {}, photo: null, photoTooLarge: false };
  if (!request.isMultipart()) {
    for (const [key, value] of Object.entries((request.body ?? {}) as Record<string, unknown>)) {
      if (typeof value === 'string') form.fields[key] = value;
    }
    return form;
  }
  // A file over the limit is cut short and flagged rather than thrown: the customer gets the form
  // back with a message instead of an error page.
  const options = { limits: { ...FIELD_LIMITS, fileSize: photoMaxBytes }, throwFileSizeLimit: false };
  for await (const part of request.parts(options)) {
    if (part.type === 'field') {
      if (typeof part.value === 'string') form.fields[part.fieldname] = part.value;
      continue;
    }
    if (part.fieldname !== 'photo') {
      part.file.resume();
      continue;
    }
    const data = await part.toBuffer();
    if (part.file.truncated) form.photoTooLarge = true;
    // A file input left empty still sends a part, with no name and no bytes.
    else if (part.filename || data.length) form.photo = { filename: part.filename, data };
  }
  return form;
}
