/**
 * Stands in for `livekit-client` in the voice bundle. Dokani's voice calls connect through the
 * signed WebSocket URL its server gets for each call, which the ElevenLabs client never sends over
 * WebRTC; leaving LiveKit out keeps the on-demand bundle about a tenth of its size. Anything that
 * did reach for WebRTC fails loudly rather than silently.
 */
const unavailable = () => {
  throw new Error("WebRTC calls are not part of Dokani's voice bundle (calls connect over the signed WebSocket URL).");
};

export class Room {
  constructor() {
    unavailable();
  }
}
export const RoomEvent = {};
export const Track = { Source: {}, Kind: {} };
export const ConnectionState = {};
export const createLocalAudioTrack = unavailable;
