/**
 * How a judge's list words a round's closing time: "closes …" while it is ahead, "closed …" once
 * it has passed ("closes 5 Dec" read two days after it was wrong, and hid that nothing can change).
 */
export function roundDeadlineKey(closesAt: string, now: Date): 'mine.closes' | 'mine.closed' {
  return new Date(closesAt).getTime() <= now.getTime() ? 'mine.closed' : 'mine.closes';
}
