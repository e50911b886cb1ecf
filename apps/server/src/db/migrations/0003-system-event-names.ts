import { sql, type Kysely } from 'kysely';

interface OldEvent {
  type: string;
  actorId?: string | null;
  targetIds?: string[];
  value: string | null;
}

/**
 * System messages name their people (`actor`, `targets` with nicknames) instead of bare ids (ROOM-6):
 * rewrites the ones written before, with today's nicknames (the best there is for them).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const rows = (
    await sql<{ id: string; system_event: string }>`
      select id, system_event from messages where kind = 'system' and system_event is not null`.execute(db)
  ).rows
    .map((r) => ({ id: r.id, event: JSON.parse(r.system_event) as OldEvent }))
    .filter((r) => r.event.targetIds !== undefined);
  if (rows.length === 0) return;
  const users = await sql<{ id: string; nickname: string }>`select id, nickname from users`.execute(db);
  const nicknames = new Map(users.rows.map((u) => [u.id, u.nickname]));
  const named = (id: string) => ({ id, nickname: nicknames.get(id) ?? '' });
  for (const { id, event } of rows) {
    const rewritten = {
      type: event.type,
      actor: event.actorId ? named(event.actorId) : null,
      targets: (event.targetIds ?? []).map(named),
      value: event.value,
    };
    await sql`update messages set system_event = ${JSON.stringify(rewritten)} where id = ${id}`.execute(db);
  }
}

/** Back to bare ids. */
export async function down(db: Kysely<unknown>): Promise<void> {
  const rows = await sql<{ id: string; system_event: string }>`
    select id, system_event from messages where kind = 'system' and system_event is not null`.execute(db);
  for (const r of rows.rows) {
    const e = JSON.parse(r.system_event) as {
      type: string;
      actor?: { id: string } | null;
      targets?: { id: string }[];
      value: string | null;
    };
    if (e.targets === undefined) continue;
    const old = {
      type: e.type,
      actorId: e.actor?.id ?? null,
      targetIds: e.targets.map((t) => t.id),
      value: e.value,
    };
    await sql`update messages set system_event = ${JSON.stringify(old)} where id = ${r.id}`.execute(db);
  }
}
