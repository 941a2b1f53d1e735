/** The repeated address column blocks (`address1_*`, `address2_*`) of account, contact and lead. */
export const ADDRESS_FIELDS = ['line1', 'line2', 'city', 'stateorprovince', 'postalcode', 'country'] as const;
export const ADDRESS_SLOTS = [1, 2] as const;

export type AddressField = (typeof ADDRESS_FIELDS)[number];
export type AddressColumn = `address${(typeof ADDRESS_SLOTS)[number]}_${AddressField}`;

export const ADDRESS_COLUMNS: readonly AddressColumn[] = ADDRESS_SLOTS.flatMap((slot) =>
  ADDRESS_FIELDS.map((field) => `address${slot}_${field}` as AddressColumn),
);

export type AddressRow = { [Column in AddressColumn]?: string | null };
