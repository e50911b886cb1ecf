/**
 * The search benchmark's world, generated from a seed (never downloaded): USERS people in ROOMS group rooms
 * of 3-60 members, and messages spread over a year, busier in bigger rooms. Bodies come from the shared chat
 * corpus plus compounds Korean offices write without spaces ("주간회의록", "분기보고서"), project codes and a
 * wider English vocabulary, so terms range from very common to rare. Some messages mention a member, some
 * carry a file whose name is searchable.
 */
import { messageBody, rng } from './corpus.ts';

const PREFIXES = ['주간', '월간', '분기', '연간', '신규', '긴급', '정기', '하반기', '상반기', '내부'];
const NOUNS = [
  '회의록',
  '보고서',
  '예산안',
  '일정표',
  '계획서',
  '점검표',
  '회고',
  '발표자료',
  '교육',
  '감사',
];
const EN_WORDS = [
  'roadmap',
  'invoice',
  'migration',
  'latency',
  'kubernetes',
  'onboarding',
  'retrospective',
  'budget',
  'firmware',
  'compliance',
  'dashboard',
  'quarterly',
  'vendor',
  'contract',
  'benchmark',
  'incident',
];
const FILE_EXT = ['xlsx', 'pdf', 'docx', 'pptx', 'png', 'jpg', 'zip', 'hwp'];

/** Korean compounds of the corpus ("주간회의록"...): 100 of them, each a few hundred times in a million. */
export const COMPOUNDS = PREFIXES.flatMap((p) => NOUNS.map((n) => p + n));
export { EN_WORDS };

/** A seeded message before it is written. */
export interface GenMessage {
  roomIndex: number;
  /** Sender's index into the users. */
  sender: number;
  body: string;
  createdAt: number;
  /** Mentioned user's index, if any. */
  mention?: number;
  file?: { name: string; kind: 'image' | 'file' };
}

/** The generated rooms: member indexes per room (the first is the owner). */
export function generateRooms(users: number, rooms: number, seed = 11): number[][] {
  const r = rng(seed);
  const out: number[][] = [];
  for (let i = 0; i < rooms; i++) {
    const size = 3 + Math.floor(r() * r() * 58);
    const members = new Set<number>();
    while (members.size < Math.min(size, users)) members.add(Math.floor(r() * users));
    out.push([...members]);
  }
  return out;
}

/** Yields `count` messages in time order over the last 365 days. */
export function* generateMessages(
  count: number,
  rooms: number[][],
  usernames: (i: number) => string,
  seed = 7,
): Generator<GenMessage> {
  const r = rng(seed);
  // Busier rooms are the bigger ones: pick a room with probability proportional to its size.
  const cumulative: number[] = [];
  let total = 0;
  for (const m of rooms) cumulative.push((total += m.length));
  const end = Date.now() - 60_000;
  const stepMs = (365 * 86_400_000) / count;
  for (let i = 0; i < count; i++) {
    const x = r() * total;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! > x) hi = mid;
      else lo = mid + 1;
    }
    const members = rooms[lo]!;
    const sender = members[Math.floor(r() * members.length)]!;
    let body = messageBody(r);
    const u = r();
    if (u < 0.25) body += ` ${COMPOUNDS[Math.floor(r() * COMPOUNDS.length)]} 확인 부탁드립니다`;
    else if (u < 0.4) body = `${EN_WORDS[Math.floor(r() * EN_WORDS.length)]} ${body}`;
    else if (u < 0.45) body += ` PRJ-${1000 + Math.floor(r() * 9000)}`;
    const msg: GenMessage = { roomIndex: lo, sender, body, createdAt: end - (count - i) * stepMs };
    if (r() < 0.02) {
      const target = members[Math.floor(r() * members.length)]!;
      if (target !== sender) {
        msg.mention = target;
        msg.body = `@${usernames(target)} ${msg.body}`;
      }
    }
    if (r() < 0.03) {
      const ext = FILE_EXT[Math.floor(r() * FILE_EXT.length)]!;
      const stem = COMPOUNDS[Math.floor(r() * COMPOUNDS.length)]!;
      msg.file = {
        name: `${2024 + Math.floor(r() * 2)}_${stem}_v${1 + Math.floor(r() * 5)}.${ext}`,
        kind: ext === 'png' || ext === 'jpg' ? 'image' : 'file',
      };
    }
    yield msg;
  }
}
