/** The value cached under `key`, made and cached on first use: per-process caches of derived data. */
export function getOrCreate<K, V>(cache: Map<K, V>, key: K, make: () => V): V {
  let value = cache.get(key);
  if (value === undefined) {
    value = make();
    cache.set(key, value);
  }
  return value;
}
