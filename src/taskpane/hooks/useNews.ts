import { useState } from 'react';
import { noticeNow, type GivenNotice } from '../lib/news';

/** `text` while it is news (lib/news.ts): null once `moment` changed after it was given. */
export function useNews(text: string | null, moment: string): string | null {
  const [given, setGiven] = useState<GivenNotice>({ text, moment, gone: false });
  const now = noticeNow(given, text, moment);
  // Kept in the same render (React renders again at once), so the notice never shows a render too long.
  if (now !== given) setGiven(now);
  return now.gone ? null : now.text;
}
