import { createContext, useContext } from 'react';

/** Opens the search panel, within a room or (null) everywhere; provided by the shell. */
export const OpenSearchContext = createContext<(roomId: string | null) => void>(() => {});

/** The shell's "open search" command. */
export function useOpenSearch(): (roomId: string | null) => void {
  return useContext(OpenSearchContext);
}
