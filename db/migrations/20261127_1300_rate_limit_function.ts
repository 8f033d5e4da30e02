// Frozen. Taking a rate-limit hit (src/lib/ratelimit/ratelimit.ts) was a
// transaction of its own: BEGIN, an advisory lock per bucket, a query per rule,
// the insert, COMMIT — seven or eight round trips before every comment, wish
// and offer, each one costing the app's single thread time to send and parse.
// The same steps as one PL/pgSQL function: one statement, one round trip, and
// the locks still held until the hits are written (the statement's own
// transaction, or the caller's).
import { sql, type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create function take_rate_limit_hits(
      p_buckets text[], p_rule_bucket int[], p_limits int[], p_window_seconds int[], p_now timestamptz
    )
    returns table (wait_seconds double precision, hit_ids bigint[])
    language plpgsql volatile as $$
    declare
      v_bucket text;
      v_rule int;
      v_limitth timestamptz;
      v_wait double precision := 0;
    begin
      -- In the caller's order (sorted), so two takers of the same buckets never deadlock.
      foreach v_bucket in array p_buckets loop
        perform pg_advisory_xact_lock(hashtextextended(v_bucket, 0));
      end loop;
      for v_rule in 1 .. coalesce(array_length(p_limits, 1), 0) loop
        -- The limit-th newest hit in the window, if any: the bucket is full until it leaves.
        select h.hit_at into v_limitth from rate_limit_hits h
        where h.bucket = p_buckets[p_rule_bucket[v_rule]]
          and h.hit_at > p_now - make_interval(secs => p_window_seconds[v_rule])
        order by h.hit_at desc offset p_limits[v_rule] - 1 limit 1;
        if found then
          v_wait := greatest(v_wait,
            extract(epoch from (v_limitth + make_interval(secs => p_window_seconds[v_rule]) - p_now))::double precision);
        end if;
      end loop;
      if v_wait > 0 then
        return query select v_wait, null::bigint[];
        return;
      end if;
      return query
        with inserted as (
          insert into rate_limit_hits (bucket, hit_at) select b, p_now from unnest(p_buckets) as b returning id
        )
        select 0::double precision, array_agg(inserted.id order by inserted.id) from inserted;
    end
    $$`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop function take_rate_limit_hits(text[], int[], int[], int[], timestamptz)`.execute(db);
}
