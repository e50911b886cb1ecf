/**
 * The emoji picker's set, bundled in the app (nothing is fetched: air-gapped networks). Each entry has
 * English and Korean keywords for search. Rendering uses the system's emoji font.
 */
export interface EmojiEntry {
  char: string;
  keywords: string;
}

export interface EmojiCategory {
  id: 'frequent' | 'smileys' | 'gestures' | 'hearts' | 'work' | 'nature' | 'symbols';
  emoji: EmojiEntry[];
}

const e = (char: string, keywords: string): EmojiEntry => ({ char, keywords });

export { QUICK_REACTIONS } from './quickReactions.ts';

export const EMOJI_CATEGORIES: EmojiCategory[] = [
  {
    id: 'smileys',
    emoji: [
      e('😀', 'grin smile happy 웃음 기쁨'),
      e('😃', 'smile happy 웃음'),
      e('😄', 'laugh smile 웃음'),
      e('😁', 'beam grin 활짝'),
      e('😆', 'laugh 깔깔'),
      e('😅', 'sweat laugh 머쓱 식은땀'),
      e('😂', 'joy tears laugh 눈물 웃음 ㅋㅋ'),
      e('🤣', 'rofl laugh 폭소'),
      e('🙂', 'slight smile 미소'),
      e('😉', 'wink 윙크'),
      e('😊', 'blush smile 수줍 미소'),
      e('😇', 'angel innocent 천사'),
      e('🥰', 'love hearts 사랑'),
      e('😍', 'heart eyes love 반함'),
      e('🤩', 'star struck wow 감탄'),
      e('😘', 'kiss 뽀뽀'),
      e('😋', 'yum delicious 맛있'),
      e('😜', 'wink tongue 장난'),
      e('🤔', 'thinking hmm 생각 고민'),
      e('🤨', 'raised eyebrow 의심'),
      e('😐', 'neutral 무표정'),
      e('😑', 'expressionless 무덤덤'),
      e('🙄', 'eye roll 어이없음'),
      e('😏', 'smirk 씩'),
      e('😮', 'wow surprised open mouth 놀람 헉'),
      e('😯', 'hushed 놀람'),
      e('😲', 'astonished 깜짝'),
      e('😳', 'flushed 당황'),
      e('🥺', 'pleading 부탁 글썽'),
      e('😢', 'cry sad 슬픔 눈물'),
      e('😭', 'sob crying 엉엉'),
      e('😤', 'triumph huff 씩씩'),
      e('😠', 'angry 화남'),
      e('😡', 'rage angry 분노'),
      e('🤯', 'mind blown 충격'),
      e('😱', 'scream fear 비명'),
      e('😴', 'sleep tired 졸림 잠'),
      e('🤒', 'sick 아픔'),
      e('😷', 'mask sick 마스크'),
      e('🥳', 'party celebrate 축하 파티'),
      e('😎', 'cool sunglasses 멋짐'),
      e('🤓', 'nerd 공부'),
      e('🫡', 'salute 경례 충성'),
      e('🤗', 'hug 포옹'),
      e('🤭', 'giggle oops 킥킥'),
      e('🫠', 'melting 녹음'),
    ],
  },
  {
    id: 'gestures',
    emoji: [
      e('👍', 'thumbs up like ok yes 좋아요 최고'),
      e('👎', 'thumbs down no 싫어요'),
      e('👏', 'clap applause 박수'),
      e('🙌', 'raised hands hooray 만세'),
      e('🙏', 'pray thanks please 감사 부탁'),
      e('👌', 'ok 오케이'),
      e('✌️', 'victory peace 브이'),
      e('🤞', 'fingers crossed luck 행운'),
      e('👋', 'wave hello bye 안녕'),
      e('🤝', 'handshake deal 악수'),
      e('💪', 'muscle strong 힘 화이팅'),
      e('👀', 'eyes look see 확인 봄'),
      e('🫶', 'heart hands 하트'),
      e('✋', 'hand stop 손'),
      e('🙋', 'raising hand me 저요'),
      e('🙇', 'bow sorry 죄송 인사'),
      e('🤷', 'shrug 글쎄'),
      e('🤦', 'facepalm 아이고'),
      e('🏃', 'run hurry 급함'),
    ],
  },
  {
    id: 'hearts',
    emoji: [
      e('❤️', 'heart love red 사랑 하트'),
      e('🧡', 'orange heart 하트'),
      e('💛', 'yellow heart 하트'),
      e('💚', 'green heart 하트'),
      e('💙', 'blue heart 하트'),
      e('💜', 'purple heart 하트'),
      e('🖤', 'black heart 하트'),
      e('🤍', 'white heart 하트'),
      e('💯', 'hundred perfect 백점 완벽'),
      e('🔥', 'fire hot lit 불 대박'),
      e('✨', 'sparkles 반짝'),
      e('🎉', 'tada party celebrate 축하'),
      e('🎊', 'confetti 축하'),
      e('⭐', 'star 별'),
      e('🌟', 'glowing star 별'),
      e('💡', 'idea bulb 아이디어'),
    ],
  },
  {
    id: 'work',
    emoji: [
      e('✅', 'check done yes 완료 확인'),
      e('☑️', 'checkbox done 체크'),
      e('❌', 'cross no wrong 아니요 취소'),
      e('⚠️', 'warning 주의 경고'),
      e('❗', 'exclamation important 중요'),
      e('❓', 'question 질문'),
      e('📌', 'pin 고정 공지'),
      e('📎', 'paperclip attach 첨부'),
      e('📝', 'memo note 메모'),
      e('📅', 'calendar date 일정 날짜'),
      e('⏰', 'alarm clock time 시간 알람'),
      e('📊', 'chart stats 통계'),
      e('📈', 'chart up growth 상승'),
      e('💻', 'laptop computer 컴퓨터'),
      e('📞', 'phone call 전화'),
      e('📧', 'email mail 메일'),
      e('📢', 'announce loudspeaker 공지 알림'),
      e('🚀', 'rocket launch ship 출시'),
      e('🐛', 'bug 버그'),
      e('🔧', 'wrench fix 수리'),
      e('🔒', 'lock secure 보안'),
      e('☕', 'coffee break 커피'),
      e('🍚', 'rice meal lunch 밥 점심'),
      e('🍜', 'noodles lunch 국수 라면'),
      e('🍺', 'beer 맥주 회식'),
      e('🎂', 'cake birthday 생일 케이크'),
    ],
  },
  {
    id: 'nature',
    emoji: [
      e('☀️', 'sun sunny 해 맑음'),
      e('🌧️', 'rain 비'),
      e('❄️', 'snow cold 눈 추움'),
      e('🌈', 'rainbow 무지개'),
      e('🌸', 'cherry blossom 벚꽃'),
      e('🍀', 'clover luck 행운'),
      e('🐶', 'dog 강아지'),
      e('🐱', 'cat 고양이'),
      e('🐻', 'bear 곰'),
      e('🐰', 'rabbit 토끼'),
      e('🍎', 'apple 사과'),
      e('🍓', 'strawberry 딸기'),
      e('🍕', 'pizza 피자'),
      e('🍗', 'chicken 치킨'),
    ],
  },
  {
    id: 'symbols',
    emoji: [
      e('🆗', 'ok 오케이'),
      e('🆕', 'new 새로운'),
      e('🔴', 'red circle 빨강'),
      e('🟢', 'green circle 초록'),
      e('🟡', 'yellow circle 노랑'),
      e('⬆️', 'up 위'),
      e('⬇️', 'down 아래'),
      e('➡️', 'right next 다음'),
      e('🔁', 'repeat 반복'),
      e('➕', 'plus add 추가'),
      e('➖', 'minus 빼기'),
      e('🇰🇷', 'korea flag 태극기 한국'),
    ],
  },
];

/** Emoji whose keywords contain every word of the query (case-insensitive), in category order. */
export function searchEmoji(query: string): EmojiEntry[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return [];
  return EMOJI_CATEGORIES.flatMap((c) => c.emoji).filter((x) =>
    words.every((w) => x.keywords.toLowerCase().includes(w)),
  );
}
