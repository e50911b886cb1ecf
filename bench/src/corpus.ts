/**
 * Realistic message bodies for a Korean company chat: mixed Korean and English, mostly short, a few long,
 * now and then a link or a code snippet. Deterministic from a seed, so runs are comparable. No `@mention`:
 * mentions add rows the benchmarks do not mean to measure.
 */

const KO = [
  '안녕하세요',
  '회의 자료 공유드립니다',
  '확인했습니다 감사합니다',
  '오늘 배포 일정 어떻게 되나요?',
  '점심 같이 드실 분',
  '잠시 후에 다시 연락드릴게요',
  '이 부분은 내일 오전까지 수정하겠습니다',
  '고객사에서 요청한 사항 정리해서 올렸어요',
  '네 알겠습니다',
  '서버 재시작 후 정상 동작 확인했습니다',
  '다음 주 월요일 오후 2시에 리뷰 진행할게요',
  '혹시 이 문서 최신 버전 있으신가요?',
  '수고하셨습니다!',
  '테스트 환경에서 재현이 안 되네요',
  '로그 한번 확인 부탁드립니다',
  '회의실 예약해 두었습니다',
];

const EN = [
  'LGTM',
  'PR is up for review',
  'the build is green again',
  'can you check the staging logs?',
  'deploy at 3pm',
  'thanks!',
  'I will take a look after lunch',
  'ticket updated with the steps to reproduce',
  'rollback done, investigating the root cause',
  'meeting notes are in the shared drive',
  'p99 went from 80 ms to 45 ms after the index change',
  'OK',
];

const EXTRAS = [
  'https://wiki.intranet.local/display/DEV/Release+Checklist',
  "`SELECT count(*) FROM orders WHERE status = 'pending'`",
  '👍',
  'ㅋㅋㅋ',
  '(첨부: 2024_Q3_보고서_final_v2.xlsx)',
];

/** A small fast PRNG (mulberry32): deterministic bodies without Math.random's state. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(r: () => number, list: T[]): T => list[Math.floor(r() * list.length)]!;

/** One message body: 1-3 phrases (70%), 4-8 (25%) or a 15-30 phrase paragraph (5%), Korean-leaning. */
export function messageBody(r: () => number): string {
  const u = r();
  const phrases =
    u < 0.7 ? 1 + Math.floor(r() * 3) : u < 0.95 ? 4 + Math.floor(r() * 5) : 15 + Math.floor(r() * 16);
  const parts: string[] = [];
  for (let i = 0; i < phrases; i++) {
    const v = r();
    parts.push(v < 0.6 ? pick(r, KO) : v < 0.93 ? pick(r, EN) : pick(r, EXTRAS));
  }
  return parts.join(phrases > 3 && r() < 0.5 ? '\n' : ' ');
}
