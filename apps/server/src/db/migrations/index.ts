import type { Migration } from 'kysely/migration';
import * as m0001 from './0001-accounts.ts';
import * as m0002 from './0002-conversations.ts';
import * as m0003 from './0003-system-event-names.ts';
import * as m0004 from './0004-files.ts';
import * as m0005 from './0005-polls-notices.ts';
import * as m0006 from './0006-governance.ts';
import * as m0007 from './0007-search.ts';
import * as m0008 from './0008-search-room-terms.ts';
import * as m0009 from './0009-audit-room-action.ts';
import * as m0010 from './0010-pin-reminders.ts';
import * as m0011 from './0011-directory-accounts.ts';
import * as m0012 from './0012-audit-chain.ts';
import * as m0013 from './0013-two-factor.ts';
import * as m0014 from './0014-administration.ts';
import * as m0015 from './0015-compliance-exports.ts';
import * as m0016 from './0016-e2e-delivery.ts';
import * as m0017 from './0017-e2e-timeline.ts';
import * as m0018 from './0018-e2e-recovery.ts';
import * as m0019 from './0019-e2e-verified-marks.ts';
import * as m0020 from './0020-e2e-message-epochs.ts';

/** Every migration, in order. Names are permanent: never rename or edit one that has shipped. */
export const MIGRATIONS: Record<string, Migration> = {
  '0001-accounts': m0001,
  '0002-conversations': m0002,
  '0003-system-event-names': m0003,
  '0004-files': m0004,
  '0005-polls-notices': m0005,
  '0006-governance': m0006,
  '0007-search': m0007,
  '0008-search-room-terms': m0008,
  '0009-audit-room-action': m0009,
  '0010-pin-reminders': m0010,
  '0011-directory-accounts': m0011,
  '0012-audit-chain': m0012,
  '0013-two-factor': m0013,
  '0014-administration': m0014,
  '0015-compliance-exports': m0015,
  '0016-e2e-delivery': m0016,
  '0017-e2e-timeline': m0017,
  '0018-e2e-recovery': m0018,
  '0019-e2e-verified-marks': m0019,
  '0020-e2e-message-epochs': m0020,
};
