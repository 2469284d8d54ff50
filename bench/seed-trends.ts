import pg from 'pg'

const NETWORKS = ['bluesky', 'x', 'mastodon', 'reddit', 'hn']
const LANGUAGES = ['en', 'en', 'en', 'en', 'de', 'fr', 'es', 'pt', 'und', 'en']
const TEXTS = [
  'My Kredo score dropped from 69 to 35 overnight while my followers grew. Fix this.',
  'Kredo rewrote my whole score history. Terrible. Who signed off on this?',
  'Recruiter asked about my Kredo score and it is 31 now. This hurts my job search.',
  'Kredo support answered within the hour, thanks, all good now.',
  'Looked at my Kredo report today, nothing new.',
]
const THEMES = 12
const CHUNK = 250_000

/** The `rollups_*` triggers of the database: the bench switches them off and on. */
export async function rollupTriggers(
  pool: pg.Pool,
): Promise<Array<{ table: string; name: string }>> {
  const { rows } = await pool.query<{ table: string; name: string }>(
    `select tgrelid::regclass::text as table, tgname as name from pg_trigger
     where tgname like 'rollups\\_%' and not tgisinternal`,
  )
  return rows
}

export async function setRollupTriggers(pool: pg.Pool, enabled: boolean): Promise<number> {
  const triggers = await rollupTriggers(pool)
  for (const t of triggers) {
    await pool.query(`alter table ${t.table} ${enabled ? 'enable' : 'disable'} trigger "${t.name}"`)
  }
  return triggers.length
}

/**
 * Runs `load` with the secondary indexes of `tables` dropped, then builds them again from
 * their own definitions: one sort per index instead of ten million insertions into each.
 */
export async function withIndexesRebuilt(
  pool: pg.Pool,
  tables: string[],
  load: () => Promise<void>,
): Promise<void> {
  const { rows } = await pool.query<{ name: string; definition: string }>(
    `select i.indexname as name, i.indexdef as definition from pg_indexes i
     where i.schemaname = 'public' and i.tablename = any($1::text[])
       and not exists (select 1 from pg_constraint c where c.conname = i.indexname)`,
    [tables],
  )
  for (const index of rows) await pool.query(`drop index "${index.name}"`)
  try {
    await load()
  } finally {
    for (const index of rows) await pool.query(index.definition)
  }
}

/**
 * Stores `posts` analysed posts of one brand spread evenly over the `days` before now (one
 * author per ten posts, a tenth of the posts complaints in threads of their own, 60% of those
 * answered, some with an outcome, each in one of 12 themes), with SQL `generate_series` in
 * chunks, and a thousand promises. The shape of a brand's months under a backlash, without a
 * pipeline run of ten million posts.
 */
