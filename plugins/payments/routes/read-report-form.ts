import type { FastifyRequest } from 'fastify';

export interface ReportForm {
  fields: Record<string, string>;
  receipt: { filename: string; data: Buffer } | null;
  /** The receipt was larger than allowed; it was cut off and is not kept. */
  tooLarge: boolean;
  /** More than one file, or more parts than the form has: refused whole. */
  tooMany: boolean;
}

/** The form has eight short fields and one file; the limits stop anything bigger before it fills memory. */
const LIMITS = { fields: 12, fieldSize: 512, fieldNameSize: 32, files: 1, parts: 14, headerPairs: 50 };
const LIMIT_ERRORS = new Set(['FST_FILES_LIMIT', 'FST_PARTS_LIMIT', 'FST_FIELDS_LIMIT']);

/**
 * Reads the report form (multipart, the CSRF token its first field). A file over the size
 * limit is flagged, not thrown, so the customer gets the form back with a message; so is a
 * second file.
 */
export async function readReportForm(request: FastifyRequest, maxBytes: number): Promise<ReportForm> {
  const form: ReportForm = { fields: {}, receipt: null, tooLarge: false, tooMany: false };
  if (!request.isMultipart()) {
    for (const [key, value] of Object.entries((request.body ?? {}) as Record<string, unknown>)) if (typeof value === 'string') form.fields[key] = value;
    return form;
  }
  // The parts() typings omit throwFileSizeLimit, which the implementation honours.
  const options = { limits: { ...LIMITS, fileSize: maxBytes }, throwFileSizeLimit: false };
  try {
    for await (const part of request.parts(options)) {
      if (part.type === 'field') {
        if (typeof part.value === 'string') form.fields[part.fieldname] = part.value;
        continue;
      }
      if (part.fieldname !== 'receipt') {
        part.file.resume();
        continue;
      }
      const data = await part.toBuffer();
      if (part.file.truncated) form.tooLarge = true;
      // A file input left empty still sends a part, with no name and no bytes.
      else if (part.filename || data.length) form.receipt = { filename: part.filename, data };
    }
  } catch (err) {
    if (!LIMIT_ERRORS.has((err as { code?: string }).code ?? '')) throw err;
    form.tooMany = true;
    form.receipt = null;
  }
  return form;
}
