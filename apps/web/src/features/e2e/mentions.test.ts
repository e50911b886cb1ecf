import { describe, expect, it } from 'vitest';
import { mentionedUserIds } from './mentions.ts';

const members = [
  { user: { id: 'u_me', username: 'me' } },
  { user: { id: 'u_kim', username: 'Kim' } },
  { user: { id: 'u_lee', username: 'lee' } },
];

describe('mentions of an encrypted message', () => {
  it('are the members named with @username (any case), never me, and nobody outside the room', () => {
    expect(mentionedUserIds('hi @kim and @me and @park', members, 'u_me')).toEqual(['u_kim']);
    expect(mentionedUserIds('mail kim@lee.com', members, 'u_me')).toEqual([]);
  });

  it('@all mentions every member but me', () => {
    expect(mentionedUserIds('@all look', members, 'u_me')).toEqual(['u_kim', 'u_lee']);
  });
});
