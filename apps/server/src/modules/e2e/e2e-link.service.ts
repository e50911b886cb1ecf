import {
  E2E_LINK_LIMITS,
  type AnswerLinkBody,
  type CreateLinkBody,
  type DeviceLink,
  type LinkKeyBody,
  type LinkStage,
  type LinkUsedBody,
} from '@messenger/shared';
import { AppError } from '../../app-error.ts';
import type { UnitOfWork } from '../../db/unit-of-work.ts';
import type { RateLimiter } from '../../state/rate-limiter.ts';
import type { StateStore } from '../../state/state-store.ts';
import type { E2eEvents } from './e2e-events.ts';
import { limitE2e, requireOwnDevice } from './e2e.policy.ts';

export interface E2eLinkServiceDeps {
  uow: UnitOfWork;
  store: StateStore;
  limiter: RateLimiter;
  events: Pick<E2eEvents, 'e2eLinkRequested' | 'e2eLinkUpdated'>;
  now: () => number;
  newId: () => string;
}

/** A link as the state store keeps it: the wire object and its owner. */
interface StoredLink extends DeviceLink {
  userId: string;
}

const linkKey = (id: string) => `e2e-link:${id}`;
/** The newest link a user opened: a new request replaces the one before (one new device at a time). */
const latestKey = (userId: string) => `e2e-link-latest:${userId}`;
/** Set once by the first answer or refusal: a link is answered once, by one device. */
const doneKey = (id: string) => `e2e-link-done:${id}`;

const present = ({ userId: _owner, ...link }: StoredLink): DeviceLink => link;

/**
 * The device-link relay (E2E-105..E2E-108, design 5.6 (i)): a short-lived session in the state store (memory,
 * or Redis when several processes share it) that carries a new device's commitment and key, an existing
 * device's key and the sealed secrets between the two devices of one user. Only that signed-in user sees or
 * answers it (anyone else: `e2e.link_not_found`); it expires after E2E_LINK_LIMITS.ttlMs.
 */
export class E2eLinkService {
  private readonly d: E2eLinkServiceDeps;

  constructor(deps: E2eLinkServiceDeps) {
    this.d = deps;
  }

  private async load(userId: string, id: string): Promise<StoredLink> {
    const raw = await this.d.store.get(linkKey(id));
    const link = raw ? (JSON.parse(raw) as StoredLink) : null;
    // Another user's link is as absent as an expired one: its existence is not theirs to learn.
    if (!link || link.userId !== userId || Date.parse(link.expiresAt) <= this.d.now())
      throw new AppError('e2e.link_not_found');
    return link;
  }

  private async save(link: StoredLink): Promise<void> {
    const ttl = Date.parse(link.expiresAt) - this.d.now();
    if (ttl <= 0) throw new AppError('e2e.link_not_found');
    await this.d.store.set(linkKey(link.id), JSON.stringify(link), ttl);
  }

  /** Moves a link from one of `from` to `stage` with `patch`, tells the user's sockets, answers it. */
  private async advance(
    userId: string,
    id: string,
    from: readonly LinkStage[],
    stage: LinkStage,
    patch: Partial<DeviceLink> = {},
  ): Promise<DeviceLink> {
    await limitE2e(this.d.limiter, 'write', userId);
    const link = await this.load(userId, id);
    if (link.stage === 'answered' || link.stage === 'refused') throw new AppError('e2e.link_answered');
    if (!from.includes(link.stage)) throw new AppError('e2e.link_stage');
    // Answering and refusing end the link: of two devices at once, exactly one does it.
    if (
      (stage === 'answered' || stage === 'refused') &&
      !(await this.d.store.claim(doneKey(id), E2E_LINK_LIMITS.ttlMs))
    )
      throw new AppError('e2e.link_answered');
    const next = { ...link, ...patch, stage };
    await this.save(next);
    this.d.events.e2eLinkUpdated(userId, { linkId: id, stage });
    return present(next);
  }

  /** The new device opens a link with the commitment to its key (E2E-105); the user's other sockets hear it. */
  async create(userId: string, input: CreateLinkBody): Promise<DeviceLink> {
    await limitE2e(this.d.limiter, 'write', userId);
    const link: StoredLink = {
      id: `lnk_${this.d.newId()}`,
      userId,
      stage: 'requested',
      commitment: input.commitment,
      newPub: null,
      existingPub: null,
      sealed: null,
      mode: null,
      expiresAt: new Date(this.d.now() + E2E_LINK_LIMITS.ttlMs).toISOString(),
    };
    await this.save(link);
    await this.d.store.set(latestKey(userId), link.id, E2E_LINK_LIMITS.ttlMs);
    this.d.events.e2eLinkRequested(userId, { linkId: link.id, stage: link.stage });
    return present(link);
  }

  /** One of the caller's links (the new device polls it). */
  async get(userId: string, id: string): Promise<DeviceLink> {
    return present(await this.load(userId, id));
  }

  /** The caller's newest link that is still open, for their other devices; null when there is none. */
  async pending(userId: string): Promise<DeviceLink | null> {
    const id = await this.d.store.get(latestKey(userId));
    if (!id) return null;
    try {
      const link = await this.load(userId, id);
      return link.stage === 'answered' || link.stage === 'refused' ? null : present(link);
    } catch {
      return null;
    }
  }

  /** Existing device, code path: its ephemeral key, so that both sides can compute the code. */
  accept(userId: string, id: string, input: LinkKeyBody): Promise<DeviceLink> {
    return this.advance(userId, id, ['requested'], 'accepted', { existingPub: input.pub });
  }

  /** New device, code path: its key, revealed only after the existing device's arrived (E2E-104). */
  reveal(userId: string, id: string, input: LinkKeyBody): Promise<DeviceLink> {
    return this.advance(userId, id, ['accepted'], 'revealed', { newPub: input.pub });
  }

  /**
   * Existing device: the sealed secrets. On the code path after the new device revealed its key; on the QR
   * path at once (it read the key from the screen).
   */
  answer(userId: string, id: string, input: AnswerLinkBody): Promise<DeviceLink> {
    const from: LinkStage[] = input.mode === 'code' ? ['revealed'] : ['requested', 'accepted', 'revealed'];
    return this.advance(userId, id, from, 'answered', {
      existingPub: input.pub,
      sealed: input.sealed,
      mode: input.mode,
    });
  }

  /** Existing device: the person refused (codes differ, or not their device). */
  refuse(userId: string, id: string): Promise<DeviceLink> {
    return this.advance(userId, id, ['requested', 'accepted', 'revealed'], 'refused');
  }

  /**
   * The new device registered `deviceId` from an answered link (E2E-108): audited as `e2e.device_linked`
   * (the device and link, nothing secret), and the link is gone.
   */
  async used(userId: string, id: string, input: LinkUsedBody): Promise<void> {
    await limitE2e(this.d.limiter, 'write', userId);
    const link = await this.load(userId, id);
    if (link.stage !== 'answered') throw new AppError('e2e.link_stage');
    await requireOwnDevice(this.d.uow.repos, userId, input.deviceId);
    const now = this.d.now();
    await this.d.uow.transaction((tx) =>
      tx.audit.record(
        {
          actorId: userId,
          action: 'e2e.device_linked',
          targetId: input.deviceId,
          detail: { linkId: id, mode: link.mode },
        },
        now,
      ),
    );
    await this.d.store.del(linkKey(id));
  }
}
