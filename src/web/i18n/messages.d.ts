/** One language's message catalogue, built by the Vite config from the message files (see vite.config.ts). */
declare module 'virtual:tz-messages/*' {
  const messages: Record<string, string>;
  export default messages;
}
