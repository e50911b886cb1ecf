import { describe, expect, it } from 'vitest';
import { insertMention, matchMentions, mentionQuery } from './mentions.ts';

const members = [
  { username: 'kimcs', nickname: '김철수' },
  { username: 'leeyh', nickname: '이영희' },
  { username: 'kang', nickname: '강감찬' },
];

describe('mention autocomplete', () => {
  it('finds the @word right before the caret, not inside an email', () => {
    expect(mentionQuery('hi @ki', 6)).toEqual({ start: 3, query: 'ki' });
    expect(mentionQuery('@', 1)).toEqual({ start: 0, query: '' });
    expect(mentionQuery('mail a@kim', 10)).toBeNull();
    expect(mentionQuery('@kim done', 9)).toBeNull();
  });

  it('matches username prefixes first, then nicknames, and offers @all', () => {
    expect(matchMentions('k', members).map((m) => m.username)).toEqual(['kang', 'kimcs']);
    expect(matchMentions('이영', members).map((m) => m.username)).toEqual(['leeyh']);
    expect(matchMentions('al', members).map((m) => m.username)).toEqual(['all']);
    expect(matchMentions('', members)).toHaveLength(4);
  });

  it('replaces the typed query with the username and a space', () => {
    expect(insertMention('hi @ki there', 3, 6, 'kimcs')).toEqual({ text: 'hi @kimcs  there', caret: 10 });
  });
});
