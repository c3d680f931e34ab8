/**
 * Which caching strategy serves which kind of data, as configuration: a typed table with defaults,
 * and the parse of `GCS_CACHE_STRATEGIES` (`telemetryLatest=write-around,droneState=read-through`)
 * that may change only what is safe to change. See README.md in this folder.
 */

export const CACHE_STRATEGIES = [
  'cache-aside',
  'read-through',
  'write-through',
  'write-around',
  'write-behind',
] as const;
export type CacheStrategy = (typeof CACHE_STRATEGIES)[number];

interface DataTypeRule<S extends CacheStrategy> {
  default: S;
  allowed: readonly S[];
  /** Why only these are allowed, for the error message. */
  why: string;
}

/** The data types, their default strategy and what they may be switched to. */
export const STRATEGY_RULES = {
  telemetryHistory: {
    default: 'write-behind',
    allowed: ['write-behind'],
    why: 'telemetry is written behind in batches flushed every GCS_FLUSH_INTERVAL_MS and on close (DESIGN.md, Durability); writing each row through would not keep up with ingest',
  },
  telemetryLatest: {
    default: 'write-through',
    allowed: ['write-through', 'write-around'],
    why: 'the newest row is handed to the history first, then either copied to the cache or its cached entry dropped',
  },
  droneState: {
    default: 'cache-aside',
    allowed: ['cache-aside', 'read-through'],
    why: 'drone state is composed on read from telemetry and engagement stats',
  },
  leaderboard: {
    default: 'read-through',
    allowed: ['read-through'],
    why: 'a board missing from the cache must be rebuilt from the store before an engagement ranks on it, or ranks would be wrong',
  },
  engagementStats: {
    default: 'write-through',
    allowed: ['write-through'],
    why: 'engagement.record resolves only once the engagement is durable in the store, and the rank it returns comes from the cached board updated right after',
  },
  convoySummary: {
    default: 'write-through',
    allowed: ['write-through'],
    why: 'summaries are computed, published and cached together; nothing else is wired yet',
  },
} as const satisfies Record<string, DataTypeRule<CacheStrategy>>;

export type StrategyDataType = keyof typeof STRATEGY_RULES;
export const STRATEGY_DATA_TYPES = Object.keys(STRATEGY_RULES) as StrategyDataType[];

/** The strategy of each data type: only the ones its rule allows. */
export type CacheStrategies = {
  readonly [D in StrategyDataType]: (typeof STRATEGY_RULES)[D]['allowed'][number];
};

export const DEFAULT_CACHE_STRATEGIES: CacheStrategies = Object.freeze(
  Object.fromEntries(STRATEGY_DATA_TYPES.map((d) => [d, STRATEGY_RULES[d].default])),
) as CacheStrategies;

export type ParsedStrategies = { ok: true; value: CacheStrategies } | { ok: false; error: string };

const isDataType = (name: string): name is StrategyDataType => Object.hasOwn(STRATEGY_RULES, name);
const isStrategy = (name: string): name is CacheStrategy =>
  (CACHE_STRATEGIES as readonly string[]).includes(name);

/**
 * The strategy table for a `GCS_CACHE_STRATEGIES` value: the defaults with the listed overrides
 * (`dataType=strategy`, comma-separated). Unset or blank gives the defaults. Errors say what is
 * wrong with which entry; the caller prefixes the variable's name.
 */
export function parseCacheStrategies(value: string | undefined): ParsedStrategies {
  const table: Record<string, CacheStrategy> = { ...DEFAULT_CACHE_STRATEGIES };
  if (value === undefined || value.trim() === '')
    return { ok: true, value: DEFAULT_CACHE_STRATEGIES };
  const errors: string[] = [];
  const seen = new Set<string>();
  for (const raw of value.split(',')) {
    const entry = raw.trim();
    const match = /^([A-Za-z]+)\s*=\s*([a-z-]+)$/.exec(entry);
    if (!match) {
      errors.push(`"${entry}" is not dataType=strategy`);
      continue;
    }
    const [, dataType, strategy] = match as unknown as [string, string, string];
    if (!isDataType(dataType)) {
      errors.push(`unknown data type "${dataType}" (one of ${STRATEGY_DATA_TYPES.join(', ')})`);
      continue;
    }
    if (seen.has(dataType)) {
      errors.push(`${dataType} is set twice`);
      continue;
    }
    seen.add(dataType);
    if (!isStrategy(strategy)) {
      errors.push(`unknown strategy "${strategy}" (one of ${CACHE_STRATEGIES.join(', ')})`);
      continue;
    }
    const rule: DataTypeRule<CacheStrategy> = STRATEGY_RULES[dataType];
    if (!rule.allowed.includes(strategy)) {
      errors.push(
        rule.allowed.length === 1
          ? `${dataType} must stay ${rule.default}: ${rule.why}`
          : `${dataType} may be ${rule.allowed.join(' or ')}, not ${strategy}: ${rule.why}`,
      );
      continue;
    }
    table[dataType] = strategy;
  }
  if (errors.length > 0) return { ok: false, error: errors.join('; ') };
  return { ok: true, value: Object.freeze(table) as CacheStrategies };
}
