/** A body and the headers that describe it: a `Response` or a `Request`. */
export interface BodyOf {
  body: ReadableStream<Uint8Array> | null;
  headers: Headers;
}

/**
 * The body as UTF-8 text, counted as it streams and never read past `max` bytes: once `Content-Length`
 * announces more, or more arrives, the stream is cancelled (which lets its connection go) and the result
 * is `undefined`. `signal` stops the read with its reason. Shared by the client's replies and the
 * callback handlers, so that nothing the network sends is buffered whole.
 */
export const readCapped = async (message: BodyOf, max: number, signal?: AbortSignal): Promise<string | undefined> => {
  const reader = message.body?.getReader();
  if (!reader) return '';
  const stop = (): undefined => void reader.cancel().catch(() => {});
  signal?.addEventListener('abort', stop, { once: true });
  try {
    if (+message.headers.get('content-length')! > max) return stop();
    let text = '';
    let size = 0;
    const decoder = new TextDecoder();
    for (;;) {
      const { done, value } = await reader.read();
      if (signal?.aborted) throw signal.reason;
      if (done) return text + decoder.decode();
      if ((size += value.byteLength) > max) return stop();
      text += decoder.decode(value, { stream: true });
    }
  } finally {
    signal?.removeEventListener('abort', stop);
  }
};
