const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Every resource id is a UUID: the checks answer "not found" for anything else without asking
 * the database (PostgreSQL would refuse the cast).
 */
export const isUuid = (id: string): boolean => UUID.test(id);
