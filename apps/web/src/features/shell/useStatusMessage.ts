import { useChatState, useChatStore } from '../chat/store/ChatContext.tsx';

/** The signed-in user's own status message and the command that changes it (PRES-1). */
export function useStatusMessage() {
  const state = useChatState();
  const store = useChatStore();
  return {
    statusMessage: state.presence[state.meId]?.statusMessage ?? '',
    save: (text: string) => store.setStatusMessage(text),
  };
}
