import { describe, expect, it } from 'vitest';
import { postBlock } from '../composer/ComposerLocked.tsx';
import { changedFields } from './useRoomSettings.ts';

const room = {
  name: '개발팀',
  description: '백엔드',
  invitePolicy: 'admins' as const,
  postPolicy: 'everyone' as const,
};

describe('room settings', () => {
  it('ADM-1: only the fields that differ from the room as it is are sent, trimmed', () => {
    expect(changedFields(room, { ...room, name: ' 개발팀 ' })).toEqual({});
    expect(
      changedFields(room, {
        name: '개발 1팀',
        description: '백엔드',
        invitePolicy: 'everyone',
        postPolicy: 'admins',
      }),
    ).toEqual({ name: '개발 1팀', invitePolicy: 'everyone', postPolicy: 'admins' });
    expect(changedFields(room, { ...room, description: '  ' })).toEqual({ description: '' });
  });

  it('ADM-4, ACCT-3: members of an announcement room and anyone in a closed DM cannot post', () => {
    expect(postBlock({ postPolicy: 'everyone', myRole: 'member' })).toBeNull();
    expect(postBlock({ postPolicy: 'admins', myRole: 'member' })).toBe('admins');
    expect(postBlock({ postPolicy: 'admins', myRole: 'admin' })).toBeNull();
    expect(postBlock({ postPolicy: 'admins', myRole: 'owner' })).toBeNull();
    expect(postBlock({ postPolicy: 'closed', myRole: 'owner' })).toBe('closed');
  });

  it('ADMIN-2: nobody posts in an archived room, whatever the post policy and role', () => {
    const archivedAt = '2026-01-02T00:00:00.000Z';
    expect(postBlock({ postPolicy: 'everyone', myRole: 'owner', archivedAt })).toBe('archived');
    expect(postBlock({ postPolicy: 'everyone', myRole: 'member', archivedAt: null })).toBeNull();
  });
});
