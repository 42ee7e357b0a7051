import { describe, expect, it } from 'vitest';
import { DEFAULT_USER_FILTER } from './options.ts';
import { escapeFilterValue, everyoneFilter, fillFilter } from './ldap-filter.ts';

describe('LDAP filters', () => {
  it('escapes the characters that could end or add a filter component (RFC 4515)', () => {
    expect(escapeFilterValue('*)(uid=*')).toBe('\\2a\\29\\28uid=\\2a');
    expect(escapeFilterValue('a\\b\0c')).toBe('a\\5cb\\00c');
    expect(escapeFilterValue('jürgen.müller')).toBe('jürgen.müller');
  });

  it('puts the typed login into every slot of the template, escaped', () => {
    expect(fillFilter('(|(uid={login})(mail={login}))', { login: 'x)(|(uid=*' })).toBe('(|(uid=x\\29\\28|\\28uid=\\2a)(mail=x\\29\\28|\\28uid=\\2a))');
  });

  it('lists everyone by turning the login slots into presence tests', () => {
    expect(everyoneFilter(DEFAULT_USER_FILTER)).toBe('(&(|(objectClass=inetOrgPerson)(&(objectClass=user)(objectCategory=person)))(|(uid=*)(mail=*)(sAMAccountName=*)))');
  });
});
