/**
 * LDAP search filters from templates. Whatever a person types becomes an assertion value, escaped
 * as RFC 4515 says, so it can never add a filter component: a login of `*)(uid=*` searches for
 * that literal string and matches nobody.
 */

/** RFC 4515 §3: `*`, `(`, `)`, `\` and NUL as `\XX`; other characters (UTF-8 included) stay. */
export function escapeFilterValue(value: string): string {
  return value.replace(/[*()\\\0]/g, (c) => `\\${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

/** The template with every `{name}` replaced by its escaped value. */
export function fillFilter(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? escapeFilterValue(values[name]!) : whole));
}

/**
 * The user filter turned into one that lists everybody it could find: each `attr={login}` becomes
 * a presence test `attr=*`. The sync uses it to see who the directory holds.
 */
export function everyoneFilter(userFilter: string): string {
  return userFilter.replace(/=\{login\}/g, '=*');
}
