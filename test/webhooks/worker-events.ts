// What the test Workers' onEvent received, handed out (and cleared) at GET /__events.
let events: unknown[] = [];

/** Records one event. */
export const record = (event: unknown): void => {
  events.push(event);
};

/** The `/__events` answer, or undefined for any other path. */
export const eventsRoute = (path: string): Response | undefined => {
  if (path !== '/__events') return undefined;
  const seen = events;
  events = [];
  return Response.json(seen);
};
