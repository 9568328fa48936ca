import generatedMessages from '../generated/messages.json';

/** Every event name defined by TTS (config/messages.json `event:*`). */
export const definedEventNames: readonly string[] = generatedMessages.events;
export const definedEventNameSet: ReadonlySet<string> = new Set(definedEventNames);
