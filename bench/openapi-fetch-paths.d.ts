// The one path the openapi-fetch peer calls, typed the way openapi-typescript writes a `paths` interface
// (openapi-fetch carries all endpoint knowledge in types like these; nothing here reaches the bundle).
export interface paths {
  '/v3/push': {
    parameters: { query?: never; header?: never; path?: never; cookie?: never };
    post: {
      parameters: { query?: never; header?: never; path?: never; cookie?: never };
      requestBody: {
        content: {
          'application/json': {
            platform: 'all' | ('android' | 'ios' | 'quickapp' | 'hmos')[];
            audience: 'all' | Record<string, string[]>;
            notification?: { alert?: string };
            cid?: string;
          };
        };
      };
      responses: {
        200: { headers: { [name: string]: unknown }; content: { 'application/json': { sendno: string; msg_id: string } } };
      };
    };
  };
}
