import type { Readable } from 'node:stream';
import { type Profile, type UpdateProfileBody, type UserUpdated } from '@messenger/shared';
import type { z } from 'zod';
import { AppError } from '../../app-error.ts';
import type { FileStorage } from '../files/file-storage.ts';
import { storeSquareImage } from '../files/square-image.ts';
import { avatarUrl, presentUserSummary } from '../users/users.presenter.ts';
import type { UserRow, UsersRepository } from '../users/users.repository.ts';

type UpdateInput = z.output<typeof UpdateProfileBody>;

export interface ProfileServiceDeps {
  users: UsersRepository;
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

  private async row(userId: string): Promise<UserRow> {
    const row = await this.d.users.findById(userId);
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
    await this.d.users.updateProfile(userId, input, this.d.now());
    return this.announce(await this.row(userId));
  }

  /** A PNG, JPEG, GIF or WebP image, cropped to a square (512 px and 96 px WebP). */
  async setImage(userId: string, stream: Readable): Promise<Profile> {
    const storage = this.d.storage;
    await storeSquareImage(storage, stream, {
      full: storage.avatarPath(userId, 'full'),
      thumb: storage.avatarPath(userId, 'thumb'),
    });
    const row = await this.row(userId);
    await this.d.users.setAvatarVersion(userId, row.avatar_version + 1, this.d.now());
    return this.announce(await this.row(userId));
  }

  async removeImage(userId: string): Promise<Profile> {
    await this.d.users.setAvatarVersion(userId, 0, this.d.now());
    await this.d.storage.removeAvatar(userId);
    return this.announce(await this.row(userId));
  }

  /** The current image of a user, when `version` is still the current one (URLs are immutable). */
  async avatarFile(
    userId: string,
    version: number,
    size: 'full' | 'thumb',
  ): Promise<{ stream: Readable; bytes: number }> {
    const row = await this.d.users.findById(userId);
    if (!row || row.avatar_version === 0 || row.avatar_version !== version)
      throw new AppError('file.not_found');
    const file = this.d.storage.avatarPath(userId, size);
    const bytes = await this.d.storage.size(file);
    if (bytes === null) throw new AppError('file.not_found');
    return { stream: this.d.storage.open(file), bytes };
  }
}
