import type { Filter } from '../filter.js';
import type { Group, User } from '../model.js';

/** Sort keys the store knows how to order by (always ending with the ID as a tie-breaker). */
export type SortKey = 'id' | 'userName' | 'displayName' | 'created' | 'lastModified' | 'externalId';

export interface ListQuery {
  readonly directoryId: string;
  readonly filter?: Filter;
}

export interface OffsetPage<T> {
  readonly items: T[];
  readonly total: number;
}

export interface UserRepository {
  /** Throws DomainError UserNameTaken / UserEmailTaken when a unique key collides. */
  insert(u: User, extra?: { passwordHash?: string | null }): Promise<void>;
  get(directoryId: string, id: string): Promise<User | undefined>;
  count(directoryId: string): Promise<number>;
  /** Offset paging (SCIM startIndex/count): filter, count and page run in the database. */
  listByOffset(
    q: ListQuery,
    page: { offset: number; limit: number; sortBy?: SortKey; descending?: boolean },
  ): Promise<OffsetPage<User>>;
}

export interface GroupRepository {
  insert(g: Group): Promise<void>;
  get(directoryId: string, id: string): Promise<Group | undefined>;
  count(directoryId: string): Promise<number>;
}
