import { call, type APIPromise, type Client } from '../transport/client.js';
import type { Operation, Pagination } from '../transport/operation.js';

export type { Pagination };

/** The item type at a dotted path of a reply. */
export type ItemsAt<R, P extends string> = P extends ''
  ? ItemOf<R>
  : P extends `${infer K}.${infer Rest}`
    ? ItemsAt<NonNullable<R>[K & keyof NonNullable<R>], Rest>
    : ItemOf<NonNullable<R>[P & keyof NonNullable<R>]>;
/** The element type of an array type (`never` for anything else). */
export type ItemOf<T> = NonNullable<T> extends readonly (infer I)[] ? I : never;

/**
 * A call to a paged or pull-style list: `await` it for the first reply, or iterate it for every item of
 * every page (`for await (const s of jpush.listSchedules())`); `.pages()` iterates the replies.
 */
export interface PagePromise<R, I> extends APIPromise<R>, AsyncIterable<I> {
  /** Every reply, the first one included, fetching the next page as you go. */
  pages(): AsyncIterableIterator<R>;
}

const at = (v: any, path: string): any => (path ? path.split('.').reduce((o, k) => o?.[k], v) : v);

/**
 * Adds iteration to the first call's promise: page-numbered lists ask for the next page until the last
 * one (by total pages, total items, or an empty page); pull-style lists repeat the call until a reply is
 * empty; other lists are one page. The first reply is the one already requested, never fetched twice.
 */
export const paginate = <R, I>(
  first: APIPromise<R>,
  pg: Pagination,
  query: Record<string, unknown> | undefined,
  next: (query: Record<string, unknown> | undefined) => APIPromise<R>,
): PagePromise<R, I> => {
  const p = first as PagePromise<R, I>;
  p.pages = async function* () {
    let page = Number(query?.[pg.p ?? ''] ?? 1);
    let body = await first;
    for (;;) {
      yield body;
      const items = at(body, pg.i);
      if (!Array.isArray(items) || !items.length || !(pg.p || pg.u)) return;
      if (pg.p) {
        const size = pg.ps ? at(body, pg.ps) : undefined;
        const pagesTotal = pg.tp ? at(body, pg.tp) : pg.t ? Math.ceil(at(body, pg.t) / (size || items.length)) : undefined;
        if (typeof pagesTotal === 'number' && page >= pagesTotal) return;
        body = await next({ ...query, [pg.p]: ++page });
      } else body = await next(query);
    }
  };
  p[Symbol.asyncIterator] = async function* () {
    for await (const body of p.pages()) yield* (at(body, pg.i) ?? []) as I[];
  };
  return p;
};

/** A standalone function for a paged operation: like `operation()`, and the promise is also iterable. */
export const paged =
  (op: Operation): ((client: Client, options?: { query?: Record<string, unknown> }) => PagePromise<any, any>) =>
  (client: Client, options: { query?: Record<string, unknown> } = {}): PagePromise<any, any> =>
    paginate(call(client, op, options), op.pg!, options.query, (query) => call(client, op, { ...options, query }));
