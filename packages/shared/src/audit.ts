import { z } from 'zod';

/**
 * Every action the audit log records, dotted like error codes. The server writes only these and the web
 * client's admin log narrows on them, so a typo is a type error on both sides.
 */
export const AuditAction = z.enum([
  'room.member_invited',
  'room.member_kicked',
  'room.owner_succeeded',
  'room.owner_transferred',
  'room.role_changed',
  'room.settings_changed',
  'room.image_changed',
  'room.image_removed',
  'room.archived',
  'room.unarchived',
  'room.deleted',
  'room.legal_hold_set',
  'room.legal_hold_released',
  'room.retention_changed',
  'pin.reminded',
  'file.deleted',
  'upload.infected',
  'account.deleted',
  'user.deactivated',
  'user.reactivated',
  'user.admin_granted',
  'user.admin_revoked',
  'user.signed_out',
  'user.created',
  'user.password_reset',
  'user.deleted',
  'auth.login',
  'auth.login_failed',
  'auth.policy_changed',
  'auth.sso_linked',
  'auth.two_factor_enabled',
  'auth.two_factor_disabled',
  'auth.two_factor_reset',
  'auth.recovery_code_used',
  'auth.recovery_codes_renewed',
  'server.settings_changed',
  'retention.run',
  'compliance.export_started',
  'compliance.export_downloaded',
  'compliance.export_deleted',
]);
export type AuditAction = z.infer<typeof AuditAction>;
