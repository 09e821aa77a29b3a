import { sql } from 'kysely';
import { z } from 'zod';
import { DATABASE_RETRY_AFTER_SECONDS } from '#db/unavailable.ts';
import { TIER_LABELS, TIER_NAMES } from '#domain/tiers.ts';
import type { TierContext } from '../context.ts';
import { DONGBO_VERSION } from '../version.ts';
import type { ZodApp } from '../zod-app.ts';

const DATABASE_CHECK_TIMEOUT_MS = 3_000;

const healthSchema = z.object({
  tier: z.enum(TIER_NAMES),
  status: z.enum(['ok', 'unavailable']),
  database: z.enum(['ok', 'unavailable']),
  version: z.string(),
  reason: z.string().optional(),
});

const infoSchema = z.object({
  tier: z.enum(TIER_NAMES),
  label: z.string(),
  version: z.string(),
  links: z.partialRecord(z.enum(TIER_NAMES), z.string()),
});

export function registerHealthRoutes(app: ZodApp, context: TierContext): void {
  app.get(
    '/api/health',
    {
      schema: {
        tags: ['Hệ thống'],
        summary: 'Tình trạng hoạt động của tầng và cơ sở dữ liệu',
        response: { 200: healthSchema, 503: healthSchema },
      },
    },
    async (request, reply) => {
      const base = { tier: context.tier, version: DONGBO_VERSION };
      try {
        await withTimeout(sql`SELECT 1`.execute(context.db), DATABASE_CHECK_TIMEOUT_MS);
        return { ...base, status: 'ok' as const, database: 'ok' as const };
      } catch (error) {
        // The log keeps the driver's words; the answer, public, says nothing of where the database is.
        request.log.warn({ err: error }, 'health: database unreachable');
        reply.header('retry-after', String(DATABASE_RETRY_AFTER_SECONDS));
        return reply.code(503).send({
          ...base,
          status: 'unavailable' as const,
          database: 'unavailable' as const,
          reason:
            error instanceof HealthTimeout
              ? 'Cơ sở dữ liệu không trả lời kịp.'
              : 'Không kết nối được cơ sở dữ liệu.',
        });
      }
    },
  );

  app.get(
    '/api/info',
    {
      schema: {
        tags: ['Hệ thống'],
        summary: 'Tầng này là tầng nào và các tầng khác ở đâu',
        response: { 200: infoSchema },
      },
    },
    async () => ({
      tier: context.tier,
      label: TIER_LABELS[context.tier],
      version: DONGBO_VERSION,
      links: context.links,
    }),
  );
}

class HealthTimeout extends Error {}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new HealthTimeout(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
