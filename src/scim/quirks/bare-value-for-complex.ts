/**
 * A bare value where a complex attribute with a `value` sub-attribute is expected stands for
 * `{value}`: Entra sends the enterprise `manager` as a bare user id (scim-ecosystem.md §2 row 7,
 * Microsoft's tutorial Example 5), and Microsoft's test collection adds group members as
 * `"value": "string id 1"` (§1.1 "Group PATCH"). Input (POST/PUT) wraps a bare string or number
 * (as text, the type of every `value` it can stand for); PATCH wraps any non-object element of a
 * complex multi-valued attribute and leaves the typing to input, which reads its result.
 */
export const isBareValue = (v: unknown): v is string | number => typeof v === 'string' || typeof v === 'number';

export const asValueObject = (v: unknown): { value: unknown } => ({ value: v });
