import type { RoomAuditEntry } from '@messenger/shared';
import { describe, expect, it } from 'vitest';
import { auditText } from './auditText.ts';

const t = (key: string, vars?: Record<string, string | number>) =>
  `${key}${vars ? ` ${JSON.stringify(vars)}` : ''}`;
const kim = { id: 'k', username: 'kim', nickname: '김관리', deleted: false };
const gone = { id: 'g', username: '', nickname: '', deleted: true };
const entry = (over: Partial<RoomAuditEntry>): RoomAuditEntry => ({
  id: '1',
  at: '2026-01-01T00:00:00.000Z',
  action: 'room.member_kicked',
  actor: kim,
  target: gone,
  detail: {},
  ...over,
});

describe('admin log lines', () => {
  it('ADMIN-2, RET-2: a server admin archiving the room, holding it and changing its retention reads as such', () => {
    const line = (action: RoomAuditEntry['action'], detail = {}) =>
      auditText(entry({ action, target: null, detail }), t);
    expect(line('room.archived')).toBe('roomSettings.audit.archived {"actor":"김관리"}');
    expect(line('room.legal_hold_set')).toBe('roomSettings.audit.legalHoldSet {"actor":"김관리"}');
    expect(line('room.retention_changed', { from: null, to: 0 })).toBe(
      'roomSettings.audit.retentionChanged {"actor":"김관리","days":"roomSettings.audit.retentionForever"}',
    );
    expect(line('room.retention_changed', { from: 0, to: 30 })).toContain(
      'roomSettings.audit.retentionDays {\\"count\\":30}',
    );
    expect(line('room.retention_changed', { from: 30, to: null })).toContain('retentionDefault');
  });

  it('ADM-6: names the people, a deleted one by the flag, the server when nobody acted', () => {
    expect(auditText(entry({}), t)).toBe(
      'roomSettings.audit.kicked {"actor":"김관리","target":"chat.deletedUser"}',
    );
    expect(auditText(entry({ action: 'room.owner_succeeded', actor: null, target: kim }), t)).toBe(
      'roomSettings.audit.succeeded {"target":"김관리"}',
    );
  });

  it('ADM-6: says which settings changed and whether a role went up or down', () => {
    const changed = entry({
      action: 'room.settings_changed',
      target: null,
      detail: { name: { from: 'a', to: 'b' }, postPolicy: { from: 'everyone', to: 'admins' } },
    });
    expect(auditText(changed, t)).toBe(
      'roomSettings.audit.settings {"actor":"김관리","fields":"roomSettings.audit.field.name, roomSettings.audit.field.postPolicy"}',
    );
    expect(
      auditText(entry({ action: 'room.role_changed', detail: { from: 'member', to: 'admin' } }), t),
    ).toMatch(/^roomSettings.audit.promoted/);
    expect(
      auditText(entry({ action: 'room.role_changed', detail: { from: 'admin', to: 'member' } }), t),
    ).toMatch(/^roomSettings.audit.demoted/);
    expect(auditText(entry({ action: 'something.new' as never }), t)).toBe('김관리: something.new');
  });

  it('PIN-6: a reminder says who sent it and to how many', () => {
    const reminded = entry({ action: 'pin.reminded', target: null, detail: { reminded: 3 } });
    expect(auditText(reminded, t)).toBe('roomSettings.audit.pinReminded {"actor":"김관리","count":3}');
  });
});
