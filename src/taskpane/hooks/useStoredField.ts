import { useState } from 'react';

/**
 * A form field over a stored value (a setting of the Settings table): it holds what the user typed, and takes the
 * stored value again in the render in which that changes. An effect would take it a render later, and for that render
 * the form would differ from the table and offer to save the values it held before (the defaults, as the table is read).
 */
export function useStoredField(stored: string): [string, (value: string) => void] {
  const [field, setField] = useState({ stored, value: stored });
  const set = (value: string) => setField({ stored, value });
  if (field.stored !== stored) {
    setField({ stored, value: stored });
    return [stored, set];
  }
  return [field.value, set];
}
