import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';

/** All SQL of two-step verification (AUTH-16): the TOTP columns of `users` and the `recovery_codes` table. */
export class TwoFactorRepository {
  private readonly db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.db = db;
  }

  /** Joins the unit of work's transaction (with its audit entry, AUDIT-3), or opens one. */
  private inTransaction<T>(fn: (trx: Kysely<Database>) => Promise<T>): Promise<T> {
    return this.db.isTransaction ? fn(this.db) : this.db.transaction().execute(fn);
  }

  /**
   * Turns two-step verification on with a sealed secret and a new set of recovery code hashes, in one
   * transaction; `step` is the step of the code that confirmed it (used up). False if it was already on.
   */
  async enable(
    userId: string,
    sealedSecret: string,
    step: number,
    codeHashes: string[],
    now: number,
  ): Promise<boolean> {
    return this.inTransaction(async (trx) => {
      const r = await trx
        .updateTable('users')
        .set({ totp_secret: sealedSecret, totp_enabled_at: now, totp_last_step: step, updated_at: now })
        .where('id', '=', userId)
        .where('totp_enabled_at', 'is', null)
        .executeTakeFirst();
      if (Number(r.numUpdatedRows) === 0) return false;
      await trx.deleteFrom('recovery_codes').where('user_id', '=', userId).execute();
      await trx
        .insertInto('recovery_codes')
        .values(codeHashes.map((h) => ({ user_id: userId, code_hash: h, created_at: now, used_at: null })))
        .execute();
      return true;
    });
  }

  /** Turns it off: secret, steps and recovery codes go. Returns whether it was on. */
  async disable(userId: string, now: number): Promise<boolean> {
    return this.inTransaction(async (trx) => {
      const r = await trx
        .updateTable('users')
        .set({ totp_secret: null, totp_enabled_at: null, totp_last_step: null, updated_at: now })
        .where('id', '=', userId)
        .where('totp_enabled_at', 'is not', null)
        .executeTakeFirst();
      await trx.deleteFrom('recovery_codes').where('user_id', '=', userId).execute();
      return Number(r.numUpdatedRows) > 0;
    });
  }

  /**
   * Records that a code of `step` was used, only if no code of that step or a later one was: of two requests
   * with the same code, exactly one gets true.
   */
  async claimStep(userId: string, step: number): Promise<boolean> {
    const r = await this.db
      .updateTable('users')
      .set({ totp_last_step: step })
      .where('id', '=', userId)
      .where('totp_enabled_at', 'is not', null)
      .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', step)]))
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  /** The hashes of the user's unused recovery codes. */
  async unusedCodeHashes(userId: string): Promise<string[]> {
    const rows = await this.db
      .selectFrom('recovery_codes')
      .select('code_hash')
      .where('user_id', '=', userId)
      .where('used_at', 'is', null)
      .execute();
    return rows.map((r) => r.code_hash);
  }

  /** Uses up one recovery code; false if it was used meanwhile (two requests: exactly one wins). */
  async useCode(userId: string, codeHash: string, now: number): Promise<boolean> {
    const r = await this.db
      .updateTable('recovery_codes')
      .set({ used_at: now })
      .where('user_id', '=', userId)
      .where('code_hash', '=', codeHash)
      .where('used_at', 'is', null)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  /** Replaces the user's recovery codes with a new set. */
  async replaceCodes(userId: string, codeHashes: string[], now: number): Promise<void> {
    await this.inTransaction(async (trx) => {
      await trx.deleteFrom('recovery_codes').where('user_id', '=', userId).execute();
      await trx
        .insertInto('recovery_codes')
        .values(codeHashes.map((h) => ({ user_id: userId, code_hash: h, created_at: now, used_at: null })))
        .execute();
    });
  }

  /**
   * Active local accounts that the policy level covers and that have no second factor: they must enrol
   * before using the messenger again.
   */
  async unenrolledLocalUsers(level: 'admins' | 'everyone'): Promise<string[]> {
    let q = this.db
      .selectFrom('users')
      .select('id')
      .where('auth_source', '=', 'local')
      .where('deleted_at', 'is', null)
      .where('totp_enabled_at', 'is', null);
    if (level === 'admins') q = q.where('is_admin', '=', 1);
    return (await q.execute()).map((r) => r.id);
  }
}
