// The 8+7 timer of a live pitch, computed from the server's clock: pure, so it is tested alone.

export type TimerPhase = {
  phase: 'idle' | 'pitch' | 'questions' | 'over';
  remaining: number;
  elapsed: number;
};

/**
 * Where the 8+7 timer stands: `startedAt` and `serverNow` come from the server, `clientNow` and
 * `receivedAt` from this device, so a tablet whose clock is off still counts the same seconds.
 */
export function timerPhase({
  startedAt,
  serverNow,
  receivedAt,
  clientNow,
  pitchSeconds,
  questionSeconds,
}: {
  startedAt: string | null;
  serverNow: string;
  receivedAt: number;
  clientNow: number;
  pitchSeconds: number;
  questionSeconds: number;
}): TimerPhase {
  if (!startedAt) return { phase: 'idle', remaining: pitchSeconds, elapsed: 0 };
  const now = Date.parse(serverNow) + (clientNow - receivedAt);
  const elapsed = Math.max(0, Math.floor((now - Date.parse(startedAt)) / 1000));
  if (elapsed < pitchSeconds) return { phase: 'pitch', remaining: pitchSeconds - elapsed, elapsed };
  if (elapsed < pitchSeconds + questionSeconds)
    return { phase: 'questions', remaining: pitchSeconds + questionSeconds - elapsed, elapsed };
  return { phase: 'over', remaining: 0, elapsed };
}

export const mmss = (seconds: number) =>
  `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
