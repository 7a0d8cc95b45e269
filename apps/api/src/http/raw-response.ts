/** The part of express's response a handler with `@Res({ passthrough: true })` uses: headers only. */
export interface HeaderSink {
  setHeader(name: string, value: string): void;
}

/** The parts of express's response a handler with `@Res()` uses to send a body serialised beforehand. */
export interface RawResponse extends HeaderSink {
  send(body: Buffer): void;
}
