import type { Readable } from 'node:stream';
import { type Profile, type UpdateProfileBody, type UserUpdated } from '@messenger/shared';
import type { z } from 'zod';
import { AppError } from '../../app-error.ts';
import type { FileStorage } from '../files/file-storage.ts';
import { stageSquareImage } from '../files/square-image.ts';
import { avatarUrl, presentUserSummary } from '../users/users.presenter.ts';
import type { UserRow, UsersRepository } from '../users/users.repository.ts';
import type { UnitOfWork } from '../../db/unit-of-work.ts';

type UpdateInput = z.output<typeof UpdateProfileBody>;

export interface ProfileServiceDeps {
  uow: UnitOfWork;
  storage: FileStorage;
  roomIdsOf: (userId: string) => Promise<string[]>;
  events: { userUpdated(roomIds: string[], payload: UserUpdated): void };
  now: () => number;
}

/** The caller's own profile: name, status message, profile image; changes are pushed live (FILE-12). */
export class ProfileService {
  private readonly d: ProfileServiceDeps;

  constructor(deps: ProfileServiceDeps) {
    this.d = deps;
  }

  private get users(): UsersRepository {
    return this.d.uow.repos.users;
  }

  private async row(userId: string): Promise<UserRow> {
    const row = await this.users.findById(userId);
    if (!row) throw new AppError('auth.required');
    return row;
  }

  private present(row: UserRow): Profile {
    return {
      id: row.id,
      username: row.username,
      nickname: row.nickname,
      statusMessage: row.status_message,
      avatarUrl: avatarUrl(row),
      email: row.email,
    };
  }

  private async announce(row: UserRow): Promise<Profile> {
    this.d.events.userUpdated(await this.d.roomIdsOf(row.id), {
      user: presentUserSummary(row, row.id),
      statusMessage: row.status_message,
    });
    return this.present(row);
  }

  async get(userId: string): Promise<Profile> {
    return this.present(await this.row(userId));
  }

  async update(userId: string, input: UpdateInput): Promise<Profile> {
    if (input.email !== undefined && (await this.row(userId)).auth_source !== 'local')
      throw new AppError('profile.email_managed');
    await this.users.updateProfile(userId, input, this.d.now());
    return this.announce(await this.row(userId));
  }

  /**
   * A PNG, JPEG, GIF or WebP image, cropped to a square (512 px and 96 px WebP). Made under a new name first,
   * moved to its version's name in the transaction that sets that version; the old version goes after the
   * commit, so no URL ever serves other bytes than it first did.
   */
  async setImage(userId: string, stream: Readable): Promise<Profile> {
    const storage = this.d.storage;
    const staged = await stageSquareImage(storage, stream);
    let version: number;
    try {
      version = await this.d.uow.transaction(async (tx) => {
        const next = await tx.users.bumpAvatarVersion(userId, this.d.now());
        await storage.placeImage(staged, 'avatars', userId, next);
        return next;
      });
    } finally {
      await storage.discardStagedImage(staged);
    }
    await storage.removeImage('avatars', userId, version - 1);
    return this.announce(await this.row(userId));
  }

  /** Removes the image: the row first, the bytes after the commit. */
  async removeImage(userId: string): Promise<Profile> {
    const version = await this.users.retireAvatar(userId, this.d.now());
    if (version > 0) await this.d.storage.removeImage('avatars', userId, version);
    return this.announce(await this.row(userId));
  }

  /** The current image of a user, when `version` is still the current one (URLs are immutable). */
  async avatarFile(
    userId: string,
    version: number,
    size: 'full' | 'thumb',
  ): Promise<{ stream: Readable; bytes: number }> {
    const row = await this.users.findById(userId);
    if (!row || row.avatar_version <= 0 || row.avatar_version !== version)
      throw new AppError('file.not_found');
    const stored = await this.d.storage.imageFile('avatars', userId, version, size);
    if (!stored) throw new AppError('file.not_found');
    return { stream: this.d.storage.open(stored.file), bytes: stored.bytes };
  }
}
