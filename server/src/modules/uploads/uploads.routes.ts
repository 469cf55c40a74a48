import type { IncomingMessage } from 'node:http';
import fastifyMultipart from '@fastify/multipart';
import {
  downloadQuerySchema,
  entryParamsSchema,
  type FileKind,
  fileKindSchema,
  fileParamsSchema,
  fileResponseSchema,
  okSchema,
  uploadLimitsSchema,
  uploadQuerySchema,
} from '@wuzhen/shared';
import type { FastifyRouteSchemaDef } from 'fastify/types/schema.js';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireUser } from '../../app/auth.ts';
import { AppError, storableValidatorCompiler } from '../../app/errors.ts';
import { uploadErrors } from './uploads.errors.ts';
import { contentDisposition, parseRange } from './uploads.fns.ts';
import type { UploadsService } from './uploads.service.ts';

const multipartDocSchema = z
  .object({
    kind: fileKindSchema.describe('deck, video or image; send it before the file (or as ?kind=)'),
    file: z.string().describe('The file: a PDF deck, an MP4 or WebM video, or a PNG, JPEG or WebP image'),
  })
  .optional();

/** Validates params and query as usual; the body is a stream the handler reads part by part. */
function streamedBodyValidator<S>(route: FastifyRouteSchemaDef<S>) {
  return route.httpPart === 'body'
    ? () => ({ value: undefined })
    : storableValidatorCompiler(route as unknown as FastifyRouteSchemaDef<z.ZodType>);
}

/** Room for the multipart framing and the small fields around the file. */
const multipartOverhead = 1024 * 1024;
/** After a refused upload, at most this much more of the body is read (so the answer arrives) before the connection is closed. */
const drainCap = 64 * 1024 * 1024;

/** Reads and drops the rest of a request body so the client can read the answer. */
function drainRequest(raw: IncomingMessage) {
  if (raw.readableEnded || raw.destroyed) return Promise.resolve();
  return new Promise<void>((resolve) => {
    let seen = 0;
    const done = () => {
      raw.off('data', onData);
      resolve();
    };
    const onData = (chunk: Buffer) => {
      seen += chunk.length;
      if (seen > drainCap) {
        raw.destroy();
        done();
      }
    };
    raw.unpipe();
    raw.on('data', onData);
    raw.once('end', done);
    raw.once('close', done);
    raw.once('error', done);
    raw.resume();
  });
}

/** busboy and @fastify/multipart errors, said for people. */
function multipartError(err: unknown) {
  if (err instanceof AppError) return err;
  const code = (err as { code?: string }).code;
  if (code === 'FST_FILES_LIMIT') {
    return uploadErrors.oneFile();
  }
  if (code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT' || code === 'FST_PROTO_VIOLATION') {
    return uploadErrors.malformed();
  }
  if (code === 'FST_INVALID_MULTIPART_CONTENT_TYPE') {
    return uploadErrors.notMultipart();
  }
  // "Unexpected end of form", "Part terminated early", a premature close: the body did not arrive whole.
  return uploadErrors.incomplete();
}

