import OpenAI, { toFile } from 'openai';
import type { Config } from '../config/index.js';

/**
 * Voice-note transcription through any OpenAI-compatible API, when TRANSCRIPTION_MODEL is set.
 * The audio goes to that provider only: it is not stored by MAIA.
 */
export function createTranscriber(config: Config): ((audio: Buffer, mime: string) => Promise<string>) | undefined {
  if (!config.TRANSCRIPTION_MODEL || !config.OPENAI_API_KEY) return undefined;
  const client = new OpenAI({ apiKey: config.OPENAI_API_KEY, baseURL: config.OPENAI_BASE_URL, timeout: 60_000, maxRetries: config.LLM_MAX_RETRIES });
  const model = config.TRANSCRIPTION_MODEL;
  return async (audio, mime) => {
    const ext = mime.includes('ogg') ? 'ogg' : mime.includes('mpeg') ? 'mp3' : mime.includes('mp4') ? 'm4a' : 'bin';
    const result = await client.audio.transcriptions.create({ model, file: await toFile(audio, `voice.${ext}`, { type: mime }), language: 'fr' });
    return result.text;
  };
}