export async function seedTrendPosts(
  pool: pg.Pool,
  input: { brandId: string; posts: number; days: number; ownerId: string },
): Promise<void> {
  const authors = Math.max(1, Math.floor(input.posts / 10))
  const end = new Date()
  const spanMs = input.days * 86_400_000
  // Reach and the other "random" figures are hashes of the row number: the analyses can
  // repeat the author's reach without looking it up, and a run seeds what the last one did.
  const reachOf = (k: string) => `power(((${k})::bigint * 2654435761 % 1000003) / 1000003.0, 3)`
  await pool.query(
    `insert into authors (network, external_id, handle, display_name, followers, reach)
     select ($2::text[])[1 + g % 5], 'ta' || g, 'author' || g || '.example', 'Author ' || g,
            floor(power(10, 1 + (g::bigint * 40503 % 65521) / 65521.0 * 6))::bigint,
            ${reachOf('g')}::real
     from generate_series(0, $1::int - 1) g`,
    [authors, NETWORKS],
  )
  const { rows } = await pool.query<{ first: string }>(
    `select min(id) as first from authors where external_id like 'ta%'`,
  )
  const firstAuthor = Number(rows[0]!.first)
  const themes = await pool.query<{ id: string }>(
    `insert into themes (brand_id, name, phrases)
     select $1::uuid, 'theme ' || g, array['phrase ' || g]
     from generate_series(1, ${THEMES}) g returning id`,
    [input.brandId],
  )
  const themeIds = themes.rows.map((r) => r.id)

  for (let lo = 0; lo < input.posts; lo += CHUNK) {
    const hi = Math.min(input.posts, lo + CHUNK) - 1
    // Author k (0-based) writes the posts g with g * 7919 % authors = k, spread over the months;
    // the post's number comes back from its external id, so nothing is joined.
    await pool.query(
      `with ins as (
         insert into posts (brand_id, network, external_id, author_id, text, lang, posted_at,
                            likes, replies, shares, thread_key)
         select $7::uuid, ($8::text[])[1 + k % 5], 't' || g, $9::bigint + k,
                ($10::text[])[1 + case when g % 10 = 0 then g / 10 % 3 else 3 + g % 2 end],
                ($11::text[])[1 + g % 10],
                $4::timestamptz - (g::float8 / $5::int) * ($6::float8 * interval '1 millisecond')
                  - (g % 60) * interval '1 second',
                g % 300, g % 40, g % 25, 't' || g
         from (select g, (g::bigint * 7919) % $3::int as k
               from generate_series($1::int, $2::int) g) src
         returning id, brand_id, network, thread_key, posted_at, author_id, external_id),
       numbered as (
         select ins.*, substr(external_id, 2)::int as g, author_id - $9::bigint as k from ins),
       joined as (
         select n.*, g % 10 = 0 as complaint, (g::bigint * 48271 % 2147483647) / 2147483647.0 as r
         from numbered n),
       labelled as (
         select j.*, case when complaint or r < 0.3 then 'negative' when r < 0.7 then 'neutral'
                          else 'positive' end as label
         from joined j),
       an as (
         insert into analyses (post_id, version, sentiment, label, is_complaint, language,
                               explanation, author_reach)
         select id, 'firebreak-lr-1',
                case label when 'negative' then -0.6 when 'neutral' then 0 else 0.6 end,
                label, complaint, ($11::text[])[1 + g % 10], '{}'::jsonb, ${reachOf('k')}
         from labelled),
       th as (
         insert into post_themes (post_id, brand_id, theme_id, posted_at)
         select id, brand_id, ($12::uuid[])[1 + g / 10 % ${THEMES}], posted_at
         from labelled where complaint)
       insert into complaints (brand_id, network, thread_key, lead_post_id, state, priority,
         scoring_version, base_priority, waiting_rate, waiting_since, rank_key, complaint_count,
         post_count, first_seen_at, last_activity_at, first_response_at, resolved_at, outcome,
         outcome_before, outcome_after, outcome_at)
       select brand_id, network, thread_key, id,
              case when r < 0.6 then 'waiting' when r < 0.8 then 'new' when r < 0.95 then 'resolved'
                   else 'open' end,
              r * 100, 'priority-2', r * 100, 0, posted_at, r * 100, 1, 1, posted_at, posted_at,
              case when r < 0.6 or (r >= 0.8 and r < 0.95) then posted_at + r * interval '10 hours' end,
              case when r >= 0.8 and r < 0.95 then posted_at + interval '12 hours' end,
              case when r < 0.3 then (array['recovered', 'unchanged', 'worse'])[1 + g % 3] end,
              case when r < 0.3 then -0.6 end,
              case when r < 0.3 then (array[0.6, -0.5, -0.9])[1 + g % 3] end,
              case when r < 0.3 then posted_at + interval '1 day' end
       from labelled
       where complaint`,
      [
        lo,
        hi,
        authors,
        end.toISOString(),
        input.posts,
        spanMs,
        input.brandId,
        NETWORKS,
        firstAuthor,
        TEXTS,
        LANGUAGES,
        themeIds,
      ],
    )
  }
  await pool.query(
    `insert into promises (brand_id, complaint_id, author_id, what, owner_id, due_at, state,
                           resolved_at, resolution_note, created_at)
     select brand_id, id, author_id, 'fix the score', $2::uuid, first_seen_at + interval '2 days',
            state, case when state <> 'open' then first_seen_at + interval '1 day' end,
            case when state <> 'open' then 'done' end, first_seen_at
     from (select c.brand_id, c.id, p.author_id, c.first_seen_at,
                  (array['open', 'kept', 'broken'])[1 + (row_number() over ()) % 3] as state
           from complaints c join posts p on p.id = c.lead_post_id
           where c.brand_id = $1::uuid and c.first_response_at is not null
           limit 1000) c`,
    [input.brandId, input.ownerId],
  )
}

/**
 * Fills the rollups of a brand from its stored posts once, as the raw query the property
 * tests compare with reads them (minute rows in one pass with grouping sets, hours and days
 * from the minutes): what the triggers would have written, without paying them per row. The
 * response rollups (0025) are filled from its complaints by the migration's own backfill.
 */
export async function backfillRollups(pool: pg.Pool, brandId: string): Promise<void> {
  await pool.query(
    `insert into rollups (brand_id, grain, bucket, dimension, key, posts, complaints, positive,
                          neutral, negative, reach_sum, reach_negative)
     select $1::uuid, 'minute', m.bucket, d.dimension, d.key, count(*),
            count(*) filter (where m.is_complaint),
            count(*) filter (where m.label = 'positive'),
            count(*) filter (where m.label = 'neutral'),
            count(*) filter (where m.label = 'negative'),
            coalesce(sum(m.reach), 0), coalesce(sum(m.reach) filter (where m.label = 'negative'), 0)
     from (select date_trunc('minute', p.posted_at at time zone 'UTC') at time zone 'UTC' as bucket,
                  p.network, coalesce(a.language, 'und') as language, pt.theme_id::text as theme,
                  a.is_complaint, a.label, coalesce(a.author_reach, 0) as reach
           from posts p join analyses a on a.post_id = p.id
           left join post_themes pt on pt.post_id = p.id
           where p.brand_id = $1::uuid and p.deleted_at is null) m
     cross join lateral (values ('all', ''), ('network', m.network), ('language', m.language),
                                ('theme', m.theme)) d(dimension, key)
     where d.key is not null
     group by m.bucket, d.dimension, d.key`,
    [brandId],
  )
  for (const [grain, from] of [
    ['hour', 'minute'],
    ['day', 'hour'],
  ] as const) {
    await pool.query(
      `insert into rollups (brand_id, grain, bucket, dimension, key, posts, complaints, positive,
                            neutral, negative, reach_sum, reach_negative)
       select brand_id, $2, date_trunc($2, bucket at time zone 'UTC') at time zone 'UTC',
              dimension, key, sum(posts), sum(complaints), sum(positive), sum(neutral),
              sum(negative), sum(reach_sum), sum(reach_negative)
       from rollups where brand_id = $1::uuid and grain = $3
       group by brand_id, 3, dimension, key`,
      [brandId, grain, from],
    )
  }
  await pool.query('select response_rollups_backfill($1::uuid)', [brandId])
}
