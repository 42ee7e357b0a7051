// The `hyphen` package (CommonJS) ships no types; this is the part the print export uses.
declare module 'hyphen/de' {
  const hyphen: {
    hyphenateSync(text: string, options?: { hyphenChar?: string; minWordLength?: number; exceptions?: string[] }): string;
  };
  export default hyphen;
}
