import { useEffect, useState } from 'react';
import { localToday, untilNextLocalMidnight } from '../lib/date-range';

const systemClock = () => new Date();
const LOOK_AGAIN_MS = 60_000;

/**
 * The accountant's calendar day (lib/date-range.ts: localToday), kept current while the pane stays open: looked at
 * again at the next local midnight, at least once a minute (a computer asleep at midnight, or a clock or time zone
 * changed, holds a timer back or moves midnight), and when the pane is shown or focused again. "Last month" and
 * Refresh both take it, so the range shown is the range billed.
 */
export function useToday(clock: () => Date = systemClock): number {
  const [today, setToday] = useState(() => localToday(clock()));
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const look = () => {
      const now = clock();
      setToday(localToday(now));
      clearTimeout(timer);
      timer = setTimeout(look, Math.min(untilNextLocalMidnight(now), LOOK_AGAIN_MS));
    };
    const lookIfShown = () => document.visibilityState === 'visible' && look();
    look();
    window.addEventListener('focus', look);
    document.addEventListener('visibilitychange', lookIfShown);
    return () => {
      clearTimeout(timer);
      window.removeEventListener('focus', look);
      document.removeEventListener('visibilitychange', lookIfShown);
    };
  }, [clock]);
  return today;
}
