import { z } from 'zod';
import { Timestamp, charLength } from './common.ts';
import { UserSummary } from './users.ts';

/** Limits of polls (POLL-1). */
export const POLL_LIMITS = { questionMax: 200, optionMax: 100, optionsMin: 2, optionsMax: 10 } as const;

const trimmedText = (max: number, message: string) =>
  z
    .string()
    .transform((v) => v.normalize('NFC').trim())
    .refine((v) => charLength(v) >= 1 && charLength(v) <= max, { message });

/** `POST /api/rooms/:id/polls` body. */
export const CreatePollBody = z
  .object({
    /** The question, 1-200 characters. */
    question: trimmedText(POLL_LIMITS.questionMax, 'validation.poll_question'),
    /** 2-10 distinct options, each 1-100 characters. */
    options: z
      .array(trimmedText(POLL_LIMITS.optionMax, 'validation.poll_option'))
      .min(POLL_LIMITS.optionsMin)
      .max(POLL_LIMITS.optionsMax)
      .refine((o) => new Set(o).size === o.length, { message: 'validation.poll_options_distinct' }),
    /** Members may choose several options. */
    multiple: z.boolean().default(false),
    /** Nobody, through any endpoint, learns who voted for what. */
    anonymous: z.boolean().default(false),
    /** Deadline (ISO-8601 with offset, stored and sent back as UTC); must be in the future. */
    endsAt: z.iso.datetime({ offset: true }).optional(),
  })
  .meta({ id: 'CreatePollBody' });
export type CreatePollBody = z.input<typeof CreatePollBody>;

/** `POST /api/polls/:id/vote` body. */
export const VoteBody = z.object({ optionId: z.string().min(1).max(64) });
/** Path parameter `:id` of a poll. */
export const PollIdParams = z.object({ id: z.string().min(1).max(64) });

/** One option with its count; `voterIds` only when the poll is not anonymous. */
export const PollOption = z.object({
  id: z.string(),
  text: z.string(),
  /** Votes for this option. */
  votes: z.number().int(),
  /** Who chose it, in order of voting; null for anonymous polls. */
  voterIds: z.array(z.string()).nullable(),
});
export type PollOption = z.infer<typeof PollOption>;

/** A poll as every member sees it (no per-viewer field: it is what `poll:updated` carries). */
export const PollState = z
  .object({
    id: z.string(),
    roomId: z.string(),
    /** The timeline message (kind `poll`) that shows the card. */
    messageId: z.string(),
    creator: UserSummary.nullable(),
    question: z.string(),
    multiple: z.boolean(),
    anonymous: z.boolean(),
    endsAt: Timestamp.nullable(),
    /** When it closed (early, or at its deadline); null while open. */
    closedAt: Timestamp.nullable(),
    options: z.array(PollOption),
    /** Distinct members who voted. */
    totalVoters: z.number().int(),
    createdAt: Timestamp,
  })
  .meta({ id: 'PollState' });
export type PollState = z.infer<typeof PollState>;

/** A poll as the caller sees it: with the caller's own choices. */
export const Poll = PollState.extend({
  /** Option ids the caller chose. */
  myVotes: z.array(z.string()),
}).meta({ id: 'Poll' });
export type Poll = z.infer<typeof Poll>;

/** `GET /api/rooms/:id/polls`: newest first. */
export const PollsResponse = z.object({ polls: z.array(Poll) });
/** One poll. */
export const PollResponse = z.object({ poll: Poll });
