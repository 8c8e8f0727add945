// Releasability of a new record. Release to a partner is a deliberate act: nothing is ticked
// unless the caller's organization states a default, which is then ticked and named as such
// (ui/releasability.ts draws the boxes).

// The boxes a new record starts with: the organization's default when it states one (a bare
// organization id in it is the API's "org:<id>" target), else none.
export function initialReleasability(orgDefault: readonly string[] | null | undefined): { checked: string[]; fromOrg: boolean } {
  const list = (orgDefault ?? []).map((r) => (/^[0-9a-f-]{36}$/i.test(r) ? `org:${r.toLowerCase()}` : r));
  return { checked: [...new Set(list)], fromOrg: list.length > 0 };
}
