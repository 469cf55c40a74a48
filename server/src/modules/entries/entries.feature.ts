import type { FastifyInstance } from 'fastify';
import type { FeatureDeps } from '../../app/features.ts';
import { storageFromConfig } from '../uploads/storage.config.ts';
import { uploadLimits } from '../uploads/uploads.limits.ts';
import { uploadsRoutes } from '../uploads/uploads.routes.ts';
import { createUploadsService } from '../uploads/uploads.service.ts';
import { createEntriesRepository } from './entries.repository.ts';
import { entriesRoutes } from './entries.routes.ts';
import { createEntriesService } from './entries.service.ts';

/** Submissions: teams, entries and their files, from registration to the deadline. */
export async function registerEntries(api: FastifyInstance, deps: FeatureDeps) {
  const { db, audit, access, competitions, now, config } = deps;
  const entries = createEntriesRepository({ db });
  const entriesService = createEntriesService({ db, entries, competitions, access, audit, now });
  const storage = storageFromConfig(config);
  api.addHook('onClose', () => storage.close());
  // Temporary files older than a day are what a crashed process left behind mid-upload.
  await storage.sweepTemp(24 * 3600_000, now());
  const uploadsService = createUploadsService({
    db,
    entries,
    entriesService,
    storage,
    limits: uploadLimits(config),
    audit,
  });
  await api.register(entriesRoutes({ access, entriesService }));
  await api.register(uploadsRoutes({ uploadsService }));
  return { entriesService, uploadsService };
}