export const uploadsRoutes =
  ({ uploadsService }: { uploadsService: UploadsService }): FastifyPluginAsyncZod =>
  async (app) => {
    const { limits } = uploadsService;
    const largest = Math.max(...Object.values(limits).map((r) => r.maxBytes));
    // Scoped to these routes. The size checks are our own (per kind); busboy's limit only backs them up.
    await app.register(fastifyMultipart, {
      throwFileSizeLimit: false,
      // Larger buffers than busboy's 16 KB mean fewer hand-offs per gigabyte; kept small, since every
      // upload at a deadline holds them at once (with the disk write stream's, about 1 MB each).
      highWaterMark: 256 * 1024,
      fileHwm: 256 * 1024,
      limits: { fileSize: largest + 1, files: 1, fields: 10, fieldSize: 1024, parts: 20, headerPairs: 100 },
    });
    const tags = ['files'];

    app.get(
      '/uploads/limits',
      {
        schema: {
          tags,
          summary: 'The largest size, the formats and how many files per entry are accepted for each kind',
          response: { 200: uploadLimitsSchema },
        },
      },
      async (request) => {
        requireUser(request);
        return {
          limits: Object.values(limits).map((r) => ({
            kind: r.kind,
            maxBytes: r.maxBytes,
            maxFiles: r.maxFiles,
            mimes: [...r.mimes],
            formats: r.formats,
          })),
        };
      },
    );

    app.post(
      '/entries/:entryId/files',
      {
        // The body schema documents the multipart fields; the parts themselves are checked as they stream.
        validatorCompiler: streamedBodyValidator,
        schema: {
          tags,
          summary:
            'Upload a deck (PDF), video (MP4, WebM) or image (PNG, JPEG, WebP) as multipart: field kind, then field file',
          consumes: ['multipart/form-data'],
          body: multipartDocSchema,
          params: entryParamsSchema,
          querystring: uploadQuerySchema,
          response: { 201: fileResponseSchema },
        },
      },
      async (request, reply) => {
        const user = requireUser(request);
        const { entryId } = request.params;
        // Who and when first: a stranger or a late upload is refused before a byte is stored.
        let kind: FileKind | undefined = request.query.kind;
        await uploadsService.assertMayUpload(user, entryId, kind);
        const declared = Number(request.headers['content-length'] ?? Number.NaN);
        const tooLargeUpFront = (k: FileKind) =>
          Number.isFinite(declared) && declared > limits[k].maxBytes + multipartOverhead;
        if (kind && tooLargeUpFront(kind)) {
          // Refuse at once rather than read hundreds of megabytes only to drop them.
          reply.header('connection', 'close');
          throw uploadErrors.tooLarge(limits[kind]);
        }
        if (!request.isMultipart()) throw multipartError({ code: 'FST_INVALID_MULTIPART_CONTENT_TYPE' });

        let file = null;
        try {
          for await (const part of request.parts()) {
            if (part.type === 'field') {
              if (part.fieldname !== 'kind') continue;
              const parsed = fileKindSchema.safeParse(String(part.value).trim());
              if (!parsed.success) throw uploadErrors.unknownKind();
              kind = parsed.data;
              continue;
            }
            if (part.fieldname !== 'file') {
              throw uploadErrors.unexpectedFile(part.fieldname);
            }
            if (!kind) {
              throw uploadErrors.kindMissing();
            }
            if (tooLargeUpFront(kind)) throw uploadErrors.tooLarge(limits[kind]);
            file = await uploadsService.store(
              user,
              entryId,
              { kind, source: part.file, originalName: part.filename },
              request.id,
            );
            break;
          }
        } catch (err) {
          await drainRequest(request.raw);
          throw multipartError(err);
        }
        await drainRequest(request.raw);
        if (!file) {
          throw uploadErrors.noFile();
        }
        return reply.status(201).send({ file });
      },
    );

    app.get(
      '/files/:fileId',
      {
        // Sent as stored: byte ranges index the stored bytes, and decks, videos and images are
        // compressed formats already.
        compress: false,
        schema: {
          tags,
          summary: 'The bytes of a file, for whoever may see its entry; answers range requests',
          params: fileParamsSchema,
          querystring: downloadQuerySchema,
        },
      },
      async (request, reply) => {
        const { file, size, read } = await uploadsService.open(requireUser(request), request.params.fileId);
        const inline = request.query.inline === '1' || request.query.inline === 'true';
        const etag = `"${file.sha256}"`;
        // A range for another version of the file (If-Range) gets the whole file instead.
        const ifRange = request.headers['if-range'];
        const range =
          ifRange && ifRange !== etag ? ({ kind: 'none' } as const) : parseRange(request.headers.range, size);
        if (range.kind === 'unsatisfiable') {
          reply.header('content-range', `bytes */${size}`);
          throw uploadErrors.rangeNotSatisfiable(size);
        }
        reply
          .header('content-type', file.mime)
          .header('content-disposition', contentDisposition(file.name, inline ? 'inline' : 'attachment'))
          .header('etag', etag)
          .header('accept-ranges', 'bytes')
          // Access is checked on every request: a browser may keep a copy but must ask again.
          .header('cache-control', 'private, no-cache');
        const ifNoneMatch = request.headers['if-none-match'];
        if (ifNoneMatch?.split(',').some((t) => t.trim() === etag || t.trim() === '*')) {
          return reply.status(304).send();
        }
        if (range.kind === 'range') {
          return reply
            .status(206)
            .header('content-range', `bytes ${range.start}-${range.end}/${size}`)
            .header('content-length', range.end - range.start + 1)
            .send(await read({ start: range.start, end: range.end }));
        }
        return reply
          .status(200)
          .header('content-length', size)
          .send(await read());
      },
    );

    app.delete(
      '/files/:fileId',
      {
        schema: {
          tags,
          summary: 'Remove a file (until the deadline)',
          params: fileParamsSchema,
          response: { 200: okSchema },
        },
      },
      async (request) => {
        await uploadsService.remove(requireUser(request), request.params.fileId, request.id);
        return { ok: true as const };
      },
    );
  };
