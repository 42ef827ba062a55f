import type { FastifyRequest } from 'fastify';

export interface UploadedFile {
  filename: string;
  data: Buffer;
}

export interface TicketForm {
  fields: Record<string, string>;
  files: UploadedFile[];
  /** Names of files cut off at the size limit: refused, never stored. */
  tooLarge: string[];
  /** More files than allowed were sent; the extra ones were not read. */
  tooMany: boolean;
}

/** The form's text fields: a subject, a message and a few choices; anything larger is not a person typing. */
const MESSAGE_BYTES = 64_000;

/**
 * Reads a ticket form sent as multipart (with files) or urlencoded (without). Only `attachment`
 * file parts are kept; the limits stop a request before it can fill memory, and a file over the
 * size limit is flagged rather than thrown so the customer gets the form back with a message.
 */
export async function readTicketForm(request: FastifyRequest, limits: { maxFiles: number; maxBytes: number }): Promise<TicketForm> {
  const form: TicketForm = { fields: {}, files: [], tooLarge: [], tooMany: false };
  if (!request.isMultipart()) {
    for (const [key, value] of Object.entries((request.body ?? {}) as Record<string, unknown>)) {
      if (typeof value === 'string') form.fields[key] = value;
    }
    return form;
  }
  const options = {
    // One file more than allowed is read and dropped, so "too many" can be told apart from "just right".
    limits: { fields: 12, fieldSize: MESSAGE_BYTES, fieldNameSize: 64, files: limits.maxFiles + 1, fileSize: limits.maxBytes, parts: limits.maxFiles + 14, headerPairs: 50 },
    throwFileSizeLimit: false,
  };
  let seen = 0;
  try {
    for await (const part of request.parts(options)) {
      if (part.type === 'field') {
        if (typeof part.value === 'string') form.fields[part.fieldname] = part.value;
        continue;
      }
      if (part.fieldname !== 'attachment') {
        part.file.resume();
        continue;
      }
      const data = await part.toBuffer();
      // An empty file input still sends a part, with no name and no bytes.
      if (!part.filename && data.length === 0) continue;
      seen += 1;
      if (seen > limits.maxFiles) form.tooMany = true;
      else if (part.file.truncated) form.tooLarge.push(part.filename);
      else form.files.push({ filename: part.filename, data });
    }
  } catch (err) {
    // Far more files than the form offers: answered like one too many, not as a server error.
    if ((err as { code?: string }).code !== 'FST_FILES_LIMIT') throw err;
    form.tooMany = true;
  }
  return form;
}
