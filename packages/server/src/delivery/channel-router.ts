import type { CodeChannel, CodeSender } from '../domain/ports.js';

/** The CodeSender the dispatch sees: each channel's message goes to that channel's provider. */
export function createChannelRouter(senders: Readonly<Record<CodeChannel, CodeSender>>): CodeSender {
  return {
    send: (message) => senders[message.channel].send(message),
  };
}
