import OpenAI from 'openai';
import type { Completion, CompletionRequest, LlmProvider } from '../ports.js';

export interface OpenAiChatOptions {
  apiKey: string;
  /** Any OpenAI-compatible endpoint (Azure OpenAI, Mistral, vLLM, Ollama…); undefined = OpenAI. */
  baseURL?: string;
  model: string;
  /** Per request. The answer job must still finish well inside its own lock time. */
  timeoutMs: number;
  /**
   * SDK retries (on 429/5xx/timeouts). Kept low (LLM_MAX_RETRIES, default 1) because the
   * BullMQ answer job retries too and the two multiply; a failure falls back to extractive.
   */
  maxRetries: number;
}

/** Chat completions through the `openai` package. */
export class OpenAiChat implements LlmProvider {
  readonly model: string;
  private readonly client: OpenAI;

  constructor(options: OpenAiChatOptions) {
    this.model = options.model;
    this.client = new OpenAI({
      apiKey: options.apiKey,
      baseURL: options.baseURL,
      timeout: options.timeoutMs,
      maxRetries: options.maxRetries,
    });
  }

  async complete(request: CompletionRequest): Promise<Completion> {
    const response = await this.client.chat.completions.create({
      model: this.model,
      messages: request.messages,
      temperature: request.temperature ?? 0.2,
      max_tokens: request.maxTokens ?? 400,
      ...(request.json ? { response_format: { type: 'json_object' as const } } : {}),
    });
    const text = response.choices[0]?.message?.content ?? '';
    return { text, model: response.model || this.model };
  }
}
